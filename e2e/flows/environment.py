import os

from braid import FlowSpec, environment, step


class EnvironmentFlow(FlowSpec):
    @environment(vars={"BRAID_E2E_GREETING": "hello from the decorator"})
    @step
    def start(self):
        self.greeting = os.environ.get("BRAID_E2E_GREETING")
        self.next(self.end)

    @step
    def end(self):
        self.unset = os.environ.get("BRAID_E2E_GREETING")


if __name__ == "__main__":
    EnvironmentFlow()
