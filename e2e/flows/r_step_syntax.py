from braid import FlowSpec, step, r_step


class RStepSyntaxFlow(FlowSpec):
    @step
    def start(self):
        self.next(self.clean)

    clean = r_step("r_step_syntax_clean.R", function="clean_sales", next="end")

    @step
    def end(self):
        pass


if __name__ == "__main__":
    RStepSyntaxFlow()
