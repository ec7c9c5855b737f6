from braid import FlowSpec, Parameter, r_step, retry, step, timeout


class BadDeclarationsFlow(FlowSpec):
    tag = Parameter("tag", default="x")
    count = Parameter("count", default="many", type=int)
    weird = Parameter("weird", default=object())

    @retry(times=-1)
    @timeout
    @step
    def start(self):
        self.next(self.end)

    @retry
    def helper(self):
        pass

    clean = r_step("missing.R", function="clean", next="end")

    @step
    def end(self):
        pass
