import os
import signal

from braid import FlowSpec, current, retry, step


class AttemptKindsFlow(FlowSpec):
    @step
    def start(self):
        self.next(self.flaky)

    # Fails three ways before it works: a raised error, a kill, then success.
    @retry(times=2, minutes_between_retries=0)
    @step
    def flaky(self):
        if current.retry_count == 0:
            raise ValueError("first try fails\nsecond line of the message")
        if current.retry_count == 1:
            os.kill(os.getpid(), signal.SIGKILL)
        self.worked_on = current.retry_count
        self.next(self.end)

    @step
    def end(self):
        pass


if __name__ == "__main__":
    AttemptKindsFlow()
