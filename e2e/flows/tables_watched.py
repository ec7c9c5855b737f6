"""Starts on each new version of table `sales`, whatever landed it (a watched Delta table, a marker, a file),
and reads that version through the client."""
from braid import FlowSpec, Table, current, step, trigger


@trigger(table="sales")
class WatchedSalesFlow(FlowSpec):
    @step
    def start(self):
        landed = current.trigger.table("sales")
        self.version = landed.version
        self.how = landed.how
        self.rows = landed.rows
        self.rows_read = Table("sales").read(as_="arrow").num_rows
        self.next(self.end)

    @step
    def end(self):
        pass


if __name__ == "__main__":
    WatchedSalesFlow()
