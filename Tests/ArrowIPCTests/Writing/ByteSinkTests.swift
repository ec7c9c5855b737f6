import Foundation
import Testing
@testable import ArrowIPC

@Suite struct ByteSinkTests {
    private func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("braid-sink-\(UUID().uuidString)-\(name)").path
    }

    @Test func memorySinkCollectsEverything() throws {
        let sink = MemorySink()
        try sink.write([1, 2, 3])
        try sink.writeZeros(5)
        try sink.write(ByteBuffer(copying: [9]))
        #expect(sink.bytesWritten == 9)
        #expect(sink.take().bytes == [1, 2, 3, 0, 0, 0, 0, 0, 9])
        #expect(sink.bytesWritten == 0)
    }

    @Test func fileSinkKeepsTheOrderOfStagedAndDirectWrites() throws {
        let path = temporaryPath("mix")
        defer { unlink(path) }
        let sink = try FileSink(path: path, syncOnClose: true, stagingCapacity: 64)
        var expected: [UInt8] = []
        for size in [3, 70, 1, 64, 63, 200, 0, 5] {  // below, above and at the staging size
            let chunk = (0..<size).map { UInt8(truncatingIfNeeded: $0 &+ expected.count) }
            try sink.write(chunk)
            expected += chunk
            #expect(sink.bytesWritten == expected.count)
        }
        try sink.close()
        try sink.close()  // a second close does nothing
        #expect(try Array(Data(contentsOf: URL(fileURLWithPath: path))) == expected)
    }

    @Test func fullDeviceIsAnIOErrorNamingThePath() throws {
        let sink = try FileSink(path: "/dev/full")
        #expect {
            try sink.write([UInt8](repeating: 1, count: 100_000))  // larger than staging: written at once
        } throws: { error in
            (error as? ArrowIPCError)?.code == .io
                && "\(error)" == "file /dev/full: write failed after 0 bytes: No space left on device"
        }
        try sink.write([1, 2, 3])  // staged
        #expect(throws: ArrowIPCError.self) { try sink.close() }
    }

    @Test func openFailureNamesThePath() {
        #expect {
            try FileSink(path: "/nonexistent-dir/x.arrow")
        } throws: { error in
            "\(error)" == "file /nonexistent-dir/x.arrow: cannot open for writing: No such file or directory"
        }
    }

    @Test func writeAfterCloseIsAnError() throws {
        let path = temporaryPath("closed")
        defer { unlink(path) }
        let sink = try FileSink(path: path)
        try sink.close()
        #expect(throws: ArrowIPCError.self) { try sink.write([1]) }
    }
}
