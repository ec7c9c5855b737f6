"""The code a run ran: ``Run("PricingFlow/7").code``.

The engine stores each run's flow directory (its source files) as a tar.gz
in the store, content-addressed (docs/client-api.md, "Code packages"); this
is the client's view of it, read through ``braid code``.

    >>> code = Run("PricingFlow/7").code
    >>> code.paths                # ['clean.R', 'pricing.py']
    >>> print(code.flowspec)      # the flow file's source
    >>> code.extract("/tmp/pricing-7")
"""

from __future__ import annotations

import os
import subprocess
import tarfile
from pathlib import Path
from typing import NamedTuple

from ._errors import BraidError, NotFoundError

__all__ = ["CodePackage", "CodeFile"]


class CodeFile(NamedTuple):
    """One file of a code package: its path in the package and its size in bytes."""

    path: str
    size: int


class CodePackage:
    """A run's code package: its files, the stored tarball, and a way to restore it."""

    def __init__(self, run_pathspec: str, *, _namespace_check: bool = True):
        from ._client import _engine_json

        data = _engine_json(["code", run_pathspec, "--json"], f"braid code {run_pathspec}",
                            namespace_check=_namespace_check)
        self.run_pathspec = run_pathspec
        self.hash: str = data["hash"]
        self.path: str = data["path"]
        self.flow_file: str | None = data.get("flow_file")
        self.files = [CodeFile(f["path"], f["size"]) for f in data["files"]]

    @property
    def paths(self) -> list[str]:
        """The files' paths in the package, sorted."""
        return [f.path for f in self.files]

    @property
    def tarball(self) -> tarfile.TarFile:
        """The stored tar.gz, opened with :mod:`tarfile` (as Metaflow's ``code.tarball``); close it when done."""
        return tarfile.open(self.path, mode="r:gz")

    def read(self, path: str) -> str:
        """The text of one file of the package.

        Raises:
            NotFoundError: when the package has no such file.
        """
        with self.tarball as archive:
            try:
                member = archive.extractfile(path)
            except KeyError:
                member = None
            if member is None:
                raise NotFoundError(f"the code package of {self.run_pathspec} has no file {path!r}; "
                                    f"it has: {', '.join(self.paths)}")
            return member.read().decode("utf-8")

    @property
    def flowspec(self) -> str:
        """The source of the file that declared the flow."""
        if not self.flow_file:
            raise NotFoundError(f"run {self.run_pathspec} does not record its flow file")
        return self.read(self.flow_file)

    def extract(self, directory: str | os.PathLike) -> Path:
        """Writes the package's files into ``directory`` (created if missing) and returns it.

        Existing files are never overwritten: extract into an empty directory.

        Raises:
            BraidError: with the engine's message when a file already exists or cannot be written.
        """
        from ._client import get_namespace
        from ._engine import find_engine

        target = Path(directory).absolute()
        ns = get_namespace()
        argv = [find_engine(), "code", self.run_pathspec, "--extract", str(target)]
        argv += ["--all"] if ns is None else ["--namespace", ns]
        result = subprocess.run(argv, capture_output=True, text=True, stdin=subprocess.DEVNULL)
        if result.returncode != 0:
            message = result.stderr.strip().removeprefix("Error: ") or f"exit status {result.returncode}"
            raise BraidError(f"cannot extract the code of {self.run_pathspec}: {message}")
        return target

    def __repr__(self) -> str:
        return f"CodePackage('{self.run_pathspec}', {len(self.files)} files)"
