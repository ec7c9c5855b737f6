from braid import FlowSpec, step


class FrameFlow(FlowSpec):
    @step
    def start(self):
        import numpy as np
        import pandas as pd

        self.frame = pd.DataFrame(
            {
                "i": pd.array([1, None, 3], dtype="Int64"),
                "f": [1.5, float("nan"), None],
                "s": ["a", None, "ccc"],
                "b": [True, False, True],
                "cat": pd.Categorical(["lo", "hi", "lo"], categories=["lo", "hi"], ordered=True),
                "ts": pd.to_datetime(["2024-01-01 12:00", None, "1970-01-01 00:00"]).tz_localize("Europe/Paris"),
            },
            index=pd.Index(["r1", "r2", "r3"], name="row"),
        )
        self.vector = np.arange(5, dtype=np.int32)
        self.next(self.end)

    @step
    def end(self):
        self.rows = len(self.frame)
        self.dtypes = {k: str(v) for k, v in self.frame.dtypes.items()}
        print(self.frame)


if __name__ == "__main__":
    FrameFlow()
