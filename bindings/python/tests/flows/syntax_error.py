from braid import FlowSpec, step


class SyntaxErrorFlow(FlowSpec):
    @step
    def start(self):
        self.x = (1 +
        self.next(self.end)
