/// Makes mutants of one file's bytes: truncations, bit flips, and words
/// overwritten with extreme values, at random positions and at the
/// structurally interesting ones of `StructuralOffsets`.
struct Mutator {
    let original: [UInt8]
    let interesting: [Int]

    init(_ original: [UInt8]) {
        self.original = original
        let found = StructuralOffsets.of(original)
        interesting = found.isEmpty ? [0] : found
    }

    /// One mutant and a description that replays it.
    func mutant(_ rng: inout SplitMix64) -> (bytes: [UInt8], description: String) {
        var bytes = original
        var steps: [String] = []
        let rounds = rng.below(10) == 0 ? 2 : 1  // sometimes combine two changes
        for _ in 0..<rounds { steps.append(mutate(&bytes, &rng)) }
        return (bytes, steps.joined(separator: " + "))
    }

    private func mutate(_ bytes: inout [UInt8], _ rng: inout SplitMix64) -> String {
        guard !bytes.isEmpty else { return "nothing (empty)" }
        switch rng.below(100) {
        case 0..<10:
            let count = rng.below(bytes.count)
            bytes.removeSubrange(count...)
            return "truncate to \(count)"
        case 10..<15:
            let count = min(max(interestingPosition(&rng) + rng.below(17) - 8, 0), bytes.count)
            bytes.removeSubrange(count...)
            return "truncate to \(count)"
        case 15..<35:
            return flip(&bytes, at: rng.below(bytes.count), bit: rng.below(8))
        case 35..<45:
            return (0..<(2 + rng.below(7))).map { _ in flip(&bytes, at: rng.below(bytes.count), bit: rng.below(8)) }
                .joined(separator: " + ")
        case 45..<55:
            return write(&bytes, at: rng.below(bytes.count), width: 4, extremeValue(&rng, bytes))
        case 55..<65:
            return write(&bytes, at: rng.below(bytes.count), width: 8, extremeValue(&rng, bytes))
        case 65..<80:
            return write(&bytes, at: interestingPosition(&rng), width: 4, extremeValue(&rng, bytes))
        case 80..<90:
            return write(&bytes, at: interestingPosition(&rng), width: 8, extremeValue(&rng, bytes))
        case 90..<95:
            return write(&bytes, at: interestingPosition(&rng), width: 1 + rng.below(2), Int64(rng.below(70_000)) - 2)
        default:
            let at = interestingPosition(&rng)
            return flip(&bytes, at: min(at + rng.below(8), bytes.count - 1), bit: rng.below(8))
        }
    }

    private func interestingPosition(_ rng: inout SplitMix64) -> Int {
        interesting[rng.below(interesting.count)]
    }

    private func flip(_ bytes: inout [UInt8], at offset: Int, bit: Int) -> String {
        bytes[offset] ^= UInt8(1) << UInt8(bit)
        return "flip bit \(bit) at \(offset)"
    }

    /// Writes the low `width` bytes of `value`, little-endian, clipped at the end.
    private func write(_ bytes: inout [UInt8], at offset: Int, width: Int, _ value: Int64) -> String {
        guard offset < bytes.count else { return "nothing" }
        for k in 0..<min(width, bytes.count - offset) {
            bytes[offset + k] = UInt8(truncatingIfNeeded: value >> (8 * k))
        }
        return "write \(value) as \(width) bytes at \(offset)"
    }

    /// Values that sit on the edges of what the format's integers can say.
    private func extremeValue(_ rng: inout SplitMix64, _ bytes: [UInt8]) -> Int64 {
        let size = Int64(bytes.count)
        let values: [Int64] = [
            0, -1, 1, 2, 7, 8, 16, 255, 256, 65_535, -8,
            Int64(Int32.max), Int64(Int32.min), Int64(Int32.max) - 7, Int64(UInt32.max), 1 << 31, 1 << 32,
            1 << 40, 1 << 62, Int64.max, Int64.min, Int64.max - 7,
            size, size - 1, size + 8, size / 2, -size, size - 8, size * 8,
        ]
        return values[rng.below(values.count)]
    }
}
