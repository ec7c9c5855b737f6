"""Python values ↔ artifact files: Arrow IPC files whose ``braid`` schema metadata says how to read them back.

| kind   | Python value                                                       | Arrow column ``value``      |
| ------ | ------------------------------------------------------------------ | --------------------------- |
| scalar | None, bool, int (int64), float, str, date, datetime, numpy numbers  | one row of the matching type |
| json   | list / dict of JSON-safe values                                     | one utf8 row of JSON text    |
| vector | 1-D numpy array (bool, int, uint, float, datetime64, str, bytes)    | n rows                       |
| table  | pandas DataFrame (or pyarrow Table), via pyarrow                    | the frame's columns          |
| pickle | anything else                                                       | one binary row               |

Scalars, json, vectors and pickles are written and read by Braid's own
pure-Python Arrow code (numpy only for vectors); tables need pyarrow. An
``rds`` artifact (an R object) cannot be read from Python.
"""

from __future__ import annotations

import os
import sys

from . import _arrow_writer, _jsontext, _tables, _value_columns  # the reader modules load on the first read
from ._errors import ArrowFormatError, ArtifactReadError, ArtifactWriteError

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs import time in every worker
    from typing import Any

__all__ = ["StoredArtifact", "LoadedArtifact", "write_artifact", "read_artifact", "load_artifact", "fingerprint",
           "FORMAT_VERSION"]

FORMAT_VERSION = 1
SCALAR, JSON, VECTOR, TABLE, PICKLE, RDS = "scalar", "json", "vector", "table", "pickle", "rds"


class StoredArtifact:
    """What was written: the kind and the producing type's name (for the ``artifact`` protocol line)."""

    __slots__ = ("kind", "type_name")

    def __init__(self, kind: str, type_name: str):
        self.kind = kind
        self.type_name = type_name

    def __repr__(self) -> str:
        return f"StoredArtifact(kind={self.kind!r}, type_name={self.type_name!r})"


class LoadedArtifact:
    """What was read: the value, its kind, and a digest to detect in-place changes (see :func:`fingerprint`)."""

    __slots__ = ("value", "kind", "fingerprint")

    def __init__(self, value: Any, kind: str, fingerprint: bytes | None):
        self.value = value
        self.kind = kind
        self.fingerprint = fingerprint


def _braid_metadata(kind: str, type_name: str) -> str:
    return _jsontext.dumps({"version": FORMAT_VERSION, "kind": kind, "language": "python", "type_name": type_name})


def write_artifact(value: Any, path: str, name: str | None = None) -> StoredArtifact:
    """Writes ``value`` to ``path`` (atomically: a temporary file renamed into place).

    Raises:
        ArtifactWriteError: the value cannot be pickled, or is a table and pyarrow is missing; the message
            names the artifact and its type.
    """
    type_name = _value_columns.type_name(value)
    temporary = f"{path}.tmp{os.getpid()}"
    try:
        stored = _write(value, temporary, name, type_name)
        os.replace(temporary, path)
        return stored
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def _write(value: Any, path: str, name: str | None, type_name: str) -> StoredArtifact:
    column = _value_columns.scalar_column(value)
    kind = SCALAR
    if column is None:
        text = _value_columns.json_text(value)
        if text is not None:
            column, kind = _value_columns.text_column(text), JSON
    if column is None:
        column, kind = _value_columns.vector_column(value), VECTOR
    if column is None and _tables.is_table(value):
        try:
            _tables.write_table(value, path, _braid_metadata(TABLE, type_name), name)
            return StoredArtifact(TABLE, type_name)
        except _tables.CannotConvert as error:
            print(f"braid: artifact {name!r} ({type_name}) has columns Arrow cannot store ({error}); "
                  "stored as a Python pickle instead, which R cannot read", file=sys.stderr)
    if column is None:
        column, kind = _value_columns.binary_column(_pickled(value, name, type_name)), PICKLE
    with open(path, "wb") as sink:
        _arrow_writer.write_file(sink, [column], {"braid": _braid_metadata(kind, type_name)})
    return StoredArtifact(kind, type_name)


