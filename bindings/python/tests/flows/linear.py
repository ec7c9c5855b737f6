from braid import FlowSpec, step


class LinearFlow(FlowSpec):
    """A start, one step, an end."""

    @step
    def start(self):
        self.x = 1
        self.next(self.middle)

    @step
    def middle(self):
        self.x += 1
        self.next(self.end)

    @step
    def end(self):
        print("x is", self.x)


if __name__ == "__main__":
    LinearFlow()
