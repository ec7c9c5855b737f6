from braid import FlowSpec, step


class BranchFlow(FlowSpec):
    @step
    def start(self):
        self.base = 10
        self.next(self.a, self.b)

    @step
    def a(self):
        self.x = self.base + 1
        self.next(self.join)

    @step
    def b(self):
        self.x = self.base + 2
        self.next(self.join)

    @step
    def join(self, inputs):
        self.by_name = inputs.a.x * 100 + inputs.b.x
        self.xs = [i.x for i in inputs]
        self.merge_artifacts(inputs, exclude=["x"])
        self.next(self.end)

    @step
    def end(self):
        print("joined", self.by_name, self.xs, self.base)


BranchFlow()
