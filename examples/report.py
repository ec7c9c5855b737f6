"""A report that runs by itself: when sales data lands (an event), after every
successful PricingFlow run, and every day at 06:00 Helsinki time.

    python examples/report.py deploy          # its triggers start runs of this code from now on
    braid daemon &                            # the trigger service
    braid event publish sales_updated day=2026-12-07
    python examples/report.py run --trigger-event sales_updated --payload '{"day": "2026-12-07"}'   # try it now
"""
from braid import FlowSpec, Parameter, current, schedule, step, trigger, trigger_on_finish


@trigger(event="sales_updated")
@trigger_on_finish(flow="PricingFlow")
@schedule(cron="0 6 * * *", timezone="Europe/Helsinki")
class ReportFlow(FlowSpec):
    day = Parameter("day", default="today", help="the sales day to report on (an event's payload fills it)")

    @step
    def start(self):
        trigger = current.trigger
        if trigger is None:
            self.cause = "started by hand"
        elif trigger.run is not None:
            self.cause = f"{trigger.run.pathspec} succeeded with best rate {trigger.run.data.best_rate}"
        else:
            self.cause = f"{trigger.type} {trigger.event.name} #{trigger.event.id} {trigger.event.payload}"
        print(f"report for {self.day}: {self.cause}")
        self.next(self.end)

    @step
    def end(self):
        pass


if __name__ == "__main__":
    ReportFlow()
