from braid import FlowSpec, Parameter, step


class ForeachFlow(FlowSpec):
    """start fans out over `width` items, each task squares its item, join sums them."""

    width = Parameter("width", default=100, help="how many foreach tasks")

    @step
    def start(self):
        self.items = list(range(self.width))
        self.next(self.work, foreach="items")

    @step
    def work(self):
        self.square = self.input * self.input
        self.next(self.join)

    @step
    def join(self, inputs):
        self.total = sum(i.square for i in inputs)
        self.next(self.end)

    @step
    def end(self):
        n = self.width
        assert self.total == (n - 1) * n * (2 * n - 1) // 6, self.total


if __name__ == "__main__":
    ForeachFlow()