def _pickled(value: Any, name: str | None, type_name: str) -> bytes:
    import pickle

    try:
        return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception as error:  # pickle raises TypeError, PicklingError, AttributeError, ...
        label = f"artifact {name!r}" if name else "the value"
        raise ArtifactWriteError(
            f"{label} (a {type_name}) cannot be stored: it cannot be pickled ({type(error).__name__}: {error}). "
            f"Keep it in a local variable instead of on self, or store something picklable.", name) from error


def read_artifact(path: str, name: str | None = None) -> Any:
    """The Python value stored in the artifact file at ``path``.

    Raises:
        ArtifactReadError: an R object (rds), a table without pyarrow, an unreadable or corrupt file; the
            message names the artifact.
    """
    return load_artifact(path, name, fingerprinted=False).value


# A file up to this size is read whole and its footer parsed once for both the metadata and the value (the
# client reads thousands of small artifacts in a loop); a bigger one (a table) has only its footer read first.
_READ_WHOLE = 1 << 20


def load_artifact(path: str, name: str | None = None, *, fingerprinted: bool = True) -> LoadedArtifact:
    """The value of the artifact file at ``path``, with its kind and (unless not ``fingerprinted``) fingerprint."""
    _arrow_reader = _readers()[0]
    label = f"artifact {name!r}" if name else f"artifact file {path}"
    opened = None
    try:
        data = _read_file(path, _READ_WHOLE)
        if data is not None:
            try:
                opened = _arrow_reader.open_file(data)
            except ArrowFormatError:
                # Unsupported: its value goes to pyarrow below; malformed: the footer read says what is wrong
                # with the file, naming it. Either way the footer alone is read next.
                opened = None
        metadata = opened.metadata if opened else _arrow_reader.schema_metadata(path)
    except FileNotFoundError:
        raise ArtifactReadError(f"{label}: its file {path} does not exist", name) from None
    except ArrowFormatError as error:
        raise ArtifactReadError(f"{label} cannot be read: {error}", name) from None
    braid = _parse_braid(metadata.get("braid"), label, name)
    kind, type_name = braid.get("kind"), braid.get("type_name")
    if kind == RDS:
        raise ArtifactReadError(
            f"{label} is an R object ({type_name or 'unknown type'}) stored with R's serialize(); only R can read "
            "it. To share it with Python, make it a data.frame, vector or list in R.", name)
    if kind == TABLE:
        return LoadedArtifact(_tables.read_table(path, type_name, name), TABLE, None)
    if kind not in (SCALAR, JSON, VECTOR, PICKLE):
        raise ArtifactReadError(f"{label} has kind {kind!r}, which this version of braid cannot read", name)
    try:
        value = _read_value(opened or _arrow_reader.open_file(_read_file(path)), kind, name)
    except _arrow_reader.Unsupported as error:
        if not _tables.have_pyarrow():
            raise ArtifactReadError(f"{label} uses an Arrow feature the built-in reader lacks ({error}); "
                                    "install pyarrow to read it", name) from None
        value = _tables.read_value_column(path, name, as_numpy=(kind == VECTOR))
        if kind != VECTOR:
            value = value[0] if len(value) == 1 else None
    except ArrowFormatError as error:
        raise ArtifactReadError(f"{label} cannot be read: {error}", name) from None
    value = _finish(value, kind, type_name, label, name)
    if not fingerprinted:
        digest = None
    elif kind in (JSON, PICKLE):
        digest = _digest(value if isinstance(value, bytes) else str(value).encode("utf-8"))
    else:
        digest = fingerprint(value, kind)
    return LoadedArtifact(_decode(value, kind, type_name, label, name), kind, digest)


_readers_loaded: tuple = ()


def _readers() -> tuple:
    """``(_arrow_reader, _arrow_values)``, imported on the first read: a worker that reads nothing never loads them,
    and a loop over thousands of artifacts does not go through the import machinery each time."""
    global _readers_loaded
    if not _readers_loaded:
        from . import _arrow_reader, _arrow_values

        _readers_loaded = (_arrow_reader, _arrow_values)
    return _readers_loaded


# The braid metadata texts seen, parsed: each kind of artifact has one, repeated in every file of that kind.
_BRAID_SEEN: dict[str, dict[str, Any]] = {}


