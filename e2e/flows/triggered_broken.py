from braid import FlowSpec, step, trigger


@trigger(event="sales_updated")
class TriggeredBrokenFlow(FlowSpec):
    @step
    def start(self):
        self.next(self.nowhere)

    @step
    def orphan(self):
        self.next(self.end)

    @step
    def end(self):
        pass


if __name__ == "__main__":
    TriggeredBrokenFlow()
