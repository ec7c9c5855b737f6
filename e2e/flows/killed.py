import os
import signal

from braid import FlowSpec, step


class KilledFlow(FlowSpec):
    @step
    def start(self):
        self.next(self.die)

    @step
    def die(self):
        os.kill(os.getpid(), signal.SIGKILL)
        self.next(self.end)

    @step
    def end(self):
        pass


if __name__ == "__main__":
    KilledFlow()
