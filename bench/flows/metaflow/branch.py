from metaflow import FlowSpec, Parameter, step


class BranchFlow(FlowSpec):
    """start, (a, b), join, end."""

    @step
    def start(self):
        self.x = 1
        self.next(self.a, self.b)

    @step
    def a(self):
        self.y = self.x + 1
        self.next(self.join)

    @step
    def b(self):
        self.y = self.x + 2
        self.next(self.join)

    @step
    def join(self, inputs):
        self.total = sum(i.y for i in inputs)
        self.next(self.end)

    @step
    def end(self):
        assert self.total == 5, self.total


if __name__ == "__main__":
    BranchFlow()
