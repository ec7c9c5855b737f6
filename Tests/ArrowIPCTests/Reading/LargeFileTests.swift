import Testing
@testable import ArrowIPC

/// Reading a large uncompressed file must not copy column data and must do
/// work proportional to the number of buffers, not rows. Opt-in: set
/// `BRAID_ARROW_LARGE_FILE` to an uncompressed file without dictionaries,
/// e.g. 10,000,000 rows of int64, float64, utf8 and bool written by pyarrow.
@Suite(.enabled(if: TestEnvironment.value("BRAID_ARROW_LARGE_FILE") != nil))
struct LargeFileTests {
    @Test func readsInPlaceInTimeIndependentOfRows() throws {
        let path = try #require(TestEnvironment.value("BRAID_ARROW_LARGE_FILE"))
        let clock = ContinuousClock()
        var rows = 0
        var batches: [RecordBatch] = []
        let readTime = try clock.measure {
            let reader = try FileReader(path: path)
            batches = try reader.readAll()
            rows = batches.reduce(0) { $0 + $1.length }
        }
        for batch in batches {
            for column in batch.columns {
                for buffer in column.buffers + [column.validity].compactMap({ $0 }) {
                    #expect(buffer.owner is MappedRegionOwner, "column data was copied")
                }
            }
        }
        let validateTime = try clock.measure { for batch in batches { try batch.validate() } }
        print("large file: \(rows) rows in \(batches.count) batches read in \(readTime), validated in \(validateTime)")
        // Reading touches no column data: a generous bound that a per-row pass
        // over 10M rows would not meet in a debug build.
        #expect(readTime < .milliseconds(200))
    }
}
