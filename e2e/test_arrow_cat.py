"""`braid arrow cat` against pyarrow: files and streams that pyarrow writes
(every type the Swift library handles, compressed and not, several batches,
dictionaries, metadata at every level) are rewritten by the Swift writer to
each format and compression, and pyarrow reads the result back unchanged.

Run: BRAID_BIN=<built braid> python3 -m pytest e2e/test_arrow_cat.py
"""
import math
import os
import shutil
import subprocess
from pathlib import Path

import pytest

pa = pytest.importorskip("pyarrow")
ipc = pytest.importorskip("pyarrow.ipc")

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared" / "testdata" / "arrow"
OUTPUTS = [(fmt, comp) for fmt in ("file", "stream") for comp in ("none", "zstd", "lz4")]


def braid_binary():
    candidate = os.environ.get("BRAID_BIN") or shutil.which("braid")
    if not candidate:
        release = REPO / ".build" / "release" / "braid"
        candidate = str(release) if release.exists() else None
    if not candidate:
        pytest.exit("no braid binary: run `make install` or set BRAID_BIN", returncode=2)
    return candidate


# ---------------------------------------------------------------------------
# The source tables


def _batch(offset: int, dictionary_values):
    """One record batch of the all-types table; `offset` varies the values."""
    n = 4
    o = offset

    def ints(lo, hi):
        return [lo, hi, None, o]

    cols = {}
    for bits in (8, 16, 32, 64):
        lo, hi = -(2 ** (bits - 1)), 2 ** (bits - 1) - 1
        cols[f"i{bits}"] = pa.array(ints(lo, hi), pa.int8() if bits == 8 else getattr(pa, f"int{bits}")())
        cols[f"u{bits}"] = pa.array([0, 2 ** bits - 1, None, o], getattr(pa, f"uint{bits}")())
    cols["f32"] = pa.array([1.5, math.nan, None, -0.0 + o], pa.float32())
    cols["f64"] = pa.array([math.inf, math.nan, None, 1e300 * (o + 1)], pa.float64())
    cols["bool"] = pa.array([True, False, None, o % 2 == 0])
    cols["utf8"] = pa.array(["a", "été", None, "x" * (o + 1)], pa.utf8())
    cols["large_utf8"] = pa.array(["", "日本", None, "y" * o], pa.large_utf8())
    cols["binary"] = pa.array([b"\x00\x01", b"", None, bytes([o % 256])], pa.binary())
    cols["large_binary"] = pa.array([b"\xff", b"zz", None, b""], pa.large_binary())
    cols["date32"] = pa.array([19723, -1, None, o], pa.date32())
    cols["date64"] = pa.array([1704067200000, 0, None, 86400000 * o], pa.date64())
    for unit in ("s", "ms", "us", "ns"):
        cols[f"ts_{unit}"] = pa.array([1704110400, -1, None, o], pa.timestamp(unit))
        cols[f"ts_{unit}_tz"] = pa.array([0, 1704110400, None, -o], pa.timestamp(unit, tz="Europe/Paris"))
        cols[f"dur_{unit}"] = pa.array([60, -5, None, o], pa.duration(unit))
    cols["time32_s"] = pa.array([0, 86399, None, o], pa.time32("s"))
    cols["time32_ms"] = pa.array([0, 86399999, None, o], pa.time32("ms"))
    cols["time64_us"] = pa.array([0, 86399999999, None, o], pa.time64("us"))
    cols["time64_ns"] = pa.array([0, 86399999999999, None, o], pa.time64("ns"))
    dictionary = pa.array(dictionary_values, pa.utf8())
    cols["dict_i8"] = pa.DictionaryArray.from_arrays(pa.array([0, 1, None, 0], pa.int8()), dictionary)
    cols["dict_i32_ordered"] = pa.DictionaryArray.from_arrays(
        pa.array([2, None, 1, 0], pa.int32()), dictionary, ordered=True)
    cols["dict_i16_int"] = pa.DictionaryArray.from_arrays(
        pa.array([0, 0, 1, None], pa.int16()), pa.array([10, 20], pa.int64()))
    cols["list"] = pa.array([[1, 2], [], None, [None, o]], pa.list_(pa.int32()))
    cols["large_list"] = pa.array([["a"], None, [], ["b", None]], pa.large_list(pa.utf8()))
    cols["fixed_size_list"] = pa.array([[1, 2], None, [3, None], [o, o]], pa.list_(pa.int16(), 2))
    cols["list_of_lists"] = pa.array([[[1], []], None, [[None]], []], pa.list_(pa.list_(pa.int64())))
    struct_type = pa.struct([
        pa.field("x", pa.int32()),
        pa.field("y", pa.utf8()),
        pa.field("inner", pa.struct([pa.field("z", pa.float64()), pa.field("w", pa.list_(pa.bool_()))])),
    ])
    cols["struct"] = pa.array([
        {"x": 1, "y": "p", "inner": {"z": 1.5, "w": [True]}},
        None,
        {"x": None, "y": None, "inner": None},
        {"x": o, "y": "q", "inner": {"z": None, "w": []}},
    ], struct_type)
    cols["null"] = pa.nulls(n)
    return cols


