from braid import FlowSpec, step


class NestedForeachFlow(FlowSpec):
    @step
    def start(self):
        self.outer = ["x", "y"]
        self.next(self.per_outer, foreach="outer")

    @step
    def per_outer(self):
        self.inner = [1, 2, 3]
        self.next(self.per_inner, foreach="inner")

    @step
    def per_inner(self):
        self.label = f"{self.foreach_stack()[0][2]}{self.input}"
        self.next(self.join_inner)

    @step
    def join_inner(self, inputs):
        self.labels = [i.label for i in inputs]
        self.next(self.join_outer)

    @step
    def join_outer(self, inputs):
        self.all_labels = [i.labels for i in inputs]
        self.next(self.end)

    @step
    def end(self):
        pass


if __name__ == "__main__":
    NestedForeachFlow()
