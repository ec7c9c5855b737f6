from braid import FlowSpec, step


class BadTransitionsFlow(FlowSpec):
    @step
    def start(self):
        if self.input:
            self.next(self.a)
        self.next(self.b)

    @step
    def a(self):
        name = "items"
        self.next(self.b, foreach=name)

    @step
    def b(self):
        self.next(b_step, self.end, condition="x")

    @step
    def c(self, inputs, extra):
        self.next(self.end)
        print("after the transition")

    @step
    def next(self):
        self.next()

    @step
    def end(self):
        pass