def all_types_schema(cols):
    fields = []
    for name, array in cols.items():
        metadata = {"unit": "days", "note": "field metadata"} if name == "date32" else None
        nullable = name != "u8_nn"
        fields.append(pa.field(name, array.type, nullable=nullable, metadata=metadata))
    fields.append(pa.field("u8_nn", pa.uint8(), nullable=False, metadata={"k": "v" * 300}))
    return pa.schema(fields, metadata={"origin": "test_arrow_cat", "empty": "", "long": "z" * 500})


def all_types_table(replace_dictionaries=False):
    """Three batches of every type; the dictionaries are shared across batches
    unless `replace_dictionaries` (which only the stream format allows)."""
    batches = []
    schema = None
    for i in range(3):
        values = ["lo", "hi", "mid"] if not replace_dictionaries else [f"v{i}", f"w{i}", f"x{i}"]
        cols = _batch(i, values)
        cols["u8_nn"] = pa.array([i, 1, 2, 255], pa.uint8())
        if schema is None:
            schema = all_types_schema({k: v for k, v in cols.items() if k != "u8_nn"})
        batches.append(pa.record_batch([cols[f.name] for f in schema], schema=schema))
    batches.append(batches[0].slice(0, 0))  # an empty batch
    batches.append(batches[1].slice(1, 2))  # a batch with offsets
    return pa.Table.from_batches(batches, schema=schema)


FOOTER = {"footer": "file-level", "écrit": "par pyarrow"}


def write_pyarrow(table, path: Path, fmt: str, compression):
    options = ipc.IpcWriteOptions(compression=compression)
    with open(path, "wb") as sink:
        if fmt == "file":
            writer = ipc.new_file(sink, table.schema, options=options, metadata=FOOTER)
        else:
            writer = ipc.new_stream(sink, table.schema, options=options)
        with writer:
            for batch in table.to_batches():
                writer.write_batch(batch)


def read_pyarrow(path: Path):
    """(table, batch count, footer metadata or None, format) as pyarrow sees them."""
    with open(path, "rb") as f:
        is_file = f.read(6) == b"ARROW1"
    if is_file:
        reader = ipc.open_file(path)
        batches = [reader.get_batch(i) for i in range(reader.num_record_batches)]
        metadata = reader.metadata
    else:
        reader = ipc.open_stream(path)
        batches = list(reader)
        metadata = None
    table = pa.Table.from_batches(batches, schema=reader.schema)
    return table, len(batches), metadata, "file" if is_file else "stream"


def _same(a, b):
    """Python values equal, with NaN equal to NaN (pyarrow's `equals` says NaN != NaN)."""
    if isinstance(a, float) and isinstance(b, float):
        return (math.isnan(a) and math.isnan(b)) or (a == b and math.copysign(1, a) == math.copysign(1, b))
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    return type(a) is type(b) and a == b


def assert_same_values(rewritten, original):
    """`rewritten.equals(original)`, except that NaNs compare equal."""
    assert rewritten.num_rows == original.num_rows
    assert rewritten.schema.equals(original.schema, check_metadata=True)
    if rewritten.equals(original, check_metadata=True):
        return
    for field, a, b in zip(original.schema, rewritten.columns, original.columns):
        if a.equals(b):
            continue
        assert a.type == b.type, field.name
        assert a.null_count == b.null_count, field.name
        assert _same(a.to_pylist(), b.to_pylist()), f"column {field.name} differs"


# ---------------------------------------------------------------------------
# Sources: generated tables plus every reference file


def generated_sources(tmp_dir: Path):
    sources = []
    table = all_types_table()
    for fmt in ("file", "stream"):
        for comp in (None, "lz4", "zstd"):
            path = tmp_dir / f"all_types_{fmt}_{comp or 'none'}.{'arrow' if fmt == 'file' else 'arrows'}"
            write_pyarrow(table, path, fmt, comp)
            sources.append(path)
    replaced = tmp_dir / "replaced_dictionaries.arrows"
    write_pyarrow(all_types_table(replace_dictionaries=True), replaced, "stream", None)
    sources.append(replaced)
    return sources


