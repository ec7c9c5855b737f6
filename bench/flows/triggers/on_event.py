"""The bench's triggered flow: two trivial steps, started by the event `bench_tick`."""
from braid import FlowSpec, Parameter, step, trigger


@trigger(event="bench_tick", max_concurrent=4)
class TickFlow(FlowSpec):
    n = Parameter("n", default=0)

    @step
    def start(self):
        self.seen = self.n
        self.next(self.end)

    @step
    def end(self):
        pass


if __name__ == "__main__":
    TickFlow()
