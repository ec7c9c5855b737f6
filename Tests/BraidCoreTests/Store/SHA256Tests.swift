import Foundation
import Testing
@testable import BraidCore

extension StoreTests {
    @Suite struct SHA256Tests {
        private func hex(_ bytes: [UInt8]) -> String {
            bytes.withUnsafeBytes { SHA256.hash($0).hex }
        }

        /// FIPS 180-4 examples and the NIST test vectors.
        @Test(arguments: [
            ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
             "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
            ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
             "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"),
        ])
        func knownVectors(message: String, digest: String) {
            #expect(hex(Array(message.utf8)) == digest)
            #expect(Array(message.utf8).withUnsafeBytes { SHA256.portableHash($0).hex } == digest)
        }

        /// The system's libcrypto, when the engine finds it, and the portable code agree.
        @Test(.enabled(if: SystemSHA256.isAvailable))
        func libcryptoAndPortableCodeAgree() {
            var generator = SplitMix(seed: 7)
            for length in [0, 1, 63, 64, 65, 1000, 1 << 20] {
                let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
                bytes.withUnsafeBytes { buffer in
                    #expect(SystemSHA256.hash(buffer) == SHA256.portableHash(buffer), "length \(length)")
                }
            }
        }

        @Test func oneMillionAs() {
            #expect(hex([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))
                    == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        }

        /// Lengths around the padding boundaries (55, 56, 63, 64 bytes …) and any
        /// split of the input into updates give the same digest as one update.
        @Test func updatesInPiecesMatchOneUpdate() {
            let message = (0..<300).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
            for length in [0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 300] {
                let whole = hex(Array(message.prefix(length)))
                for chunk in [1, 3, 63, 64, 65] {
                    var hasher = SHA256()
                    var offset = 0
                    while offset < length {
                        let end = min(length, offset + chunk)
                        hasher.update(message[offset..<end])
                        offset = end
                    }
                    #expect(hasher.finalize().hex == whole, "length \(length), chunk \(chunk)")
                }
            }
        }

        /// A file larger than memory pages and caches matches the system's sha256sum.
        @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/sha256sum")))
        func largeFileMatchesSha256sum() throws {
            try withScratchDirectory { dir in
                let path = dir + "/large.bin"
                // 32 MiB and a bit: many mapped pages, not a whole number of blocks.
                let count = 32 << 20 + 13
                var generator = SplitMix(seed: 42)
                var words = [UInt64](repeating: 0, count: count / 8 + 1)
                for index in words.indices { words[index] = generator.next() }
                try words.withUnsafeBytes { Data($0.prefix(count)) }.write(to: URL(fileURLWithPath: path))
                let ours = try FileMapping(path: path).withBytes { SHA256.hash($0).hex }
                let process = Process()
                process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
                process.arguments = [path]
                let pipe = Pipe()
                process.standardOutput = pipe
                try process.run()
                let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                process.waitUntilExit()
                #expect(ours == String(output.prefix(64)))
            }
        }
    }
}

/// A small deterministic generator for test data.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
