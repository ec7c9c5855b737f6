// The Swift side of bench/arrow_ipc.py: builds, writes, reads and scans the
// benchmark table with the ArrowIPC library and prints one JSON line of timings.
//
//   arrow-bench write PATH ROWS   build the table (untimed), then time writing it
//   arrow-bench read PATH         time opening and reading every batch, then scanning every value
import ArrowIPC
import Foundation

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func peakRSSBytes() -> Int {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    return usage.ru_maxrss * 1024
}

/// int64 i, float64 i / 2, utf8 "item-<i mod 1000>", bool (i even).
func makeBatch(rows: Int) throws -> RecordBatch {
    let ints = FixedWidthBuilder<Int64>(type: .int64, capacity: rows)
    let floats = FloatingPointBuilder<Double>(capacity: rows)
    let strings = VariableWidthBuilder(type: .utf8, capacity: rows)
    let bools = BoolBuilder()
    let labels = (0..<1000).map { Array("item-\($0)".utf8) }
    for i in 0..<rows {
        ints.append(Int64(i))
        floats.append(Double(i) / 2)
        labels[i % 1000].withUnsafeBytes { strings.append(bytes: $0) }
        bools.append(i % 2 == 0)
    }
    let schema = Schema([Field("i", .int64), Field("x", .float64), Field("s", .utf8), Field("b", .bool)])
    return try RecordBatch(schema: schema, columns: [ints.finish(), floats.finish(), strings.finish(), bools.finish()])
}

/// Touches every value so a lazy reader cannot look faster than it is.
func scan(_ batches: [RecordBatch]) -> Double {
    var total = 0.0
    for batch in batches {
        let (ints, floats, strings, bools) = (batch.columns[0], batch.columns[1], batch.columns[2], batch.columns[3])
        for row in 0..<batch.length {
            total += Double(ints.integer(at: row) ?? 0) + (floats.double(at: row) ?? 0)
            total += Double(strings.withBytes(at: row) { $0.count } ?? 0)
            if bools.bool(at: row) == true { total += 1 }
        }
    }
    return total
}

let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    FileHandle.standardError.write(Data("usage: arrow-bench write PATH ROWS | read PATH\n".utf8))
    exit(2)
}
let path = arguments[2]
switch arguments[1] {
case "write":
    let rows = Int(arguments[3])!
    var batch: RecordBatch!
    let build = try seconds { batch = try makeBatch(rows: rows) }
    let write = try seconds {
        try RecordBatch.write([batch], schema: batch.schema, to: path, format: .file)
    }
    print(#"{"build_s": \#(build), "write_s": \#(write), "peak_rss": \#(peakRSSBytes())}"#)
case "read":
    var table: ArrowTable!
    let read = try seconds { table = try ArrowTable.read(path: path) }
    var checksum = 0.0
    let scanTime = seconds { checksum = scan(table.batches) }
    print(#"{"read_s": \#(read), "scan_s": \#(scanTime), "checksum": \#(checksum), "peak_rss": \#(peakRSSBytes())}"#)
default:
    FileHandle.standardError.write(Data("unknown mode \(arguments[1])\n".utf8))
    exit(2)
}
