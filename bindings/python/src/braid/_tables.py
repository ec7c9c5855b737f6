"""Table artifacts (pandas DataFrame, pyarrow Table) through pyarrow, imported only when a table is met.

Writing uses ``pa.Table.from_pandas`` (dtypes, index, categoricals, time
zones and nullable integers kept in the ``pandas`` schema metadata) and
``pa.ipc.new_file``; reading memory-maps the file and calls ``to_pandas()``.
A DataFrame read from an artifact remembers the Arrow schema it was read
with (see ``_table_schema``), so storing it, or a frame derived from it,
again keeps column types pandas cannot say (an empty Date column, say).
Without pyarrow, tables are a clear error that says to install it.

``BRAID_NO_PYARROW=1`` makes Braid behave as if pyarrow were not installed
(to check the pure-Python paths).
"""

from __future__ import annotations

import os
import sys

from . import _table_schema
from ._errors import ArtifactReadError, ArtifactWriteError

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs import time in every worker
    from typing import Any

__all__ = ["have_pyarrow", "is_table", "write_table", "read_table", "read_value_column", "CannotConvert"]

_INSTALL = "install pyarrow (pip install pyarrow, or pip install 'braid[pandas]')"


class CannotConvert(Exception):
    """pyarrow cannot store this DataFrame as Arrow columns (e.g. an object column of mixed types)."""


_found: list[bool] = []  # whether pyarrow is installed, once asked (functools.lru_cache would import collections)


def _pyarrow_installed() -> bool:
    if not _found:
        import importlib.util

        _found.append(importlib.util.find_spec("pyarrow") is not None)
    return _found[0]


def have_pyarrow() -> bool:
    """Whether pyarrow can be used (installed, and not disabled with ``BRAID_NO_PYARROW``)."""
    if os.environ.get("BRAID_NO_PYARROW"):
        return False
    return _pyarrow_installed()


def is_table(value: Any) -> bool:
    """Whether ``value`` is a pandas DataFrame or a pyarrow Table (without importing either)."""
    pandas = sys.modules.get("pandas")
    if pandas is not None and isinstance(value, pandas.DataFrame):
        return True
    pyarrow = sys.modules.get("pyarrow")
    return pyarrow is not None and isinstance(value, pyarrow.Table)


def write_table(value: Any, path: str, braid_metadata: str, name: str | None) -> None:
    """Writes a DataFrame or pyarrow Table as an Arrow IPC file with the ``braid`` schema metadata.

    Raises:
        ArtifactWriteError: pyarrow is not available.
        CannotConvert: pyarrow cannot represent the DataFrame's columns.
    """
    if not have_pyarrow():
        raise ArtifactWriteError(f"artifact {name!r} is a {type(value).__module__.split('.')[0]} table; storing a "
                                 f"table needs pyarrow: {_INSTALL}", name)
    import pyarrow as pa

    table = value if isinstance(value, pa.Table) else _from_pandas(value)
    metadata = dict(table.schema.metadata or {})
    metadata[b"braid"] = braid_metadata.encode("utf-8")
    table = table.replace_schema_metadata(metadata)
    with pa.OSFile(path, "wb") as sink:
        with pa.ipc.new_file(sink, table.schema) as writer:
            if table.num_rows == 0:
                # pyarrow writes no batch for an empty table, and so no dictionary: the categories would be lost.
                writer.write_batch(pa.RecordBatch.from_arrays([column.combine_chunks() for column in table.columns],
                                                              schema=table.schema))
            else:
                writer.write_table(table)


def _from_pandas(frame: Any) -> Any:
    """The Arrow table for a DataFrame, with the column types it was read with where pandas lost them."""
    import pyarrow as pa

    stored = _table_schema.recall(frame)
    try:
        with _table_schema.without_key(frame):
            table = pa.Table.from_pandas(frame, preserve_index=None)
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError, TypeError, ValueError) as error:
        raise CannotConvert(str(error)) from error
    return table if stored is None else _table_schema.restore(table, stored)


def _open(path: str, name: str | None) -> Any:
    if not have_pyarrow():
        raise ArtifactReadError(f"artifact {name!r} is a table; reading it needs pyarrow: {_INSTALL}", name)
    import pyarrow as pa

    return pa.ipc.open_file(pa.memory_map(path)).read_all()


def read_table(path: str, type_name: str | None, name: str | None) -> Any:
    """Reads a table artifact: a pandas DataFrame, or a pyarrow Table when one was stored."""
    table = _open(path, name)
    if type_name == "pyarrow.Table":
        return table
    try:
        frame = table.to_pandas()
    except ImportError as error:
        raise ArtifactReadError(f"artifact {name!r} is a table; reading it as a DataFrame needs pandas "
                                f"(pip install pandas): {error}", name) from None
    _table_schema.remember(frame, table.schema)
    return frame


def read_value_column(path: str, name: str | None, as_numpy: bool) -> Any:
    """The ``value`` column of a non-table artifact read with pyarrow (for files the pure reader declines)."""
    column = _open(path, name).column("value")
    if as_numpy:
        return column.to_numpy()
    return column.to_pylist()
