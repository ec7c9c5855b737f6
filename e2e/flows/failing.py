from braid import FlowSpec, step


class FailingFlow(FlowSpec):
    @step
    def start(self):
        self.kept = "stored before the failure"
        self.next(self.boom)

    @step
    def boom(self):
        print("about to fail")
        1 / 0
        self.next(self.end)

    @step
    def end(self):
        pass


if __name__ == "__main__":
    FailingFlow()
