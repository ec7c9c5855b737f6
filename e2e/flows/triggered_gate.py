"""Starts on `gate`; its start step waits until the file named by the payload's `gate` exists."""
import os
import time

from braid import FlowSpec, current, step, trigger


@trigger(event="gate")
class GateFlow(FlowSpec):
    @step
    def start(self):
        gate = current.trigger.event.payload["gate"]
        print("waiting for", gate)
        deadline = time.monotonic() + 120
        while not os.path.exists(gate):
            if time.monotonic() > deadline:
                raise TimeoutError(f"{gate} never appeared")
            time.sleep(0.05)
        self.passed = True
        self.next(self.end)

    @step
    def end(self):
        print("gate passed")


if __name__ == "__main__":
    GateFlow()
