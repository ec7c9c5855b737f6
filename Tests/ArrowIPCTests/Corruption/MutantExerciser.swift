@testable import ArrowIPC

/// Runs one mutant through every reading path and touches what it yields.
///
/// The only acceptable outcomes are a table or a thrown `ArrowIPCError`; a
/// trap, hang or runaway allocation ends the test process (or shows up as a
/// slow mutant). "Touching" a batch reads every value of every column
/// (`Column.values`) and calls `validate()`.
enum MutantExerciser {
    struct Outcome {
        /// Reading paths that produced batches without error.
        var readPaths = 0
        /// Reading paths that threw.
        var rejectedPaths = 0
        /// Columns whose values were not materialized because they would make
        /// more than `valueBudget` values (possible only with buffer-less
        /// columns such as null or empty structs, whose length is free).
        var oversizedColumns = 0
        /// Each rejection's reason with digits blanked, for a histogram.
        var reasons: [String] = []
    }

    /// The most `Value`s one column may expand to before the harness declines
    /// to materialize it.
    static let valueBudget = 2_000_000

    /// Reads `bytes` as a file (through `FileReader`, every batch by index)
    /// and as a stream (all of it, or the part after a file's 8-byte header).
    static func exercise(_ bytes: [UInt8]) -> Outcome {
        var outcome = Outcome()
        let buffer = ByteBuffer(copying: bytes)
        for path in 0..<3 {
            do {
                outcome.oversizedColumns += try read(buffer, path: path)
                outcome.readPaths += 1
            } catch {
                // Building the description must not trap either.
                precondition(!error.description.isEmpty)
                outcome.rejectedPaths += 1
                outcome.reasons.append(String(error.reason.map { $0.isNumber ? "#" : $0 }))
            }
        }
        return outcome
    }

    /// Reads through path 0 (`FileReader`, every batch by index), 1
    /// (`StreamReader`, after a file's 8-byte header if there is one) or 2
    /// (`ArrowTable.read`); returns the number of oversized columns.
    private static func read(_ buffer: ByteBuffer, path: Int) throws(ArrowIPCError) -> Int {
        var oversized = 0
        switch path {
        case 0:
            let reader = try FileReader(bytes: buffer)
            for i in 0..<reader.batchCount { oversized += try touch(reader.batch(at: i)) }
        case 1:
            let isFile = ArrowTable.format(of: buffer) == .file && buffer.count >= 8
            var reader = try StreamReader(bytes: isFile ? buffer.slice(offset: 8, count: buffer.count - 8) : buffer)
            while let batch = try reader.next() { oversized += try touch(batch) }
        default:
            _ = try ArrowTable.read(bytes: buffer).rowCount
        }
        return oversized
    }

    /// Reads every value and validates; returns the number of oversized columns.
    private static func touch(_ batch: RecordBatch) throws(ArrowIPCError) -> Int {
        var oversized = 0
        for column in batch.columns {
            if fitsBudget(column) {
                let values = column.values
                precondition(values.count == column.length)
            } else {
                oversized += 1
            }
        }
        try batch.validate()
        return oversized
    }

    // MARK: - Value budget

    private static func fitsBudget(_ column: Column) -> Bool {
        var budget = valueBudget
        for i in 0..<column.length where !cost(column, i, &budget) { return false }
        return true
    }

    /// Charges the values `column.value(at: i)` would make; false once spent.
    private static func cost(_ column: Column, _ i: Int, _ budget: inout Int) -> Bool {
        budget -= 1
        guard budget >= 0 else { return false }
        guard column.isValid(i) else { return true }
        switch column.type {
        case .list, .largeList, .fixedSizeList:
            for j in column.childRange(at: i) ?? 0..<0 where !cost(column.children[0], j, &budget) { return false }
        case .struct:
            for child in column.children where !cost(child, i, &budget) { return false }
        case .dictionary:
            if let dictionary = column.dictionary, let index = column.dictionaryIndex(at: i) {
                return cost(dictionary, index, &budget)
            }
        default:
            break
        }
        return true
    }
}
