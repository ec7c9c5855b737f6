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

        /// Up to one piece an object is named by the plain SHA-256 of its bytes.
        @Test func smallObjectsKeepThePlainSHA256() {
            let piece = pattern(ObjectHash.pieceSize)
            let name = piece.withUnsafeBytes { ObjectHash.of($0).hex }
            #expect(name == "287507f403176f1f5b22b9a4d9cb49f7d7f88ac19e406b5ae87ce109564846bd")
        }

        /// Larger objects: SHA-256 of the prefix and the 16 MiB pieces' digests,
        /// the same name a client computes (bindings/python `_objects.object_name`).
        @Test func largeObjectsAreNamedByTheirPieceDigests() {
            let bytes = pattern(40 << 20 + 5)
            let name = bytes.withUnsafeBytes { ObjectHash.of($0).hex }
            #expect(name == "b5b5741ebe0662297a9c7ff3e0035071b99ae29a615d600500023f96f52d3675")
            // The parallel loop gives what hashing the pieces one after another gives.
            var list = ObjectHash.pieceListPrefix
            bytes.withUnsafeBytes { all in
                for start in stride(from: 0, to: all.count, by: ObjectHash.pieceSize) {
                    list += SHA256.hash(UnsafeRawBufferPointer(rebasing: all[start..<min(start + ObjectHash.pieceSize, all.count)])).bytes
                }
            }
            #expect(name == list.withUnsafeBytes { SHA256.hash($0).hex })
        }

        /// One byte past a piece already changes the rule, and any changed byte changes the name.
        @Test func everyByteCounts() {
            var bytes = pattern(ObjectHash.pieceSize + 1)
            let before = bytes.withUnsafeBytes { ObjectHash.of($0).hex }
            #expect(before != bytes.withUnsafeBytes { SHA256.hash($0).hex })
            bytes[ObjectHash.pieceSize] ^= 1
            #expect(bytes.withUnsafeBytes { ObjectHash.of($0).hex } != before)
        }

        /// The store names a large spool file the same way.
        @Test func storeHashesFilesByTheSameRule() throws {
            try withScratchDirectory { dir in
                let path = dir + "/large.bin"
                try Data(pattern(40 << 20 + 5)).write(to: URL(fileURLWithPath: path))
                #expect(try ObjectStore.hash(fileAt: path) == "b5b5741ebe0662297a9c7ff3e0035071b99ae29a615d600500023f96f52d3675")
            }
        }
    }
}
