import braid
from braid import FlowSpec, environment, resources, retry, step, timeout


class DecoratedFlow(FlowSpec):
    @retry
    @step
    def start(self):
        self.next(self.work)

    @step
    @retry(times=5, minutes_between_retries=0)
    @timeout(minutes=10)
    @resources(cpu=2, memory=4096)
    def work(self):
        self.next(self.end)

    @braid.catch(var="failure", print_exception=False)
    @environment(vars={"OMP_NUM_THREADS": "1"})
    @step
    def end(self):
        pass


if __name__ == "__main__":
    DecoratedFlow()
