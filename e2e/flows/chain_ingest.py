"""The chain's first link: a Python flow run by hand."""
from braid import FlowSpec, step


class ChainIngest(FlowSpec):
    @step
    def start(self):
        self.rows = 42
        self.next(self.end)

    @step
    def end(self):
        pass


if __name__ == "__main__":
    ChainIngest()
