import ArrowIPC
import Foundation
import Testing

/// `braid arrow head` and `braid arrow cat`, run as the built `braid` binary.
///
/// The binary is `$BRAID_BIN`, else the `braid` next to this test bundle
/// (`swift test` builds every product of the package into the same
/// directory), else `<repo>/.build/debug/braid`.
@Suite struct ArrowCommandTests {
    static let repoRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let testdata = repoRoot.deletingLastPathComponent().appendingPathComponent("shared/testdata/arrow")

    static func fixture(_ name: String) -> String { testdata.appendingPathComponent(name).path }

    static func braidBinary() throws -> String {
        var candidates: [String] = []
        if let env = ProcessInfo.processInfo.environment["BRAID_BIN"], !env.isEmpty { candidates.append(env) }
        // The test bundle lives in the build's bin directory (…/debug/BraidPackageTests.xctest[/Contents/MacOS/…]).
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            candidates.append(dir.appendingPathComponent("braid").path)
            dir = dir.deletingLastPathComponent()
        }
        if let bundle = Bundle.main.executableURL?.deletingLastPathComponent() {
            candidates.append(bundle.appendingPathComponent("braid").path)
        }
        candidates.append(repoRoot.appendingPathComponent(".build/debug/braid").path)
        for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate) {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), !isDirectory.boolValue {
                return candidate
            }
        }
        struct Missing: Error, CustomStringConvertible {
            let candidates: [String]
            var description: String {
                "no braid binary: build it (swift build --product braid) or set BRAID_BIN; looked at \(candidates)"
            }
        }
        throw Missing(candidates: candidates)
    }

    struct Result {
        let status: Int32
        let stdout: Data
        let stderr: String
        var text: String { String(decoding: stdout, as: UTF8.self) }
    }

    static func braid(_ arguments: String...) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try braidBinary())
        process.arguments = arguments
        // stderr goes to a file, stdout through a pipe read to its end, so a
        // large output cannot block the child.
        let errURL = FileManager.default.temporaryDirectory.appendingPathComponent("braid-stderr-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errURL) }
        let errHandle = try FileHandle(forWritingTo: errURL)
        let out = Pipe()
        process.standardOutput = out
        process.standardError = errHandle
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try errHandle.close()
        let stderr = try Data(contentsOf: errURL)
        return Result(status: process.terminationStatus, stdout: stdout, stderr: String(decoding: stderr, as: UTF8.self))
    }

    static func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("braid-arrow-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    // MARK: head

    @Test func headOfBasicFile() throws {
        let path = Self.fixture("basic.arrow")
        let result = try Self.braid("arrow", "head", path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr == "")
        let expected = """
            \(path): Arrow IPC file, 3 rows in 1 record batch, 7 columns
            schema:
              i32: int32
              f64: double
              s: string
              b: bool
              d: date32[day]
              ts: timestamp[us, tz=UTC]
              cat: dictionary<values=string, indices=int32, ordered=0>

            i32   f64   s     b      d           ts                           cat
            ----  ----  ----  -----  ----------  ---------------------------  ---
            1     1.5   a     true   2024-01-01  2024-01-01T12:00:00.000500Z  lo
            null  nan   null  false  null        null                         hi
            3     null  ccc   null   1970-01-01  1970-01-01T00:00:00.000000Z  lo

            """
        #expect(result.text == expected)
    }

    @Test func headLimitsRows() throws {
        let result = try Self.braid("arrow", "head", Self.fixture("basic.arrows"), "-n", "1")
        #expect(result.status == 0)
        let lines = result.text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first?.hasSuffix(": Arrow IPC stream, 3 rows in 1 record batch, 7 columns") == true)
        #expect(lines.suffix(3) == ["---  ---  -  ----  ----------  ---------------------------  ---",
                                    "1    1.5  a  true  2024-01-01  2024-01-01T12:00:00.000500Z  lo", ""])
    }

    @Test func headShowsSchemaMetadata() throws {
        let result = try Self.braid("arrow", "head", Self.fixture("pandas_range_index.arrow"), "-n", "0")
        #expect(result.status == 0)
        let metadataLine = result.text.split(separator: "\n").first { $0.hasPrefix("  pandas: ") }
        #expect(metadataLine != nil)
        #expect(metadataLine.map { $0.count <= "  pandas: ".count + 100 } == true)
        #expect(metadataLine?.hasSuffix("…") == true)
    }

    @Test func headOfTruncatedFileFails() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let bytes = try Data(contentsOf: URL(fileURLWithPath: Self.fixture("basic.arrow")))
        let truncated = dir.appendingPathComponent("truncated.arrow")
        try bytes.prefix(500).write(to: truncated)
        let result = try Self.braid("arrow", "head", truncated.path)
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == "braid arrow head: file \(truncated.path): the file does not end with the magic bytes ARROW1\n")
    }

    @Test func headOfMissingFileFails() throws {
        let result = try Self.braid("arrow", "head", "/nonexistent/missing.arrow")
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("braid arrow head: file /nonexistent/missing.arrow: "))
        #expect(!result.stderr.contains("Fatal error"))
    }

    // MARK: cat

    static func assertSameContent(_ a: ArrowTable, _ b: ArrowTable) throws {
        #expect(a.schema == b.schema)
        #expect(a.batches.count == b.batches.count)
        for (x, y) in zip(a.batches, b.batches) {
            #expect(x.length == y.length)
            for (c, d) in zip(x.columns, y.columns) {
                #expect(c.values == d.values)
                try c.validate()
            }
        }
    }

    @Test(arguments: ["basic.arrow", "basic.arrows", "basic_lz4.arrow", "types.arrow", "dict_delta.arrows",
                      "pandas_named_index.arrow", "empty.arrows", "zero_rows.arrow"])
    func catRoundTrips(name: String) throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let original = try ArrowTable.read(path: Self.fixture(name))
        for format in ["file", "stream"] {
            for compression in ["none", "zstd", "lz4"] {
                let out = dir.appendingPathComponent("\(format)-\(compression)").path
                let result = try Self.braid("arrow", "cat", Self.fixture(name), "-o", out,
                                            "--format", format, "--compression", compression)
                #expect(result.status == 0, "\(result.stderr)")
                let copy = try ArrowTable.read(path: out)
                #expect(copy.format == (format == "file" ? .file : .stream))
                try Self.assertSameContent(copy, original)
                if format == "file" { #expect(copy.metadata == original.metadata) }
            }
        }
        // Nothing but the outputs: no temporary files left behind.
        let left = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.contains(".tmp-") }
        #expect(left.isEmpty)
    }

    @Test func catKeepsTheInputFormatByDefault() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for name in ["basic_zstd.arrow", "basic.arrows"] {
            let out = dir.appendingPathComponent(name).path
            #expect(try Self.braid("arrow", "cat", Self.fixture(name), "-o", out).status == 0)
            #expect(try ArrowTable.read(path: out).format == ArrowTable.read(path: Self.fixture(name)).format)
        }
    }

    @Test func catToStandardOutput() throws {
        let result = try Self.braid("arrow", "cat", Self.fixture("basic.arrow"), "-o", "-", "--format", "stream")
        #expect(result.status == 0, "\(result.stderr)")
        let table = try ArrowTable.read(bytes: ByteBuffer(copying: [UInt8](result.stdout)))
        #expect(table.format == .stream)
        try Self.assertSameContent(table, try ArrowTable.read(path: Self.fixture("basic.arrow")))

        let refused = try Self.braid("arrow", "cat", Self.fixture("basic.arrow"), "-o", "-")
        #expect(refused.status == 64)
        #expect(refused.stdout.isEmpty)
        #expect(refused.stderr.contains("stream"))
        let refusedExplicitly = try Self.braid("arrow", "cat", Self.fixture("basic.arrows"), "-o", "-", "--format", "file")
        #expect(refusedExplicitly.status == 64)
    }

    @Test func catOfCorruptInputLeavesNothing() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let bytes = try Data(contentsOf: URL(fileURLWithPath: Self.fixture("basic.arrows")))
        let truncated = dir.appendingPathComponent("truncated.arrows")
        try bytes.prefix(bytes.count - 100).write(to: truncated)
        let out = dir.appendingPathComponent("out.arrows").path
        let result = try Self.braid("arrow", "cat", truncated.path, "-o", out)
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("braid arrow cat: file \(truncated.path), message 2 at offset 656: "))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["truncated.arrows"])
    }
}
