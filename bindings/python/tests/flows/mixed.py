from braid import FlowSpec, r_step, retry, step


class MixedFlow(FlowSpec):
    @step
    def start(self):
        self.sales = {"units": [1, 0, 3]}
        self.next(self.clean)

    # the body of this step is an R function
    clean = r_step("clean.R", function="clean_sales", next="fit")

    fit = retry(times=1)(
        r_step("clean.R", function="fit_model", next=["end"]),
    )

    @step
    def end(self):
        pass


if __name__ == "__main__":
    MixedFlow()
