from braid import FlowSpec, step, r_step


class MixedFlow(FlowSpec):
    @step
    def start(self):
        import pandas as pd

        self.sales = pd.DataFrame({"price": [1.5, 2.5, None, 4.0], "units": pd.array([3, 0, 5, None], dtype="Int32"),
                                   "shop": pd.Categorical(["a", "b", "a", "b"])})
        self.next(self.clean)

    clean = r_step("mixed_clean.R", function="clean_sales", next="report")

    @step
    def report(self):
        self.rows = len(self.cleaned)
        self.revenue = float((self.cleaned["price"] * self.cleaned["units"]).sum())
        self.shops = [str(s) for s in self.cleaned["shop"]]
        self.next(self.end)

    @step
    def end(self):
        print("rows", self.rows, "revenue", self.revenue)


if __name__ == "__main__":
    MixedFlow()
