from braid import FlowSpec, JSONType, Parameter, step


class ParameterFlow(FlowSpec):
    rows = Parameter("rows", default=10, help="rows to make")
    rate = Parameter("rate", default=0.5, type=float, help="a rate")
    label = Parameter("label", help="a label")
    flag = Parameter("flag", default=False, help="a switch")
    config = Parameter(
        "config",
        default='{"k": [1, 2]}',
        type=JSONType,
        help="JSON settings (100% optional)",
    )
    seed = Parameter("random_seed", type=int, required=True)

    @step
    def start(self):
        self.summary = [self.rows, self.rate, self.label, self.flag, self.config, self.seed]
        self.next(self.end)

    @step
    def end(self):
        pass


if __name__ == "__main__":
    ParameterFlow()
