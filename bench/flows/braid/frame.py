from braid import FlowSpec, Parameter, step


class FrameFlow(FlowSpec):
    """A pandas DataFrame of `rows` rows (int64, float64, string, bool) made in start, summed in the next step.

    Each side stamps the wall clock when start's body is done and again when
    the next step holds the frame: the difference is what moving the frame
    from one step to the next costs (storing it, scheduling, a new process,
    loading it).
    """

    rows = Parameter("rows", default=1_000_000, help="rows in the frame")
    salt = Parameter("salt", default=0, help="added to the float column, so that each run stores new bytes")

    @step
    def start(self):
        import time

        import numpy as np
        import pandas as pd

        i = np.arange(self.rows, dtype=np.int64)
        labels = np.array([f"item-{k}" for k in range(1000)], dtype=object)
        self.frame = pd.DataFrame({"i": i, "x": i / 2 + self.salt, "s": pd.array(labels[i % 1000], dtype="str"),
                                   "b": i % 2 == 0})
        self.made_at = time.time()
        self.next(self.total)

    @step
    def total(self):
        import time

        frame = self.frame
        self.loaded_at = time.time()
        self.sums = [int(frame["i"].sum()), float(frame["x"].sum()), int(frame["s"].str.len().sum()),
                     int(frame["b"].sum())]
        print("BENCH", {"made_at": self.made_at, "loaded_at": self.loaded_at, "rows": len(frame)})
        self.next(self.end)

    @step
    def end(self):
        assert self.sums[0] == self.rows * (self.rows - 1) // 2, self.sums


if __name__ == "__main__":
    FrameFlow()