SHARED_FILES = sorted(p for p in SHARED.glob("*.arrow*") if p.suffix in (".arrow", ".arrows"))


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    return {p.name: p for p in generated_sources(tmp_path_factory.mktemp("sources"))}


GENERATED_NAMES = [f"all_types_{fmt}_{comp}.{'arrow' if fmt == 'file' else 'arrows'}"
                   for fmt in ("file", "stream") for comp in ("none", "lz4", "zstd")] + ["replaced_dictionaries.arrows"]


def can_hold(source_table, source_batches_path: Path, out_fmt: str):
    """Whether the output format can hold this source: a file cannot replace
    a dictionary (deltas are fine: pyarrow reads them all before the batches)."""
    if out_fmt == "stream":
        return True
    return source_batches_path.name != "replaced_dictionaries.arrows"


def check_round_trip(source: Path, out_fmt: str, comp: str, tmp_path: Path):
    original, batch_count, footer, in_fmt = read_pyarrow(source)
    original.validate(full=True)
    out = tmp_path / f"out.{out_fmt}"
    args = [braid_binary(), "arrow", "cat", str(source), "-o", str(out), "--format", out_fmt, "--compression", comp]
    result = subprocess.run(args, capture_output=True, text=True, timeout=120)
    if not can_hold(original, source, out_fmt):
        assert result.returncode != 0, "the file format cannot replace dictionaries; cat should refuse"
        assert not out.exists()
        assert not list(tmp_path.glob("out.*.tmp-*")), "temporary file left behind"
        return
    assert result.returncode == 0, f"{args} exited {result.returncode}: {result.stderr}"
    assert not list(tmp_path.glob("*.tmp-*")), "temporary file left behind"

    rewritten, rewritten_batches, rewritten_footer, fmt = read_pyarrow(out)
    assert fmt == out_fmt
    rewritten.validate(full=True)
    assert rewritten.schema.equals(original.schema, check_metadata=True), \
        f"schema differs:\n{rewritten.schema}\nvs\n{original.schema}"
    for a, b in zip(rewritten.schema, original.schema):
        assert a.metadata == b.metadata, a.name
    assert_same_values(rewritten, original)
    assert rewritten_batches == batch_count
    # Batch boundaries survive too.
    assert [len(b) for b in rewritten.to_batches()] == [len(b) for b in original.to_batches()]
    if out_fmt == "file" and in_fmt == "file":
        assert rewritten_footer == footer


@pytest.mark.parametrize("out_fmt,comp", OUTPUTS)
@pytest.mark.parametrize("name", GENERATED_NAMES)
def test_generated_round_trip(generated, name, out_fmt, comp, tmp_path):
    check_round_trip(generated[name], out_fmt, comp, tmp_path)


@pytest.mark.parametrize("out_fmt,comp", OUTPUTS)
@pytest.mark.parametrize("source", SHARED_FILES, ids=lambda p: p.name)
def test_reference_file_round_trip(source, out_fmt, comp, tmp_path):
    check_round_trip(source, out_fmt, comp, tmp_path)


def test_default_format_is_the_inputs(generated, tmp_path):
    for name in ("all_types_file_zstd.arrow", "all_types_stream_lz4.arrows"):
        out = tmp_path / name
        subprocess.run([braid_binary(), "arrow", "cat", str(generated[name]), "-o", str(out)], check=True)
        assert read_pyarrow(out)[3] == read_pyarrow(generated[name])[3]


def test_stdout_stream(generated, tmp_path):
    source = generated["all_types_file_none.arrow"]
    result = subprocess.run([braid_binary(), "arrow", "cat", str(source), "-o", "-", "--format", "stream"],
                            capture_output=True, timeout=120)
    assert result.returncode == 0, result.stderr
    table = ipc.open_stream(pa.py_buffer(result.stdout)).read_all()
    table.validate(full=True)
    assert table.schema.equals(read_pyarrow(source)[0].schema, check_metadata=True)
    assert_same_values(table, read_pyarrow(source)[0])


def test_stdout_refuses_file_format(generated):
    source = generated["all_types_file_none.arrow"]
    for extra in ([], ["--format", "file"]):
        result = subprocess.run([braid_binary(), "arrow", "cat", str(source), "-o", "-", *extra],
                                capture_output=True, timeout=60)
        assert result.returncode != 0
        assert result.stdout == b""
        assert b"stream" in result.stderr


def test_head_reads_every_generated_source(generated):
    for path in generated.values():
        result = subprocess.run([braid_binary(), "arrow", "head", str(path), "-n", "3"],
                                capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
        assert "rows in 5 record batches" in result.stdout.splitlines()[0]
