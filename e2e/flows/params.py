from braid import FlowSpec, JSONType, Parameter, step


class ParamsFlow(FlowSpec):
    rows = Parameter("rows", default=10, help="rows to make")
    rate = Parameter("rate", default=0.5, type=float, help="a rate")
    label = Parameter("label", default="x", help="a label")
    flag = Parameter("flag", default=False, type=bool, help="a switch")
    config = Parameter("config", default='{"k": [1, 2]}', type=JSONType, help="JSON settings")

    @step
    def start(self):
        self.summary = [self.rows, self.rate, self.label, self.flag, self.config]
        self.next(self.end)

    @step
    def end(self):
        print("summary", self.summary)


if __name__ == "__main__":
    ParamsFlow()
