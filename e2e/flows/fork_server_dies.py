"""The Python fork server dies mid-run (start kills it): the engine says so and spawns the remaining workers."""
import os
import signal

from braid import FlowSpec, step


def _command_line(pid):
    with open(f"/proc/{pid}/cmdline", "rb") as handle:
        return handle.read().split(b"\0")


def _forked():
    """Whether this worker was forked from the fork server (it then still has the server's command line)."""
    return b"braid._forkserver" in _command_line("self")


def _fork_servers_of(engine):
    """The engine's children that run braid._forkserver, but for this worker (forked from one, so alike)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == os.getpid():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                parent = int(handle.read().rsplit(")", 1)[1].split()[1])
            if parent == engine and b"braid._forkserver" in _command_line(entry):
                found.append(int(entry))
        except (OSError, ValueError, IndexError):
            continue  # gone meanwhile
    return found


class ForkServerDies(FlowSpec):
    @step
    def start(self):
        self.start_forked = _forked()
        servers = _fork_servers_of(os.getppid())  # a forked worker is re-parented to the engine
        for pid in servers:
            os.kill(pid, signal.SIGKILL)
        self.killed = len(servers)
        self.items = [1, 2, 3]
        self.next(self.square, foreach="items")

    @step
    def square(self):
        self.forked = _forked()
        self.value = self.input * self.input
        self.next(self.join)

    @step
    def join(self, inputs):
        self.total = sum(i.value for i in inputs)
        self.forked_after = [i.forked for i in inputs]
        self.merge_artifacts(inputs, include=["start_forked", "killed"])
        self.next(self.end)

    @step
    def end(self):
        print("total", self.total, "killed", self.killed, "forked", self.start_forked, "then", self.forked_after)


if __name__ == "__main__":
    ForkServerDies()
