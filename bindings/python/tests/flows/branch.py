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
        self.total = inputs.a.x + inputs.b.x
        self.merge_artifacts(inputs, exclude=["x"])
        self.next(self.end)

    @step
    def end(self):
        print(self.total, self.base)


BranchFlow()
