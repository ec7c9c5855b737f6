"""The landing bench's triggered flow: two trivial steps, started by a new version of any of the three
watched tables (bench/table_landing.py)."""
from braid import FlowSpec, current, step, trigger


@trigger(table="landing_delta")
@trigger(table="landing_marker")
@trigger(table="landing_file")
class LandingFlow(FlowSpec):
    @step
    def start(self):
        self.seen = current.trigger.events[0].name
        self.next(self.end)

    @step
    def end(self):
        pass


if __name__ == "__main__":
    LandingFlow()
