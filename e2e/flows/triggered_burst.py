"""As little as a flow can be: the burst test measures the service, not the steps."""
from braid import FlowSpec, step, trigger


@trigger(event="burst", max_concurrent=4)
class BurstFlow(FlowSpec):
    @step
    def start(self):
        self.next(self.end)

    @step
    def end(self):
        pass


if __name__ == "__main__":
    BurstFlow()
