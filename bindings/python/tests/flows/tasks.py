"""Steps for the worker tests: each test sends a task naming one of these."""
import os
import subprocess
import sys
import threading
import time

from braid import FlowSpec, current, step


def square(number):
    return number * number


class TasksFlow(FlowSpec):
    @step
    def noisy(self):
        print('{"type": "done"}')
        print("to stderr", file=sys.stderr)
        os.write(1, b"raw bytes on fd 1\n")
        try:
            os.write(4, b'{"type": "done"}\n')
            self.fd4 = "written"
        except OSError as error:
            self.fd4 = error.__class__.__name__
        listing = subprocess.run(
            [sys.executable, "-c", "import os; print(' '.join(os.listdir('/proc/self/fd')))"],
            capture_output=True, text=True, check=True)
        self.child_fds = sorted(int(fd) for fd in listing.stdout.split())
        self.next(self.end)

    @step
    def raises(self):
        self.partial = "never stored"
        print("about to fail")
        1 / 0
        self.next(self.end)

    @step
    def sleeps(self):
        time.sleep(60)
        self.next(self.end)

    @step
    def unpicklable(self):
        self.fine = 1
        self.lock = threading.Lock()
        self.next(self.end)

    @step
    def bad_foreach(self):
        self.items = 42
        self.next(self.end, foreach="items")

    @step
    def reads(self):
        self.copy = self.model
        self.next(self.end)

    @step
    def where(self):
        self.seen = [current.flow_name, current.run_id, current.step_name, current.task_id, current.retry_count,
                     current.username, current.pathspec, current.parameter_names, self.rows]
        self.next(self.end)

    @step
    def triggered(self):
        found = current.trigger
        self.seen = None if found is None else [
            bool(found), found.type, [(e.name, e.id, e.timestamp, e.payload, e.flow, e.run_id) for e in found.events],
            found.event.name, current.trigger is found]
        self.next(self.end)

    @step
    def frame(self):
        import pandas as pd

        self.frame = pd.DataFrame({"x": [1, 2]})
        self.next(self.end)

    @step
    def pool(self):
        import multiprocessing

        with multiprocessing.get_context("spawn").Pool(2) as workers:
            self.squares = workers.map(square, [1, 2, 3])
        self.next(self.end)

    @step
    def leaves_exit_work(self):
        import atexit

        sys.stdout = open(1, "w", closefd=False, buffering=1 << 16)  # a buffered stdout, flushed only at exit
        atexit.register(lambda: print("atexit callback ran"))
        if self.thread:
            def late():
                time.sleep(0.3)
                os.write(2, b"non-daemon thread finished\n")

            threading.Thread(target=late).start()
        self.next(self.end)

    @step
    def end(self):
        pass


TasksFlow()
