/// Sampling what running tasks hold in memory, so that a task the kernel
/// killed can be reported with how much it used next to what it declared.
extension RunCoordinator {
    /// How often the running tasks' memory is read.
    static let memorySampleInterval = Duration.seconds(1)

    /// Reads every running attempt's process-group memory when a sample is due; keeps each attempt's peak.
    func sampleMemoryIfDue(now: ContinuousClock.Instant) {
        guard !attempts.isEmpty else {
            nextMemorySample = nil
            return
        }
        if let due = nextMemorySample, now < due { return }
        let live = attempts.filter { !$0.worker.hasExited }
        let megabytes = GroupMemory.residentMB(ofGroups: Set(live.map(\.worker.process.pid)))
        for attempt in live {
            if let used = megabytes[attempt.worker.process.pid] {
                attempt.peakMemoryMB = max(attempt.peakMemoryMB ?? 0, used)
            }
        }
        nextMemorySample = now + Self.memorySampleInterval
    }
}
