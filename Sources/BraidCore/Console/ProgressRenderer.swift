/// Turns a ``RunProgress`` into the lines of the live progress block: a
/// header with the run's totals, then one line per step.
///
/// ```text
/// PricingFlow/12 running 7.2s: 6 done, 2 running, 1 failed
///   start  done 1
///   fit    done 1
///   train  [######    ] done 6/10, running 2, failed 1
///   join   waiting
/// ```
public enum ProgressRenderer {
    /// The block's lines, each cut to `width - 1` characters (a line as wide
    /// as the terminal would wrap in some terminals and break the redraw).
    /// - Parameters:
    ///   - progress: the state to draw.
    ///   - elapsed: the time since the run began.
    ///   - width: the terminal's columns.
    ///   - maxSteps: at most this many step lines; the rest are summarised.
    public static func lines(_ progress: RunProgress, elapsed: Duration, width: Int, maxSteps: Int = 12) -> [String] {
        let name = progress.runID.map { "\(progress.flow)/\($0)" } ?? progress.flow
        let state = progress.finalStatus.map { "\($0.rawValue) in" } ?? "running"
        var lines = ["\(name) \(state) \(seconds(elapsed)): " + summary(progress.total, expected: nil, waiting: "starting")]
        let nameWidth = progress.steps.map(\.count).max() ?? 0
        var shown = progress.steps
        if shown.count > maxSteps {
            // Keep the steps with something going on, in order.
            let active = shown.filter { (progress.counts[$0]?.running ?? 0) + (progress.counts[$0]?.retrying ?? 0) > 0 }
            shown = Array((active + shown.filter { !active.contains($0) }).prefix(maxSteps))
            shown.sort { progress.steps.firstIndex(of: $0)! < progress.steps.firstIndex(of: $1)! }
        }
        for step in shown {
            let counts = progress.counts[step] ?? RunProgress.StepCounts()
            var line = "  " + step.padding(toLength: nameWidth, withPad: " ", startingAt: 0) + "  "
            if let expected = counts.expected, expected > 1 { line += bar(done: counts.succeeded + counts.failed, of: expected) + " " }
            line += summary(counts, expected: counts.expected, waiting: "waiting")
            lines.append(line)
        }
        if shown.count < progress.steps.count { lines.append("  … \(progress.steps.count - shown.count) more steps") }
        let limit = max(width - 1, 10)
        return lines.map { $0.count > limit ? String($0.prefix(limit - 1)) + "…" : $0 }
    }

    /// `done 6/10, running 2, failed 1, retrying 1, cancelled 1, retried 3`, or `waiting` before any task.
    static func summary(_ counts: RunProgress.StepCounts, expected: Int?, waiting: String) -> String {
        guard counts.started > 0 else { return expected.map { "waiting (\($0) tasks)" } ?? waiting }
        var parts: [String] = []
        if counts.succeeded > 0 || expected != nil { parts.append("done \(counts.succeeded)" + (expected.map { "/\($0)" } ?? "")) }
        if counts.running > 0 { parts.append("running \(counts.running)") }
        if counts.failed > 0 { parts.append("failed \(counts.failed)") }
        if counts.retrying > 0 { parts.append("retrying \(counts.retrying)") }
        if counts.cancelled > 0 { parts.append("cancelled \(counts.cancelled)") }
        if counts.retried > 0 { parts.append("retried \(counts.retried)") }
        return parts.joined(separator: ", ")
    }

    /// A ten-cell bar: `[######    ]`.
    static func bar(done: Int, of total: Int) -> String {
        let filled = total > 0 ? min(10, done * 10 / total) : 0
        return "[" + String(repeating: "#", count: filled) + String(repeating: " ", count: 10 - filled) + "]"
    }

    /// `0.4s`, `12s`, `3m05s`.
    static func seconds(_ duration: Duration) -> String {
        let total = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        if total < 10 { return String(Int(total * 10) / 10) + "." + String(Int(total * 10) % 10) + "s" }
        if total < 60 { return "\(Int(total))s" }
        let whole = Int(total)
        return "\(whole / 60)m" + (whole % 60 < 10 ? "0" : "") + "\(whole % 60)s"
    }
}
