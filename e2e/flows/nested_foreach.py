import random
import time

from braid import FlowSpec, step


class NestedForeachFlow(FlowSpec):
    @step
    def start(self):
        # Non-monotonic values: a join that orders by completion time gets them wrong.
        self.outer = [3, 1, 2]
        self.next(self.per_outer, foreach="outer")

    @step
    def per_outer(self):
        self.o = self.input
        self.inner = ["z", "a", "m"]
        self.next(self.per_inner, foreach="inner")

    @step
    def per_inner(self):
        time.sleep(random.random() * 0.05)
        self.label = f"{self.o}{self.input}{self.index}"
        self.next(self.join_inner)

    @step
    def join_inner(self, inputs):
        self.labels = [i.label for i in inputs]
        self.o = inputs[0].o
        self.next(self.join_outer)

    @step
    def join_outer(self, inputs):
        self.all_labels = [i.labels for i in inputs]
        self.next(self.end)

    @step
    def end(self):
        print(self.all_labels)


if __name__ == "__main__":
    NestedForeachFlow()
