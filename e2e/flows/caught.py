"""A failing step with @catch: the run goes on and the error is an artifact."""
from braid import FlowSpec, catch, retry, step


class CaughtFlow(FlowSpec):
    @step
    def start(self):
        self.before = 41
        self.next(self.boom)

    @catch(var="err")
    @retry(times=1, minutes_between_retries=0)
    @step
    def boom(self):
        self.partial = "never stored"
        raise ValueError("bad value in boom")
        self.next(self.end)

    @step
    def end(self):
        print("caught", self.err["type"], self.err["message"], "before", self.before)
        self.summary = [self.err["type"], self.before + 1, hasattr(self, "partial")]


if __name__ == "__main__":
    CaughtFlow()
