"""The client names files the way the engine names objects (docs/formats.md, "The store");
the same expected names are pinned in Tests/BraidCoreTests/Store/ObjectHashTests.swift."""
import hashlib

from braid._merge import object_name


def _pattern(count):
    return (bytes(range(251)) * (count // 251 + 1))[:count]


def test_small_files_are_named_by_their_sha256(tmp_path):
    for size in (0, 1, 16 << 20):
        path = tmp_path / f"f{size}"
        path.write_bytes(_pattern(size))
        assert object_name(str(path)) == hashlib.sha256(_pattern(size)).hexdigest()
    assert object_name(str(tmp_path / f"f{16 << 20}")) == \
        "287507f403176f1f5b22b9a4d9cb49f7d7f88ac19e406b5ae87ce109564846bd"


def test_large_files_are_named_by_their_piece_digests(tmp_path):
    path = tmp_path / "large"
    path.write_bytes(_pattern((40 << 20) + 5))
    assert object_name(str(path)) == "b5b5741ebe0662297a9c7ff3e0035071b99ae29a615d600500023f96f52d3675"
