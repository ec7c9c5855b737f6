import Testing
@testable import ArrowIPC

/// Mutation testing: every reference file and fixture, mutated many ways,
/// must read or be rejected with an `ArrowIPCError`; never trap, hang or
/// allocate without bound.
///
/// Environment: `BRAID_FUZZ_ITERATIONS` (total mutants, default 20,000),
/// `BRAID_FUZZ_SEED` (default 1), `BRAID_FUZZ_TRACE` (a path: each mutant is
/// written there before it is read, so a crashing one survives the crash),
/// `BRAID_FUZZ_REASONS` (set: print how often each rejection reason occurred),
/// `BRAID_FUZZ_REPLAY` (`name#iteration`, e.g. `basic.arrow#728`: exercise
/// only that mutant of the same seed and iteration count).
@Suite struct MutationTests {
    static let corpus: [(name: String, path: String)] =
        TestData.referenceFiles.map { ($0, TestData.path($0)) } + [
            "nested_dictionary.arrows", "nested_dictionary.arrow", "dictionary_replacement.arrows",
            "file_deltas.arrow", "more_types.arrow", "multi_batch.arrow", "multi_batch_lz4.arrows",
            "footer_metadata.arrow",
        ].map { ($0, TestData.fixturePath($0)) }

    @Test func mutantsReadOrFailCleanly() throws {
        let total = TestEnvironment.value("BRAID_FUZZ_ITERATIONS").flatMap { Int($0) } ?? 20_000
        let seed = TestEnvironment.value("BRAID_FUZZ_SEED").flatMap { UInt64($0) } ?? 1
        let trace = TestEnvironment.value("BRAID_FUZZ_TRACE")
        let showReasons = TestEnvironment.value("BRAID_FUZZ_REASONS") != nil
        let replay = TestEnvironment.value("BRAID_FUZZ_REPLAY")
        var reasons: [String: Int] = [:]
        let perFile = max(total / Self.corpus.count, 1)
        var read = 0, rejected = 0, oversized = 0, mutants = 0
        var slowest: (Duration, String) = (.zero, "")
        let clock = ContinuousClock()
        let start = clock.now
        for (name, path) in Self.corpus {
            let mutator = Mutator(try MappedFile.map(path: path).bytes)
            var rng = SplitMix64(seed: seed ^ SplitMix64.hash(name))
            for iteration in 0..<perFile {
                let (bytes, description) = mutator.mutant(&rng)
                let label = "\(name) #\(iteration): \(description)"
                if let replay, replay != "\(name)#\(iteration)" { continue }
                if let trace { TestEnvironment.save(bytes, label: label, to: trace) }
                let began = clock.now
                let outcome = MutantExerciser.exercise(bytes)
                let took = clock.now - began
                if took > slowest.0 { slowest = (took, label) }
                #expect(took < .seconds(2), "slow mutant \(label)")
                mutants += 1
                if outcome.readPaths > 0 { read += 1 } else { rejected += 1 }
                oversized += outcome.oversizedColumns
                if showReasons { for reason in outcome.reasons { reasons[reason, default: 0] += 1 } }
            }
        }
        let elapsed = clock.now - start
        print("mutation: \(mutants) mutants of \(Self.corpus.count) files (seed \(seed)) in \(elapsed): "
              + "\(rejected) rejected by every path, \(read) read by at least one path, "
              + "\(oversized) oversized columns not materialized; slowest \(slowest.0) (\(slowest.1))")
        for (reason, count) in reasons.sorted(by: { $0.value > $1.value }) { print("  \(count)\t\(reason)") }
        #expect(replay != nil || mutants == perFile * Self.corpus.count)
    }

}
