from braid import FlowSpec, step, r_step


class RdsToPythonFlow(FlowSpec):
    @step
    def start(self):
        self.next(self.fit)

    fit = r_step("rds_to_python_fit.R", function="fit_model", next="use")

    @step
    def use(self):
        print(self.fit_result)
        self.next(self.end)

    @step
    def end(self):
        pass


if __name__ == "__main__":
    RdsToPythonFlow()
