"""The upstream flow of triggered_after_ingest.py, run by hand."""
from braid import FlowSpec, Parameter, step


class IngestFlow(FlowSpec):
    fail = Parameter("fail", default=False, type=bool, help="fail the run")

    @step
    def start(self):
        if self.fail:
            raise RuntimeError("ingest failed on purpose")
        self.rows = 42
        self.next(self.end)

    @step
    def end(self):
        pass


if __name__ == "__main__":
    IngestFlow()
