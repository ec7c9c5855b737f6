"""Puts table `daily` from a step: the version records the task, the run lists it among the tables it wrote."""
import pandas as pd

from braid import FlowSpec, Table, current, step


class TablesWriter(FlowSpec):
    @step
    def start(self):
        answer = Table("daily").put(pd.DataFrame({"day": ["mon", "tue"], "amount": [1.5, 2.5]}))
        self.version = answer.version
        self.task = current.pathspec
        self.next(self.end)

    @step
    def end(self):
        pass


if __name__ == "__main__":
    TablesWriter()
