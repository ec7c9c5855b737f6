"""A step that fails on its first two attempts and succeeds on the third."""
import sys

from braid import FlowSpec, current, retry, step


class FlakyFlow(FlowSpec):
    @step
    def start(self):
        self.next(self.flaky)

    @retry(times=2, minutes_between_retries=0)
    @step
    def flaky(self):
        print(f"flaky attempt {current.retry_count}")
        if current.retry_count < 2:
            print(f"failing on purpose at attempt {current.retry_count}", file=sys.stderr)
            raise RuntimeError(f"attempt {current.retry_count} fails")
        self.succeeded_at = current.retry_count
        self.next(self.end)

    @step
    def end(self):
        print("succeeded at attempt", self.succeeded_at)


if __name__ == "__main__":
    FlakyFlow()
