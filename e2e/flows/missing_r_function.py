from braid import FlowSpec, step, r_step


class MissingRFunctionFlow(FlowSpec):
    @step
    def start(self):
        self.next(self.clean)

    clean = r_step("missing_r_function_clean.R", function="clean_sales", next="end")

    @step
    def end(self):
        pass


if __name__ == "__main__":
    MissingRFunctionFlow()
