"""The pyarrow side of bench/arrow_ipc.py: the same table, written and read with
pyarrow's own IPC file writer and reader; prints one JSON line of timings.

    pyarrow_side.py write PATH ROWS
    pyarrow_side.py read PATH
"""
import json
import resource
import sys
import time

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.ipc as ipc


def make_table(rows):
    import numpy as np

    i = np.arange(rows, dtype=np.int64)
    labels = pa.array([f"item-{k}" for k in range(1000)], pa.string())
    strings = pc.take(labels, pa.array(i % 1000))
    return pa.table({"i": i, "x": i / 2, "s": strings, "b": i % 2 == 0})


def peak_rss():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def main():
    mode, path = sys.argv[1], sys.argv[2]
    if mode == "write":
        start = time.perf_counter()
        table = make_table(int(sys.argv[3]))
        build = time.perf_counter() - start
        start = time.perf_counter()
        with ipc.new_file(path, table.schema) as writer:
            writer.write_table(table)
        write = time.perf_counter() - start
        print(json.dumps({"build_s": build, "write_s": write, "peak_rss": peak_rss()}))
    else:
        start = time.perf_counter()
        table = ipc.open_file(pa.memory_map(path)).read_all()
        read = time.perf_counter() - start
        start = time.perf_counter()
        checksum = (
            pc.sum(table["i"]).as_py()
            + pc.sum(table["x"]).as_py()
            + pc.sum(pc.binary_length(table["s"])).as_py()
            + pc.sum(table["b"].cast(pa.int64())).as_py()
        )
        scan = time.perf_counter() - start
        print(json.dumps({"read_s": read, "scan_s": scan, "checksum": float(checksum), "peak_rss": peak_rss()}))


if __name__ == "__main__":
    main()
