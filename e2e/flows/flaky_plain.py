"""Fails on its first two attempts; it has no @retry: `run --with retry:...` gives it one."""
from braid import FlowSpec, current, step


class FlakyPlainFlow(FlowSpec):
    @step
    def start(self):
        if current.retry_count < 2:
            raise RuntimeError(f"attempt {current.retry_count} fails")
        self.attempts = current.retry_count + 1
        self.next(self.end)

    @step
    def end(self):
        print("done after", self.attempts, "attempts")


if __name__ == "__main__":
    FlakyPlainFlow()
