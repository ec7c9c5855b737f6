"""A flow to resume: item 2 of the foreach fails while the file FAIL exists in
the working directory, and item 1 waits while SLOW exists (writing STARTED)."""
import os
import time

from braid import FlowSpec, Parameter, step


class ResumableFlow(FlowSpec):

    scale = Parameter("scale", default=1)

    @step
    def start(self):
        self.items = [0, 1, 2, 3]
        print("start ran")
        self.next(self.work, foreach="items")

    @step
    def work(self):
        print("work ran", self.input)
        if self.input == 1 and os.path.exists("SLOW"):
            open("STARTED", "w").close()
            while os.path.exists("SLOW"):
                time.sleep(0.1)
        if self.input == 2 and os.path.exists("FAIL"):
            raise RuntimeError("item 2 is broken")
        self.value = self.input * self.scale
        self.next(self.join)

    @step
    def join(self, inputs):
        self.total = sum(i.value for i in inputs)
        self.next(self.end)

    @step
    def end(self):
        print("total", self.total)


if __name__ == "__main__":
    ResumableFlow()
