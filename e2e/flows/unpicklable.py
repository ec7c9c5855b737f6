import threading

from braid import FlowSpec, step


class UnpicklableFlow(FlowSpec):
    @step
    def start(self):
        self.fine = 1
        self.lock = threading.Lock()
        self.next(self.end)

    @step
    def end(self):
        pass


if __name__ == "__main__":
    UnpicklableFlow()
