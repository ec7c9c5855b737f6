"""Starts once both `prices_ready` and `stock_ready` have arrived."""
from braid import FlowSpec, current, step, trigger


@trigger(events=["prices_ready", "stock_ready"])
class TriggeredAndFlow(FlowSpec):
    @step
    def start(self):
        self.seen = [[event.name, event.id, event.payload] for event in current.trigger.events]
        self.next(self.end)

    @step
    def end(self):
        pass


if __name__ == "__main__":
    TriggeredAndFlow()
