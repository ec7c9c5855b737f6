from metaflow import FlowSpec, Parameter, step


class LinearFlow(FlowSpec):
    """start, a, b, c, end: five tasks that each set one small artifact."""

    @step
    def start(self):
        self.x = 1
        self.next(self.a)

    @step
    def a(self):
        self.x += 1
        self.next(self.b)

    @step
    def b(self):
        self.x += 1
        self.next(self.c)

    @step
    def c(self):
        self.x += 1
        self.next(self.end)

    @step
    def end(self):
        assert self.x == 4, self.x


if __name__ == "__main__":
    LinearFlow()
