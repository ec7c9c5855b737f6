"""A pricing study in plain Python: simulate sales, clean them, try three
learning rates in parallel, keep the best.

    python examples/pricing.py run --rows 500
    python -c "from braid import Flow; print(Flow('PricingFlow').latest_run.data.best)"
"""
from braid import FlowSpec, Parameter, current, step


class PricingFlow(FlowSpec):
    rows = Parameter("rows", default=10_000, help="rows to simulate")

    @step
    def start(self):
        import numpy as np
        import pandas as pd

        rng = np.random.default_rng(0)
        self.sales = pd.DataFrame({"price": rng.uniform(1, 9, self.rows),
                                   "units": rng.poisson(20, self.rows)})
        print(f"simulated {self.rows} sales in run {current.run_id}")
        self.next(self.clean)

    @step
    def clean(self):
        self.cleaned = self.sales[self.sales["units"] > 0].reset_index(drop=True)
        self.next(self.fit)

    @step
    def fit(self):
        self.grid = [0.1, 0.05, 0.01]
        self.next(self.train, foreach="grid")

    @step
    def train(self):
        self.rate = self.input
        self.score = float(self.cleaned["units"].mean()) * self.rate
        print(f"rate {self.rate}: score {self.score:.3f}")
        self.next(self.join)

    @step
    def join(self, inputs):
        self.best = max(i.score for i in inputs)
        self.best_rate = max(inputs, key=lambda i: i.score).rate
        self.next(self.end)

    @step
    def end(self):
        print("best", self.best, "at rate", self.best_rate)


if __name__ == "__main__":
    PricingFlow()
