"""``braid.Table``: put a frame as a new version of a named table, read a version, list versions (docs/tables.md).

    >>> from braid import Table
    >>> Table("sales").put(df)            # TablePut(sales version 3, landed)
    >>> Table("sales").read()             # pandas; read(as_="polars" | "arrow")
    >>> Table("sales", version=2).read()
    >>> Table("sales").versions[-1].producer

The engine owns the store, so every call goes through it: ``braid table put
NAME FILE --move --json`` (the file written here into ``$BRAID_HOME/spool``),
``braid table resolve NAME --json`` (which version, and where its bytes are),
``braid table show NAME --json``. Inside a step each call passes ``--from
FLOW/RUN/STEP/TASK``: a put records the task, and a read resolves to the
version the run is pinned to (the same in every task and on resume).
"""

from __future__ import annotations

import json
import os
import subprocess
from typing import TYPE_CHECKING, Any

from ._errors import NotFoundError, TableError
from ._table_names import table_name_problem

if TYPE_CHECKING:
    from ._table_versions import TablePut, TableVersion

__all__ = ["Table", "table_engine_json", "table_refs", "checked_table_name"]


def checked_table_name(name: Any, what: str = "Table()") -> str:
    """``name`` if it follows the rule for table names.

    Raises:
        TypeError: not a string.
        TableError: a name the rule refuses, saying why.
    """
    if not isinstance(name, str):
        raise TypeError(f"{what} takes the table name as a string, got {type(name).__name__}")
    problem = table_name_problem(name)
    if problem:
        raise TableError(f"table name {name!r} {problem}", name)
    return name


class Table:
    """A named table in the store: a series of immutable versions (docs/tables.md).

    ``Table("sales")`` is the latest version (inside a run: the version the
    run is pinned to); ``Table("sales", version=7)`` is version 7. Making one
    checks the name and nothing else: the table need not exist yet.

    Raises:
        TypeError: a name that is not a string, a version that is not an int.
        TableError: a name the rule refuses (1-128 letters, digits, ``_``, ``-``, ``.``, starting with a letter
            or digit; no ``..``), or a version below 1.
    """

    __slots__ = ("name", "version")

    def __init__(self, name: str, version: int | None = None):
        self.name: str = checked_table_name(name)
        if version is not None and (not isinstance(version, int) or isinstance(version, bool)):
            raise TypeError(f"Table({name!r}) takes version as an int (1, 2, ...) or None, "
                            f"got {type(version).__name__}")
        if version is not None and version < 1:
            raise TableError(f"table {name}: versions are numbered from 1, got version={version}", name)
        self.version: int | None = version

    def put(self, data: Any, force: bool = False, same_schema: bool = False) -> TablePut:
        """Lands ``data`` as the table's next version and returns what the engine recorded (``TablePut``).

        ``data`` is a pandas DataFrame (kept as lossless as artifacts are:
        dtypes, index, categoricals, time zones), a polars DataFrame, a pyarrow
        Table or RecordBatch, or the path of a Parquet file (read by pyarrow)
        or of an Arrow IPC / Feather / CSV file (read by the engine). Content
        identical to the latest version's makes no new version (``landed``
        is False) unless ``force``; ``same_schema`` refuses a schema that
        differs from the latest version's. Inside a step, the version records
        the task and the run lists it among the tables it wrote.

        Raises:
            TypeError: data of another kind, or flags that are not bools.
            TableError: a Table with a version (versions are immutable), data pyarrow cannot convert, or the
                engine's refusal (a schema change with ``same_schema``, a corrupt file ...): nothing was recorded.
            EngineNotFoundError: no ``braid`` executable.
        """
        if self.version is not None:
            raise TableError(f"{self!r} names a version to read; versions never change. Put to "
                             f"Table({self.name!r}) to land a new one", self.name)
        for flag, value in (("force", force), ("same_schema", same_schema)):
            if not isinstance(value, bool):
                raise TypeError(f"Table.put() takes {flag} as True or False, got {value!r}")
        from ._current import current
        from ._engine import braid_home
        from ._table_frames import to_arrow_or_path, write_spool
        from ._table_versions import TablePut

        table, path = to_arrow_or_path(data, self.name)
        moved = table is not None
        if moved:
            # Spelled as the engine spells it (BRAID_HOME + "/spool"): `--move` takes only files under it.
            path = write_spool(table, self.name, braid_home() + "/spool")
        args = ["table", "put", self.name, path, "--json"]
        args += ["--move"] * moved + ["--force"] * force + ["--same-schema"] * same_schema
        if current.pathspec:
            args += ["--from", current.pathspec]
        try:
            answer = table_engine_json(args, f"braid table put {self.name}", self.name)
        finally:
            if moved and os.path.exists(path):  # refused: the engine did not take it
                os.unlink(path)
        return TablePut(answer)

    def read(self, as_: str = "pandas") -> Any:
        """The version's data: a pandas DataFrame (``as_="pandas"``), a polars DataFrame (``"polars"``) or a
        pyarrow Table (``"arrow"``).

        A stored version is memory-mapped; a ``delta`` version is read with
        ``deltalake`` at its Delta version, a ``marker`` version as a pyarrow
        dataset of its partition. Inside a run, ``Table("sales")`` is the
        version the run is pinned to (the one that triggered it, else the one
        it read first, else the latest when it was created), and the read is
        recorded in the run's lineage.

        Raises:
            ValueError: an ``as_`` other than those three.
            TableError: no such table or version (the engine's message), or a reader that is not installed
                (pyarrow, deltalake, polars).
        """
        from ._table_frames import AS_CHOICES, read_resolved

        if as_ not in AS_CHOICES:
            raise ValueError(f"Table.read() takes as_= one of {', '.join(map(repr, AS_CHOICES))}, got {as_!r}")
        return read_resolved(self.resolve(), as_)

    def resolve(self) -> dict[str, Any]:
        """What ``braid table resolve`` answers for this table: ``{"table", "version", "rows", "schema", "how",
        "path", "location", "commit", "fingerprint"}`` (recorded as read when inside a run)."""
        from ._current import current

        args = ["table", "resolve", self.name, "--json"]
        if self.version is not None:
            args += ["--version", str(self.version)]
        if current.pathspec:
            args += ["--from", current.pathspec]
        answer = table_engine_json(args, f"braid table resolve {self.name}", self.name)
        answer.setdefault("table", self.name)
        return answer

    @property
    def versions(self) -> list[TableVersion]:
        """Every version of the table, oldest first (``TableVersion``: ``version``, ``rows``, ``schema``,
        ``fingerprint``, ``landed_at``, ``how``, ``producer``, ``consumers`` ...)."""
        from ._table_versions import versions_from

        what = f"braid table show {self.name}"
        text = _engine_output(["table", "show", self.name, "--json"], what, self.name)
        return versions_from(_json_lines(text, what, self.name), self.name)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Table) and (self.name, self.version) == (other.name, other.version)

    def __hash__(self) -> int:
        return hash((self.name, self.version))

    def __repr__(self) -> str:
        return f"Table({self.name!r})" if self.version is None else f"Table({self.name!r}, version={self.version})"


