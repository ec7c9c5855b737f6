"""Frames to and from the Arrow files of table versions (docs/tables.md), with pyarrow.

Putting: a pandas DataFrame goes through the artifact path (``_tables``:
``pa.Table.from_pandas``, dtypes, index, categoricals and time zones kept in
the ``pandas`` schema metadata, the column types a frame was read with
restored), a polars DataFrame through ``to_arrow()``, a pyarrow Table or
RecordBatch as it is, a Parquet file through ``pyarrow.parquet``. The table is
written uncompressed, as an Arrow IPC file (Feather v2), into the store's
spool, where the engine takes it with ``--move``.

Reading: what ``braid table resolve`` answered. A stored version is an Arrow
file (or stream) read memory-mapped; a ``delta`` version is read with
``deltalake`` at the recorded Delta version; a ``marker`` version is the
partition directory of the recorded ``_SUCCESS``, read as a pyarrow dataset.
"""

from __future__ import annotations

import os
import sys
import time

from ._errors import TableError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = ["AS_CHOICES", "to_arrow_or_path", "write_spool", "read_resolved", "from_arrow"]

AS_CHOICES = ("pandas", "polars", "arrow")
_PARQUET_MAGIC = b"PAR1"
_ARROW_MAGIC = b"ARROW1"
#: Extensions of the data files a marker partition may hold, and pyarrow's name for their format.
_DATASET_FORMATS = {".parquet": "parquet", ".pq": "parquet", ".arrow": "ipc", ".feather": "ipc", ".ipc": "ipc",
                    ".csv": "csv"}


def _pyarrow(name: str, doing: str) -> Any:
    try:
        import pyarrow
    except ImportError:
        raise TableError(f"table {name}: {doing} needs pyarrow (pip install pyarrow)", name) from None
    return pyarrow


def to_arrow_or_path(data: Any, name: str) -> tuple[Any, str | None]:
    """``(pyarrow.Table, None)`` for data pyarrow converts, or ``(None, path)`` for a file the engine reads itself
    (an Arrow IPC file or stream, Feather, CSV).

    Raises:
        TypeError: data of a kind a table cannot be made from.
        TableError: pyarrow is missing, cannot convert the frame, or the file cannot be read.
    """
    if isinstance(data, (str, os.PathLike)):
        path = os.path.abspath(os.fspath(data))
        try:
            with open(path, "rb") as handle:
                magic = handle.read(4)
        except OSError as error:
            raise TableError(f"table {name}: cannot read {path}: {error.strerror or error}", name) from None
        if magic != _PARQUET_MAGIC:
            return None, path
        pa = _pyarrow(name, "putting a Parquet file")
        import pyarrow.parquet as pq

        try:
            return pq.read_table(path), None
        except (pa.ArrowException, OSError) as error:
            raise TableError(f"table {name}: cannot read the Parquet file {path}: {error}", name) from None
    pandas = sys.modules.get("pandas")
    if pandas is not None and isinstance(data, pandas.DataFrame):
        _pyarrow(name, "putting a pandas DataFrame")
        from ._tables import CannotConvert, _from_pandas

        try:
            return _from_pandas(data), None
        except CannotConvert as error:
            raise TableError(f"table {name}: pyarrow cannot store this DataFrame as Arrow columns: {error}",
                             name) from None
    pyarrow = sys.modules.get("pyarrow")
    if pyarrow is not None and isinstance(data, pyarrow.Table):
        return data, None
    if pyarrow is not None and isinstance(data, pyarrow.RecordBatch):
        return pyarrow.Table.from_batches([data]), None
    polars = sys.modules.get("polars")
    if polars is not None and isinstance(data, polars.DataFrame):
        _pyarrow(name, "putting a polars DataFrame")
        return _from_polars(data, polars), None
    raise TypeError(f"Table({name!r}).put() takes a pandas or polars DataFrame, a pyarrow Table or RecordBatch, or "
                    f"the path of a Parquet, Arrow or CSV file; got {type(data).__module__}.{type(data).__qualname__}")


def _from_polars(frame: Any, polars: Any) -> Any:
    # The oldest compatibility level gives large_string rather than string_view, which every Arrow reader knows.
    level = getattr(polars, "CompatLevel", None)
    return frame.to_arrow(compat_level=level.oldest()) if level is not None else frame.to_arrow()


