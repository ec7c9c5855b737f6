from braid import FlowSpec, Parameter, step


class ClientWorkFlow(FlowSpec):
    """A foreach over non-monotonic items; each task stores y, the join sums them: what the client tests read."""

    width = Parameter("width", default=24, help="how many foreach tasks")

    @step
    def start(self):
        self.items = [(i * 7) % self.width for i in range(self.width)]
        self.next(self.work, foreach="items")

    @step
    def work(self):
        self.y = self.input * 2
        self.next(self.join)

    @step
    def join(self, inputs):
        self.total = sum(i.y for i in inputs)
        self.next(self.end)

    @step
    def end(self):
        print("total", self.total)


if __name__ == "__main__":
    ClientWorkFlow()
