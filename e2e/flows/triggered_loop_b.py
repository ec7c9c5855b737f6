from braid import FlowSpec, step, trigger_on_finish


@trigger_on_finish(flow="LoopAFlow")
class LoopBFlow(FlowSpec):
    @step
    def start(self):
        self.next(self.end)

    @step
    def end(self):
        pass


if __name__ == "__main__":
    LoopBFlow()
