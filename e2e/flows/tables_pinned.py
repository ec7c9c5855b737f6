"""Reads table `sales` in every step: the run sees one version throughout, also after a new version lands
mid-run (put here, from its own step) and on resume. `end` fails while the file named by PINNED_FAIL exists."""
import os

import pandas as pd

from braid import FlowSpec, Table, current, step


class TablesPinned(FlowSpec):
    @step
    def start(self):
        self.first = Table("sales").read()["x"].tolist()
        self.put = Table("sales").put(pd.DataFrame({"x": [20, 21]})).version  # a newer version, written by this run
        self.next(self.again)

    @step
    def again(self):
        self.second = Table("sales").read()["x"].tolist()
        self.next(self.end)

    @step
    def end(self):
        if os.path.exists(os.environ.get("PINNED_FAIL", "/nonexistent")):
            raise RuntimeError("failing on purpose until the flag file is gone")
        self.third = Table("sales").read()["x"].tolist()
        self.task = current.pathspec


if __name__ == "__main__":
    TablesPinned()
