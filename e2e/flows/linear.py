from braid import FlowSpec, step, current


class LinearFlow(FlowSpec):
    @step
    def start(self):
        self.x = 1
        self.name = "braid"
        print("hello from start")
        self.next(self.a)

    @step
    def a(self):
        self.x += 1
        self.ratio = 0.5
        self.seen_pathspec = current.pathspec
        self.next(self.end)

    @step
    def end(self):
        self.total = self.x * 10
        print("total", self.total, self.name)


if __name__ == "__main__":
    LinearFlow()
