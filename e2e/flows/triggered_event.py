"""Starts on `sales_updated` (the payload fills Parameters by name) or on
`model_request` (Parameter alpha from the payload's alpha_field)."""
from braid import FlowSpec, Parameter, current, step, trigger


@trigger(event="sales_updated")
@trigger(event={"name": "model_request", "parameters": {"alpha": "alpha_field"}})
class TriggeredEventFlow(FlowSpec):
    alpha = Parameter("alpha", default=0.5, type=float, help="a rate")
    label = Parameter("label", default="none", help="a label")

    @step
    def start(self):
        trigger = current.trigger
        self.trigger_type = trigger.type if trigger else None
        self.event_name = trigger.event.name if trigger else None
        self.event_id = trigger.event.id if trigger else None
        self.event_timestamp = trigger.event.timestamp if trigger else None
        self.event_payload = trigger.event.payload if trigger else None
        self.alpha_seen = self.alpha
        self.label_seen = self.label
        print("code version 1: alpha", self.alpha)
        self.next(self.end)

    @step
    def end(self):
        pass


if __name__ == "__main__":
    TriggeredEventFlow()
