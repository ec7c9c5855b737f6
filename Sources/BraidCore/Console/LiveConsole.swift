public import Foundation
import Glibc

/// What a run shows while it goes: task lines, and on a terminal a live
/// progress block below them (``TerminalProgressPrinter``); plain lines only
/// (``ConsolePrinter``) when the output is not a terminal, `TERM` is `dumb`,
/// or `BRAID_PROGRESS=0`.
///
/// ```swift
/// let console = LiveConsole(graph: graph)
/// let coordinator = try RunCoordinator(graph: graph, request: request, journal: console.journal(recordingInto: store),
///                                      layout: layout, ingester: objects, options: RunOptions(livePrinter: console.printer))
/// let result = try coordinator.run()
/// console.finish()
/// ```
public final class LiveConsole {
    /// Where task lines go.
    public let printer: any LiveOutputPrinter
    private let progress: TerminalProgressPrinter?

    /// A console on `fileDescriptor` (stderr by default) for a run of `graph`.
    public init(graph: FlowGraph, fileDescriptor: Int32 = 2,
                environment: [String: String] = ProcessInfo.processInfo.environment) {
        if Self.showsProgress(fileDescriptor: fileDescriptor, environment: environment) {
            let progress = TerminalProgressPrinter(fileDescriptor: fileDescriptor, flow: graph.spec.flow, steps: graph.topologicalOrder)
            self.progress = progress
            self.printer = progress
        } else {
            self.progress = nil
            self.printer = ConsolePrinter(fileDescriptor: fileDescriptor)
        }
    }

    /// Whether the progress block is shown.
    public var showsProgress: Bool { progress != nil }

    /// The journal the coordinator should record into: `base`, observed by the progress block when there is one.
    public func journal(recordingInto base: any RunJournal) -> any RunJournal {
        guard let progress else { return base }
        return ProgressJournal(recordingInto: base, observer: progress)
    }

    /// Leaves the final progress on the screen and stops redrawing.
    public func finish() {
        progress?.finish()
    }

    /// A terminal, not `TERM=dumb`, and not turned off with `BRAID_PROGRESS=0`.
    static func showsProgress(fileDescriptor: Int32, environment: [String: String]) -> Bool {
        guard isatty(fileDescriptor) == 1 else { return false }
        if environment["TERM"] == "dumb" || environment["BRAID_PROGRESS"] == "0" { return false }
        return true
    }
}
