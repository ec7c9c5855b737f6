"""Python -> R -> Python: an R step copies every artifact; they must come back equal."""
from braid import FlowSpec, step, r_step


def make_frame():
    import pandas as pd

    return pd.DataFrame(
        {
            "i": pd.array([1, None, -3, 2 ** 40], dtype="Int64"),
            "i32": pd.array([1, None, 3, 4], dtype="Int32"),
            "n": pd.array([1, 2, 3, 4], dtype="int64"),
            "f": [1.5, float("nan"), -2.0, 1e300],
            "s": ["a", None, "\u00e9t\u00e9", ""],
            "b": [True, False, True, False],
            "nb": pd.array([True, None, False, True], dtype="boolean"),
            "cat": pd.Categorical(["lo", None, "hi", "lo"], categories=["lo", "hi", "unused"]),
            "ord": pd.Categorical(["s", "m", None, "l"], categories=["s", "m", "l"], ordered=True),
            "ts": pd.to_datetime(["2024-01-01 12:00", None, "1970-01-01", "2030-06-30 23:59:59.123456"],
                                 format="ISO8601").tz_localize("Europe/Paris"),
            "ns": pd.to_datetime(["2024-01-01 12:00", None, "1969-07-20 20:17:40.000001", "2030-06-30"],
                                 format="ISO8601").tz_localize("UTC").as_unit("ns"),
        },
        index=pd.Index(["r1", "r2", "r3", "r4"], name="row"),
    )


class PyRoundTripFlow(FlowSpec):
    @step
    def start(self):
        import numpy as np

        self.frame = make_frame()
        self.empty = make_frame().iloc[0:0]
        self.plain = make_frame().reset_index(drop=True)
        self.one_int = 7
        self.one_float = 2.5
        self.one_str = "\u00e9"
        self.one_bool = True
        self.floats = np.array([1.5, -2.5, 3.0])
        self.big = 2 ** 53 + 1
        self.next(self.copy)

    copy = r_step("py_roundtrip_copy.R", function="copy_all", next="check")

    @step
    def check(self):
        import numpy as np
        import pandas.testing as pdt

        pdt.assert_frame_equal(self.frame_copy, make_frame())
        pdt.assert_frame_equal(self.empty_copy, make_frame().iloc[0:0])
        pdt.assert_frame_equal(self.plain_copy, make_frame().reset_index(drop=True))
        assert self.r_saw == {"one_int": "numeric 1", "one_float": "numeric 1", "one_str": "character 1",
                              "one_bool": "logical 1", "floats": "numeric 3"}, self.r_saw
        assert (self.one_int_copy, self.one_float_copy, self.one_str_copy, self.one_bool_copy) == (7, 2.5, "\u00e9", True)
        assert isinstance(self.one_str_copy, str) and isinstance(self.one_bool_copy, bool)
        np.testing.assert_array_equal(self.floats_copy, self.floats)
        assert self.big_copy == float(2 ** 53)  # R holds it as a double: rounded, with a warning
        print("equal after Python -> R -> Python: frame, empty, plain, scalars, vector")
        self.next(self.end)

    @step
    def end(self):
        pass


if __name__ == "__main__":
    PyRoundTripFlow()
