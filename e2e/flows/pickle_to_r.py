from braid import FlowSpec, step, r_step


class PickleToRFlow(FlowSpec):
    @step
    def start(self):
        self.model = {1, 2}  # a set: stored as a Python pickle
        self.next(self.use)

    use = r_step("pickle_to_r_use.R", function="use_model", next="end")

    @step
    def end(self):
        pass


if __name__ == "__main__":
    PickleToRFlow()
