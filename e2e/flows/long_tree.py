"""A long step whose worker starts a child and a grandchild `sleep 300` (for interruption tests)."""
import os
import subprocess
import time

from braid import FlowSpec, step


class LongTreeFlow(FlowSpec):
    @step
    def start(self):
        self.next(self.a, self.b)

    @step
    def a(self):
        self._hang()
        self.next(self.join)

    @step
    def b(self):
        self._hang()
        self.next(self.join)

    def _hang(self):
        subprocess.Popen(["sleep", "300"])
        # A grandchild that ignores SIGTERM: only SIGKILL to the group ends it.
        subprocess.Popen(["sh", "-c", "trap '' TERM; sleep 300 & wait"])
        with open(os.environ["BRAID_E2E_READY_DIR"] + "/" + str(os.getpid()), "w") as ready:
            ready.write("started")
        time.sleep(300)

    @step
    def join(self, inputs):
        self.next(self.end)

    @step
    def end(self):
        pass


if __name__ == "__main__":
    LongTreeFlow()
