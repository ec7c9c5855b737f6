from braid import FlowSpec, resources, step


class TooBigFlow(FlowSpec):
    @step
    def start(self):
        self.next(self.train)

    @resources(cpu=100000, memory=2_000_000_000)
    @step
    def train(self):
        self.next(self.end)

    @step
    def end(self):
        pass


if __name__ == "__main__":
    TooBigFlow()