def table_refs(records: list[dict[str, Any]] | None) -> list[Table]:
    """``[{"table", "version"}]`` (a run's ``tables_read`` / ``tables_written``) as ``Table`` objects; none when
    absent."""
    return [Table(record["table"], version=record["version"]) for record in records or []]


def table_engine_json(args: list[str], what: str, table: str | None) -> dict[str, Any]:
    """Runs ``braid ARGS`` and parses the JSON object it prints (see ``_engine_output`` for refusals)."""
    (answer,) = _json_lines(_engine_output(args, what, table), what, table, one=True)
    return answer


def _json_lines(text: str, what: str, table: str | None, one: bool = False) -> list[dict[str, Any]]:
    """The JSON objects of ``text``, one a line (exactly one when ``one``)."""
    lines = [line for line in text.splitlines() if line.strip()]
    try:
        answers = [json.loads(line) for line in lines] if not one else [json.loads(text)]
    except json.JSONDecodeError:
        answers = None
    if answers is None or not all(isinstance(a, dict) for a in answers):
        raise TableError(f"the engine answered `{what}` with something that is not JSON objects: {text[:200]!r}",
                         table)
    return answers


def _engine_output(args: list[str], what: str, table: str | None) -> str:
    """Runs ``braid ARGS`` and returns what it printed.

    A refusal (``{"error": ...}`` on stdout, or a message on stderr with a
    non-zero exit status) raises ``NotFoundError`` when the engine says
    ``"kind": "not_found"``, else ``TableError`` with the engine's message.
    """
    from ._engine import find_engine

    result = subprocess.run([find_engine(), *args], capture_output=True, text=True, stdin=subprocess.DEVNULL)
    text = result.stdout.strip()
    try:
        answer = json.loads(text) if text.startswith("{") and "\n" not in text else None
    except json.JSONDecodeError:
        answer = None
    refused = isinstance(answer, dict) and "error" in answer
    if result.returncode == 0 and not refused:
        return text
    if refused:
        message = str(answer["error"])
        kind = answer.get("kind")
    else:
        message = _without_prefix(result.stderr.strip()) or f"`{what}` failed with exit status {result.returncode}"
        kind = None
    if kind == "not_found":
        raise NotFoundError(message)
    raise TableError(message, table)


def _without_prefix(message: str) -> str:
    for prefix in ("Error: ", "error: "):  # the engine's own prefix; the exception's type says it already
        if message.startswith(prefix):
            return message[len(prefix):]
    return message