def write_spool(table: Any, name: str, spool: str) -> str:
    """Writes ``table`` as an uncompressed Arrow IPC file under ``spool`` (made if missing); returns its path."""
    import pyarrow as pa

    os.makedirs(spool, exist_ok=True)
    path = _new_file(spool, name)
    try:
        with pa.OSFile(path, "wb") as sink, pa.ipc.new_file(sink, table.schema) as writer:
            if table.num_rows == 0:
                # pyarrow writes no batch for an empty table, and so no dictionary: the categories would be lost.
                writer.write_batch(pa.RecordBatch.from_arrays([c.combine_chunks() for c in table.columns],
                                                              schema=table.schema))
            else:
                writer.write_table(table)
    except BaseException as error:
        _remove(path)
        if isinstance(error, (OSError, pa.ArrowException)):
            raise TableError(f"table {name}: cannot write the Arrow file {path}: {error}", name) from None
        raise
    return path


def _new_file(spool: str, name: str) -> str:
    for attempt in range(100):
        path = os.path.join(spool, f"table-{name}-{os.getpid()}-{time.time_ns()}-{attempt}.arrow")
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600))
        except FileExistsError:
            continue
        return path
    raise TableError(f"table {name}: could not make a new file in {spool}", name)


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


# --- reading ---------------------------------------------------------------------------------


def read_resolved(answer: dict[str, Any], as_: str) -> Any:
    """The version ``braid table resolve`` answered, read and converted to ``as_``."""
    name = answer.get("table")
    how = answer.get("how")
    path = answer.get("path")
    if path:
        table = _read_stored(path, name)
    elif how == "delta":
        table = _read_delta(answer, name)
    elif how == "marker":
        table = _read_marker(answer, name)
    elif how == "file" and answer.get("location"):
        # A watched file the engine cannot decode (Parquet) stays where its writer put it: read it there.
        table = _read_stored(answer["location"], name)
    else:
        raise TableError(f"table {name} version {answer.get('version')} (how: {how}) has no stored file to read "
                         f"and no reader for its location {answer.get('location')!r}", name)
    return from_arrow(table, as_, name)


def _read_stored(path: str, name: str) -> Any:
    pa = _pyarrow(name, "reading a table")
    try:
        with open(path, "rb") as handle:
            magic = handle.read(6)
        if magic[:4] == _PARQUET_MAGIC:
            import pyarrow.parquet as pq

            return pq.read_table(path)
        source = pa.memory_map(path)
        if magic == _ARROW_MAGIC:
            return pa.ipc.open_file(source).read_all()
        return pa.ipc.open_stream(source).read_all()
    except (OSError, pa.ArrowException) as error:
        raise TableError(f"table {name}: cannot read its stored file {path}: {error}", name) from None


def _read_delta(answer: dict[str, Any], name: str) -> Any:
    location, commit = answer.get("location"), answer.get("commit")
    try:
        from deltalake import DeltaTable
    except ImportError:
        raise TableError(f"table {name} version {answer.get('version')} is Delta Lake version {commit} of "
                         f"{location}; reading it needs the deltalake package (pip install deltalake)", name) from None
    try:
        return DeltaTable(location, version=int(commit)).to_pyarrow_table()
    except Exception as error:  # deltalake raises its own error types, and OSError
        raise TableError(f"table {name}: cannot read Delta Lake version {commit} of {location}: {error}",
                         name) from None


def _read_marker(answer: dict[str, Any], name: str) -> Any:
    location, commit = answer.get("location"), answer.get("commit")
    pa = _pyarrow(name, "reading a marker partition")
    import pyarrow.dataset as ds

    directory = os.path.dirname(os.path.join(location or "", commit or ""))
    try:
        names = [entry for entry in os.listdir(directory) if not entry.startswith(("_", "."))]
    except OSError as error:
        raise TableError(f"table {name}: cannot list the partition {directory}: {error.strerror or error}",
                         name) from None
    found = {_DATASET_FORMATS.get(os.path.splitext(entry)[1].lower()) for entry in names} - {None}
    data_format = found.pop() if len(found) == 1 else "parquet"
    try:
        return ds.dataset(directory, format=data_format, partitioning="hive").to_table()
    except (OSError, pa.ArrowException) as error:
        raise TableError(f"table {name}: cannot read the partition {directory} as {data_format}: {error}",
                         name) from None


def from_arrow(table: Any, as_: str, name: str) -> Any:
    """``table`` as a pandas DataFrame (remembering its Arrow schema, as artifacts do), a polars DataFrame, or
    itself."""
    if as_ == "arrow":
        return table
    if as_ == "polars":
        try:
            import polars
        except ImportError:
            raise TableError(f"table {name}: read(as_='polars') needs polars (pip install polars)", name) from None
        return polars.from_arrow(table)
    try:
        frame = table.to_pandas()
    except ImportError as error:
        raise TableError(f"table {name}: reading it as a DataFrame needs pandas (pip install pandas): {error}",
                         name) from None
    from . import _table_schema

    _table_schema.remember(frame, table.schema)
    return frame
