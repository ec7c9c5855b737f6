"""The floor for moving a pandas DataFrame from one step to the next: pyarrow alone, in one process, doing
what any Arrow hand-over must: ``Table.from_pandas``, the IPC file written, memory-mapped and read back,
``to_pandas``. The frame is the one ``flows/*/frame.py`` makes. Prints one JSON line of seconds.

    frame_floor.py ROWS DIRECTORY [--hops N] [--int32]

``--hops 2`` does it twice in a row (the R -> Python -> R row's two hand-overs);
``--int32`` makes the integer column int32, as an R integer vector is.
No ``fsync``: the floor is the format's cost, not durability's.
"""
import json
import os
import sys
import time

import numpy as np
import pandas as pd
import pyarrow as pa


def make_frame(rows, integer=np.int64):
    i = np.arange(rows, dtype=integer)
    labels = np.array([f"item-{k}" for k in range(1000)], dtype=object)
    return pd.DataFrame({"i": i, "x": i / 2, "s": pd.array(labels[i % 1000], dtype="str"), "b": i % 2 == 0})


def hand_over(frame, path):
    """(write seconds, read seconds, the frame read back)."""
    start = time.perf_counter()
    table = pa.Table.from_pandas(frame)
    with pa.OSFile(path, "wb") as sink, pa.ipc.new_file(sink, table.schema) as writer:
        writer.write_table(table)
    written = time.perf_counter()
    back = pa.ipc.open_file(pa.memory_map(path)).read_all().to_pandas()
    read = time.perf_counter()
    return written - start, read - written, back


def main():
    rows, directory = int(sys.argv[1]), sys.argv[2]
    hops = int(sys.argv[sys.argv.index("--hops") + 1]) if "--hops" in sys.argv else 1
    frame = make_frame(rows, np.int32 if "--int32" in sys.argv else np.int64)
    path = os.path.join(directory, "floor.arrow")
    write_s = read_s = 0.0
    for _ in range(hops):
        if os.path.exists(path):
            os.remove(path)  # truncating a large file costs more than writing a new one
        w, r, frame = hand_over(frame, path)
        write_s, read_s = write_s + w, read_s + r
    os.remove(path)
    if int(frame["i"].to_numpy().sum(dtype=np.int64)) != rows * (rows - 1) // 2:
        sys.exit("the frame read back differs")
    print(json.dumps({"write_s": write_s, "read_s": read_s, "total_s": write_s + read_s, "hops": hops}))


if __name__ == "__main__":
    main()
