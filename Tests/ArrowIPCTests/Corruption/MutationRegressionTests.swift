import Testing
@testable import ArrowIPC

/// Mutants that crashed the reader (arithmetic-overflow traps in the size
/// checks of `Column.init`, before `Column.byteCount`), kept as named cases.
/// Each was found by `MutationTests` with the seed and iteration given.
@Suite struct MutationRegressionTests {
    struct Regression: CustomTestStringConvertible, Sendable {
        let name: String
        let file: String
        let writes: [(offset: Int, bytes: [UInt8])]
        /// The error of the file path (or the stream path for a stream).
        let expected: String
        var testDescription: String { name }

        func mutant() throws -> [UInt8] {
            var bytes = try TestData.bytes(file)
            for (offset, value) in writes { bytes.replaceSubrange(offset..<(offset + value.count), with: value) }
            return bytes
        }
    }

    static let regressions: [Regression] = [
        Regression(
            name: "validity size of a FieldNode.length of Int64.max (seed 1, basic.arrows #119)",
            file: "basic.arrows", writes: [(1008, le(Int64.max))],
            expected: "record batch 0, column 'f64' (1): validity bitmap has 1 bytes, 1152921504606846976 needed for 9223372036854775807 values"),
        Regression(
            name: "values size of a timestamp node of 2^60 + 3 rows (seed 4, basic.arrow #728)",
            file: "basic.arrow", writes: [(1087, le(Int64(16)))],
            expected: "record batch 0, column 'ts' (5): values buffer has 24 bytes, 9223372036854775807 needed for 1152921504606846979 values of timestamp[us, tz=UTC]"),
        Regression(
            name: "offsets size in an LZ4 dictionary batch (seed 2, basic_lz4.arrow #840)",
            file: "basic_lz4.arrow", writes: [(647, [0x40])],  // bit 6 flipped
            expected: "dictionary batch 0 (id 0), column 'cat' (0): offsets buffer has 12 bytes, 9223372036854775807 needed for 4611686018427387906 values of string"),
        Regression(
            name: "indices size of a dictionary node of 2^62 + 3 rows (seed 5, basic.arrow #439)",
            file: "basic.arrow", writes: [(1103, [0x40])],  // bit 6 flipped
            expected: "record batch 0, column 'cat' (6): indices buffer has 12 bytes, 9223372036854775807 needed for 4611686018427387907 values of dictionary<values=string, indices=int32, ordered=0>"),
    ]

    @Test(arguments: regressions)
    func failsCleanly(_ regression: Regression) throws {
        let bytes = try regression.mutant()
        let outcome = MutantExerciser.exercise(bytes)
        #expect(outcome.readPaths == 0)
        do {
            if regression.file.hasSuffix(".arrows") {
                var reader = try StreamReader(bytes: ByteBuffer(copying: bytes))
                _ = try reader.readAll()
            } else {
                _ = try FileReader(bytes: ByteBuffer(copying: bytes)).readAll()
            }
            Issue.record("the mutant was read")
        } catch {
            #expect(error.description == regression.expected)
        }
    }
}
