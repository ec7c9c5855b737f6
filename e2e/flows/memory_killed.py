"""A step that holds far more memory than it declared, then is killed with SIGKILL (as the OOM killer would)."""
import os
import signal
import time

from braid import FlowSpec, resources, step


class MemoryKilledFlow(FlowSpec):
    @step
    def start(self):
        self.next(self.hog)

    @resources(memory=64)
    @step
    def hog(self):
        held = b"\x01" * (300 << 20)  # written, so resident
        time.sleep(2.5)  # long enough for the engine's once-a-second sample
        os.kill(os.getpid(), signal.SIGKILL)
        print(len(held))
        self.next(self.end)

    @step
    def end(self):
        pass


if __name__ == "__main__":
    MemoryKilledFlow()
