"""A language's fork server driven as the engine drives it (docs/protocol.md, "fork server"):
a SOCK_SEQPACKET socket on its fd 3, one request per worker with the worker's four pipe ends
attached. The test process plays the engine: it becomes a child subreaper, so that forked
workers are re-parented to it and it can wait for them."""
import ctypes
import fcntl
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time


def become_subreaper():
    libc = ctypes.CDLL(None, use_errno=True)
    assert libc.prctl(36, 1, 0, 0, 0) == 0  # PR_SET_CHILD_SUBREAPER


def server_command(language, preload=None):
    files = [str(preload)] if preload else []
    if language == "python":
        return [sys.executable, "-u", "-m", "braid._forkserver", *files]
    return [shutil.which("Rscript"), "--vanilla", "-e", "braid:::fork_server_main()", *files]


class ForkServer:
    def __init__(self, language, env, cwd, preload=None):
        become_subreaper()
        self.engine, server_end = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        fd = fcntl.fcntl(server_end.fileno(), fcntl.F_DUPFD, 10)  # placed on 3 in the child
        server_end.close()
        self.process = subprocess.Popen(server_command(language, preload), env=env, cwd=cwd, stdin=subprocess.DEVNULL,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, pass_fds=(3,),
                                        preexec_fn=lambda: os.dup2(fd, 3))
        os.close(fd)

    def fork(self, env):
        """Asks for a worker: returns the answer and the engine's ends of its pipes."""
        ends = [os.pipe() for _ in range(4)]  # stdout, stderr, engine -> worker, worker -> engine
        child = [ends[0][1], ends[1][1], ends[2][0], ends[3][1]]
        socket.send_fds(self.engine, [json.dumps({"env": env}).encode()], child)
        for fd in child:
            os.close(fd)
        answer = json.loads(self.engine.recv(4096))
        return answer, {"stdout": ends[0][0], "stderr": ends[1][0], "to": ends[2][1], "from": ends[3][0]}

    def close(self):
        """Closes the socket (the server exits at end of file): its exit status and output."""
        self.engine.close()
        status = self.process.wait(30)
        output = self.process.stdout.read().decode() + self.process.stderr.read().decode()
        self.process.stdout.close()
        self.process.stderr.close()
        return status, output


class ForkedProcess:
    """A forked worker seen as a subprocess.Popen: the test process is its parent."""

    def __init__(self, pid, stdout, stderr):
        self.pid = pid
        self.returncode = None
        self._stdout, self._stderr = stdout, stderr

    def poll(self):
        if self.returncode is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def wait(self, timeout):
        deadline = time.monotonic() + timeout
        while self.poll() is None:
            if time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(str(self.pid), timeout)
            time.sleep(0.01)
        return self.returncode

    def communicate(self, timeout):
        with os.fdopen(self._stdout, "rb") as out, os.fdopen(self._stderr, "rb") as err:
            output = out.read(), err.read()  # end of file: the worker and its children closed them
        self.wait(timeout)
        return output

    def kill(self):
        os.kill(self.pid, signal.SIGKILL)
