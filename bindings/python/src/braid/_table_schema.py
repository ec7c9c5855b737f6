"""The Arrow schema a table artifact was read with, kept so that storing the DataFrame again keeps its column types.

pandas cannot say everything Arrow can: an empty or all-missing object column
(an R ``Date`` or character column with no values) comes back from
``pa.Table.from_pandas`` as type ``null``, and pandas' string and
categorical dtypes come back as ``large_string`` and ``int8`` dictionaries.
So :func:`remember` puts the schema a DataFrame was read with in its
``attrs`` (which pandas copies into frames derived from it: ``copy()``,
selections, ``assign()``), and :func:`restore` casts each column of the table
about to be written back to the type the column of the same name had, where
the two agree on what the column is (null, text, or a categorical of text).
A column whose meaning changed (numbers to text, categorical to text) keeps
the type pandas gives it.

The schema is kept as base64 text so that ``attrs`` stays JSON-safe (pyarrow
writes ``attrs`` into its ``pandas`` metadata, and warns when it cannot).
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs import time in every worker
    from typing import Any

__all__ = ["ATTRS_KEY", "remember", "recall", "without_key", "restore"]

ATTRS_KEY = "braid.arrow_schema"


def remember(frame: Any, schema: Any) -> None:
    """Records in ``frame.attrs`` the schema (without its metadata) the frame was read with."""
    import base64  # here, not at the top: a worker that stores no table never pays for it

    serialized = schema.remove_metadata().serialize().to_pybytes()
    frame.attrs[ATTRS_KEY] = base64.b64encode(serialized).decode("ascii")


def recall(frame: Any) -> Any:
    """The schema recorded by :func:`remember` on ``frame`` or the frame it was derived from, or None."""
    text = getattr(frame, "attrs", {}).get(ATTRS_KEY)
    if not isinstance(text, str):
        return None
    import base64

    import pyarrow as pa

    try:
        return pa.ipc.read_schema(pa.py_buffer(base64.b64decode(text)))
    except (ValueError, pa.ArrowInvalid):  # edited or corrupted by hand: infer every type
        return None


class without_key:
    """Takes the schema out of ``frame.attrs`` while the frame is converted (so it is not written into the file)."""

    def __init__(self, frame: Any):
        self.frame = frame
        self.text = None

    def __enter__(self) -> None:
        self.text = self.frame.attrs.pop(ATTRS_KEY, None)

    def __exit__(self, *exc: object) -> None:
        if self.text is not None:
            self.frame.attrs[ATTRS_KEY] = self.text


def restore(table: Any, stored: Any) -> Any:
    """``table`` with each column cast to the type of the ``stored`` field of the same name, where they agree."""
    for position, field in enumerate(table.schema):
        if stored.get_field_index(field.name) < 0:
            continue  # a new column, or a duplicated name: nothing to go by
        wanted = stored.field(field.name).type
        if field.type == wanted or not _same_meaning(field.type, wanted):
            continue
        try:
            column = _cast(table.column(position), wanted)
        except Exception:  # pyarrow lacks that cast: keep what pandas gave
            continue
        table = table.set_column(position, field.with_type(wanted), column)
    return table


def _cast(column: Any, wanted: Any) -> Any:
    import pyarrow as pa

    if not pa.types.is_dictionary(wanted) or not pa.types.is_dictionary(column.type):
        return column.cast(wanted)
    # Chunk by chunk: pyarrow's cast drops the dictionary of an empty chunk, and with it the categories.
    return pa.chunked_array([
        pa.DictionaryArray.from_arrays(chunk.indices.cast(wanted.index_type), chunk.dictionary.cast(wanted.value_type),
                                       ordered=wanted.ordered)
        for chunk in column.chunks], type=wanted)


def _same_meaning(inferred: Any, wanted: Any) -> bool:
    import pyarrow as pa

    types = pa.types
    if types.is_null(inferred):
        return True  # no values to infer a type from: the stored type is the only evidence
    if _is_text(inferred):
        return _is_text(wanted)
    if types.is_dictionary(inferred) and types.is_dictionary(wanted):
        return (inferred.ordered == wanted.ordered and _is_text(inferred.value_type)
                and _is_text(wanted.value_type) and types.is_integer(wanted.index_type))
    return False


def _is_text(data_type: Any) -> bool:
    import pyarrow as pa

    return pa.types.is_string(data_type) or pa.types.is_large_string(data_type)