def _parse_braid(text: str | None, label: str, name: str | None) -> dict[str, Any]:
    if text is None:
        return {"kind": TABLE}  # a plain Arrow file: read it as a table
    seen = _BRAID_SEEN.get(text)
    if seen is not None:
        return dict(seen)
    braid = _parse_braid_text(text, label, name)
    if len(_BRAID_SEEN) < 256:
        _BRAID_SEEN[text] = dict(braid)
    return braid


def _parse_braid_text(text: str, label: str, name: str | None) -> dict[str, Any]:
    try:
        braid = _jsontext.loads(text)
    except ValueError:
        raise ArtifactReadError(f"{label}: its 'braid' metadata is not JSON: {text[:200]!r}", name) from None
    if not isinstance(braid, dict):
        raise ArtifactReadError(f"{label}: its 'braid' metadata is not a JSON object", name)
    return braid


def _read_file(path: str, at_most: int | None = None) -> bytearray | None:
    """The whole file, or None when it is bigger than ``at_most``."""
    with open(path, "rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        if at_most is not None and size > at_most:
            return None
        data = bytearray(size)
        handle.readinto(data)
    return data


def _read_value(opened: Any, kind: str, name: str | None) -> Any:
    _arrow_values = _readers()[1]
    columns = opened.columns()
    if "value" not in columns:
        raise ArrowFormatError(f"it has no 'value' column (columns: {', '.join(columns) or 'none'})")
    if kind == VECTOR:
        if "numpy" not in sys.modules:
            try:
                import numpy  # noqa: F401
            except ImportError:
                raise ArtifactReadError(f"artifact {name!r} is a vector; reading it needs numpy "
                                        "(pip install numpy)", name) from None
        return _arrow_values.to_numpy(columns["value"])
    values = _arrow_values.to_pylist(columns["value"])
    if len(values) != 1:
        raise ArrowFormatError(f"a {kind} artifact holds one row, this one has {len(values)}")
    return values[0]


def _finish(value: Any, kind: str, type_name: str | None, label: str, name: str | None) -> Any:
    """Checks the raw cell of a json (text) or pickle (bytes) artifact."""
    if kind == JSON and not isinstance(value, str):
        raise ArtifactReadError(f"{label} is a json artifact whose value is not text", name)
    if kind == PICKLE and not isinstance(value, bytes):
        raise ArtifactReadError(f"{label} is a pickle artifact whose value is not binary", name)
    return value


def _decode(value: Any, kind: str, type_name: str | None, label: str, name: str | None) -> Any:
    if kind == JSON:
        try:
            return _jsontext.loads(value)
        except (TypeError, ValueError) as error:
            raise ArtifactReadError(f"{label} holds invalid JSON: {error}", name) from None
    if kind == PICKLE:
        import pickle

        try:
            return pickle.loads(value)
        except Exception as error:  # unpickling runs arbitrary code: anything can fail
            raise ArtifactReadError(f"{label} (a {type_name}) cannot be unpickled: {type(error).__name__}: "
                                    f"{error}", name) from error
    if kind == SCALAR and type_name and type_name.startswith("numpy.") and value is not None:
        import numpy

        numpy_type = getattr(numpy, type_name[len("numpy."):], None)
        if numpy_type is not None:
            return numpy_type(value)
    return value


def fingerprint(value: Any, kind: str) -> bytes | None:
    """A digest of a mutable value, to tell whether a step changed it in place (None: not tracked).

    JSON values and pickles are digested through their serialized form,
    vectors through their bytes; scalars are immutable and tables are not
    tracked (assign a changed DataFrame to store it).
    """
    try:
        if kind == JSON:
            text = _value_columns.json_text(value)
            return _digest(text.encode("utf-8")) if text is not None else b""
        if kind == PICKLE:
            import pickle

            return _digest(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        if kind == VECTOR:
            import numpy

            if type(value) is not numpy.ndarray:
                return b""
            header = f"{value.dtype.str}{value.shape}".encode()
            if value.dtype.kind == "O":
                return _digest(header + repr(value.tolist()).encode("utf-8"))
            return _digest(header, numpy.ascontiguousarray(value).view(numpy.uint8))
    except Exception:  # no longer serializable: call it changed
        return b""
    return None


def _digest(*parts: Any) -> bytes:
    import hashlib

    digest = hashlib.blake2b(digest_size=20)
    for part in parts:
        digest.update(part)
    return digest.digest()
