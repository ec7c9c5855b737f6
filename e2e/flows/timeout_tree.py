"""A step that starts a child and a grandchild `sleep` and outlives its @timeout."""
import subprocess
import time

from braid import FlowSpec, current, retry, step, timeout


class TimeoutTreeFlow(FlowSpec):
    @step
    def start(self):
        self.next(self.hang)

    @retry(times=1, minutes_between_retries=0)
    @timeout(seconds=2)
    @step
    def hang(self):
        print("attempt", current.retry_count, "starts its children", flush=True)
        subprocess.Popen(["sleep", "300"])
        subprocess.Popen(["sh", "-c", "sleep 300 & wait"])
        time.sleep(300)
        self.next(self.end)

    @step
    def end(self):
        pass


if __name__ == "__main__":
    TimeoutTreeFlow()
