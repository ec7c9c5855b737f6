"""Running one command and measuring it: wall time, peak memory of its whole process tree, and the braid
engine's own CPU time and peak RSS when the tree holds one.

Memory: ``getrusage(RUSAGE_CHILDREN).ru_maxrss`` is only the largest single
process, which hides a tree of workers. Instead a thread samples ``/proc``
every ``SAMPLE_SECONDS``: the tree's RSS summed at each sample, the peak of
those sums kept. It can miss a spike shorter than the interval and counts
shared pages (libpython, numpy) once per process, like ``ps`` does. The
engine's figures need no sampling luck: ``VmHWM`` is the kernel's own high
water mark of the engine process, and its CPU is its ``utime + stime``, both
read until it exits (the Python client ``exec``s the engine, so that pid's
CPU also holds the client's own start before the exec).

This process makes itself a child subreaper, so a worker whose parent exits
first is still found under it.
"""
import ctypes
import os
import subprocess
import threading
import time
from dataclasses import dataclass, field

SAMPLE_SECONDS = 0.03
_PAGE = os.sysconf("SC_PAGE_SIZE")
_TICKS = os.sysconf("SC_CLK_TCK")
_PR_SET_CHILD_SUBREAPER = 36


def become_subreaper():
    """Orphaned descendants of the measured command are reparented here, not to init (Linux only)."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


@dataclass
class Measurement:
    wall_s: float
    peak_tree_rss: int
    returncode: int
    output: str
    engine_peak_rss: int | None = None
    engine_cpu_s: float | None = None
    processes_seen: int = 0
    extra: dict = field(default_factory=dict)


def _stat_fields(pid):
    """Fields of /proc/PID/stat after the command name (which may hold spaces or parentheses)."""
    with open(f"/proc/{pid}/stat", "rb") as handle:
        return handle.read().rsplit(b")", 1)[1].split()


def _descendants(root):
    """Every live process under ``root`` (``root`` included)."""
    children = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            parent = int(_stat_fields(name)[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(parent, []).append(int(name))
    found, stack = [], [root]
    while stack:
        pid = stack.pop()
        found.append(pid)
        stack.extend(children.get(pid, ()))
    return found


def _rss(pid):
    with open(f"/proc/{pid}/statm", "rb") as handle:
        return int(handle.read().split()[1]) * _PAGE


def _is_engine(pid):
    try:
        return os.path.basename(os.readlink(f"/proc/{pid}/exe")) == "braid"
    except OSError:
        return False


def _engine_figures(pid):
    """(peak RSS, CPU seconds) of one process, from /proc/PID/status and /proc/PID/stat."""
    peak = None
    with open(f"/proc/{pid}/status", "rb") as handle:
        for line in handle:
            if line.startswith(b"VmHWM:"):
                peak = int(line.split()[1]) * 1024
                break
    fields = _stat_fields(pid)
    return peak, (int(fields[11]) + int(fields[12])) / _TICKS


class _Sampler(threading.Thread):
    def __init__(self, root):
        super().__init__(daemon=True)
        self.root = root
        self.stop = threading.Event()
        self.peak = 0
        self.seen = set()
        self.engines = {}  # pid -> (peak rss, cpu s), last values read

    def run(self):
        while not self.stop.is_set():
            self.sample()
            self.stop.wait(SAMPLE_SECONDS)

    def sample(self):
        total = 0
        me = os.getpid()
        for pid in _descendants(me):
            if pid == me:
                continue
            try:
                total += _rss(pid)
                self.seen.add(pid)
                if _is_engine(pid):
                    self.engines[pid] = _engine_figures(pid)
            except (OSError, IndexError, ValueError):
                continue  # gone between the listing and the read
        self.peak = max(self.peak, total)


def run(command, env=None, cwd=None, timeout=None):
    """Runs ``command`` to its end and measures it; its output (stdout and stderr together) is returned too."""
    started = time.perf_counter()
    # Its own session: an interrupted suite stops the whole tree (``_stop_tree``), and nothing reads the terminal.
    child = subprocess.Popen(command, env=env, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, start_new_session=True)
    sampler = _Sampler(child.pid)
    sampler.start()
    chunks = []
    reader = threading.Thread(target=lambda: chunks.append(child.stdout.read()), daemon=True)
    reader.start()
    try:
        child.wait(timeout=timeout)
    except BaseException:  # a timeout, Ctrl-C, or the suite told to stop
        sampler.stop.set()
        _stop_tree(child)
        raise
    wall = time.perf_counter() - started
    sampler.stop.set()
    sampler.join()
    reader.join()
    _reap_orphans()
    engine = max(sampler.engines.values(), key=lambda figures: figures[1], default=(None, None))
    return Measurement(wall_s=wall, peak_tree_rss=sampler.peak, returncode=child.returncode,
                       output=b"".join(chunks).decode("utf-8", "replace"), engine_peak_rss=engine[0],
                       engine_cpu_s=engine[1], processes_seen=len(sampler.seen))


def _stop_tree(child):
    """SIGTERM to every process under this one (workers lead process groups of their own), a grace
    period, then SIGKILL to whatever is still under it."""
    import signal

    for sig in (signal.SIGTERM, signal.SIGKILL):
        for pid in set(_descendants(os.getpid())) - {os.getpid()}:
            try:
                os.kill(pid, sig)
            except OSError:
                pass
        try:
            child.wait(timeout=3)
        except subprocess.TimeoutExpired:
            pass
        time.sleep(0.3)
        _reap_orphans()


def _reap_orphans():
    """Waits for descendants reparented to this subreaper (a worker that outlived its engine)."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
