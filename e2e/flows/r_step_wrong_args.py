from braid import FlowSpec, step, r_step


class RStepWrongArgsFlow(FlowSpec):
    @step
    def start(self):
        self.next(self.clean)

    clean = r_step("r_step_wrong_args_clean.R", function="clean_sales", next="end")

    @step
    def end(self):
        pass


if __name__ == "__main__":
    RStepWrongArgsFlow()
