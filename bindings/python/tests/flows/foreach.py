from braid import FlowSpec, step


class ForeachFlow(FlowSpec):
    @step
    def start(self):
        self.items = [3, 1, 2]
        self.next(
            self.square,
            foreach="items",
        )

    @step
    def square(self):
        self.value = self.input * self.input
        self.next(self.join)

    @step
    def join(self, inputs):
        self.values = [i.value for i in inputs]
        self.next(self.end)

    @step
    def end(self):
        pass


if __name__ == "__main__":
    ForeachFlow()
