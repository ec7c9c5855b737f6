"""One run per `job` event, two at a time; each takes a moment, so that runs wait."""
import time

from braid import FlowSpec, current, step, trigger


@trigger(event="job", max_concurrent=2)
class OnceFlow(FlowSpec):
    @step
    def start(self):
        self.event_id = current.trigger.event.id
        time.sleep(0.2)
        self.next(self.end)

    @step
    def end(self):
        pass


if __name__ == "__main__":
    OnceFlow()
