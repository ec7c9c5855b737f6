"""Three tasks that each declare 60% of the machine's memory: no two may run at once."""
import time

from braid import FlowSpec, resources, step


def machine_megabytes():
    """What the engine counts: physical memory, lowered by a cgroup v2 limit."""
    with open("/proc/meminfo") as meminfo:
        total = int(meminfo.read().split("MemTotal:")[1].split()[0]) // 1024
    try:
        with open("/sys/fs/cgroup/memory.max") as limit:
            total = min(total, int(limit.read()) // (1 << 20))
    except (OSError, ValueError):
        pass
    return total


class MemoryHungryFlow(FlowSpec):
    @step
    def start(self):
        self.items = [1, 2, 3]
        self.next(self.work, foreach="items")

    @resources(cpu=0.1, memory=int(machine_megabytes() * 0.6))
    @step
    def work(self):
        time.sleep(0.3)
        self.next(self.join)

    @step
    def join(self, inputs):
        self.next(self.end)

    @step
    def end(self):
        pass


if __name__ == "__main__":
    MemoryHungryFlow()
