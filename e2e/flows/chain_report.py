"""The chain's last link: a Python flow started by the event an R step published."""
from braid import FlowSpec, Parameter, current, step, trigger


@trigger(event="model_ready")
class ChainReport(FlowSpec):
    rows = Parameter("rows", default=0)

    @step
    def start(self):
        event = current.trigger.event
        self.event_name = event.name
        self.event_source = event.payload["upstream"]
        self.event_id = event.id
        self.next(self.end)

    @step
    def end(self):
        pass


if __name__ == "__main__":
    ChainReport()
