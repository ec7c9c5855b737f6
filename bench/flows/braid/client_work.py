from braid import FlowSpec, Parameter, step


class ClientWorkFlow(FlowSpec):
    """start fans out over `width` items, each task stores y, join sums them: the client benchmark's run."""

    width = Parameter("width", default=4000, help="how many foreach tasks")

    @step
    def start(self):
        self.items = list(range(self.width))
        self.next(self.work, foreach="items")

    @step
    def work(self):
        self.y = self.input * 2
        self.next(self.join)

    @step
    def join(self, inputs):
        self.total = sum(i.y for i in inputs)
        self.next(self.end)

    @step
    def end(self):
        assert self.total == self.width * (self.width - 1), self.total


if __name__ == "__main__":
    ClientWorkFlow()
