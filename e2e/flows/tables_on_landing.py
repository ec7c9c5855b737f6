"""Starts when a new version of table `landed` lands; reads it as the trigger says."""
import math

from braid import FlowSpec, Table, current, step, trigger


@trigger(table="landed")
class TablesOnLanding(FlowSpec):
    @step
    def start(self):
        landed = current.trigger.table("landed")
        self.trigger_version = landed.version
        self.trigger_rows = landed.rows
        self.trigger_how = landed.how
        frame = Table("landed").read()
        self.cities = [None if isinstance(c, float) and math.isnan(c) else c for c in frame["city"].astype(object)]
        self.categories = list(frame["city"].cat.categories)
        self.amount_na = [str(a) for a in frame["amount"]]
        self.next(self.end)

    @step
    def end(self):
        pass


if __name__ == "__main__":
    TablesOnLanding()
