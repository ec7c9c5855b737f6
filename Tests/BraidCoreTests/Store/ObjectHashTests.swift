import Foundation
import Testing
@testable import BraidCore

extension StoreTests {
    @Suite struct ObjectHashTests {
        /// Bytes 0, 1, …, 250, 0, 1, … (the pattern the expected names below were computed on, with Python's hashlib).
        private func pattern(_ count: Int) -> [UInt8] {
            var bytes = (0..<251).map { UInt8($0) }
            while bytes.count < count { bytes += bytes }  // doubling: fast even in a debug build
            return Array(bytes.prefix(count))
        }

        /// The object name of `bytes`, written to a file in `dir`.
        private func name(of bytes: [UInt8], in dir: String) throws -> String {
            let path = dir + "/object.bin"
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            return try ObjectStore.hash(fileAt: path)
        }

        /// Up to one piece an object is named by the plain SHA-256 of its bytes.
        @Test func smallObjectsKeepThePlainSHA256() throws {
            try withScratchDirectory { dir in
                let empty = try name(of: [], in: dir)
                let onePiece = try name(of: pattern(ObjectHash.pieceSize), in: dir)
                #expect(empty == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
                #expect(onePiece == "287507f403176f1f5b22b9a4d9cb49f7d7f88ac19e406b5ae87ce109564846bd")
            }
        }

        /// Larger objects: SHA-256 of the prefix and the 16 MiB pieces' digests,
        /// the same name a client computes (bindings/python `_merge.object_name`).
        @Test func largeObjectsAreNamedByTheirPieceDigests() throws {
            try withScratchDirectory { dir in
                let bytes = pattern(40 << 20 + 5)
                let found = try name(of: bytes, in: dir)
                #expect(found == "b5b5741ebe0662297a9c7ff3e0035071b99ae29a615d600500023f96f52d3675")
                // The parallel reads give what hashing the pieces one after another gives.
                var list = ObjectHash.pieceListPrefix
                bytes.withUnsafeBytes { all in
                    for start in stride(from: 0, to: all.count, by: ObjectHash.pieceSize) {
                        list += SHA256.hash(UnsafeRawBufferPointer(rebasing: all[start..<min(start + ObjectHash.pieceSize, all.count)])).bytes
                    }
                }
                #expect(found == list.withUnsafeBytes { SHA256.hash($0).hex })
            }
        }

        /// One byte past a piece already changes the rule, and any changed byte changes the name.
        @Test func everyByteCounts() throws {
            try withScratchDirectory { dir in
                var bytes = pattern(ObjectHash.pieceSize + 1)
                let before = try name(of: bytes, in: dir)
                #expect(before != bytes.withUnsafeBytes { SHA256.hash($0).hex })
                bytes[ObjectHash.pieceSize] ^= 1
                let after = try name(of: bytes, in: dir)
                #expect(after != before)
            }
        }

        /// A file that cannot be read is an error naming it and the reason, not a name.
        @Test func anUnreadableFileIsAnErrorNamingIt() throws {
            try withScratchDirectory { dir in
                let file = try SystemFile(path: dir, flags: O_RDONLY)  // a directory: pread fails with EISDIR
                do {
                    _ = try ObjectHash.of(file)
                    Issue.record("hashing a directory succeeded")
                } catch let error as StoreError {
                    #expect(error.errno == EISDIR)
                    #expect(error.description == "cannot read \(dir): is a directory (EISDIR)")
                }
            }
        }
    }
}
