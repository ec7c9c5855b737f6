import Glibc

/// Looks at one watched location and records what is new: the I/O around the
/// pure decisions of ``DeltaLog``, ``MarkerScan`` and ``WatchedFile``.
///
/// Each landing is recorded with the watch's new state in one transaction
/// (``MetadataStore/recordWatch(_:state:landing:at:)``), in commit order; a
/// crash between seeing a commit and recording it leaves the state as it was,
/// so the next look (at the service's start) records it then, once.
/// `braid table watch` makes the first look; the trigger service every later one.
public struct TableWatchScanner {
    let store: MetadataStore
    let layout: StoreLayout
    /// Who the landing events name as publisher.
    let publisher: String

    public init(store: MetadataStore, layout: StoreLayout, publisher: String) {
        self.store = store
        self.layout = layout
        self.publisher = publisher
    }

    /// Looks at `watch`'s location once.
    /// - Throws: store errors (the caller logs them and looks again later).
    public func scan(_ watch: TableWatch) throws -> WatchScanReport {
        var report = WatchScanReport()
        switch watch.kind {
        case .delta: try scanDelta(watch, &report)
        case .marker: try scanMarkers(watch, &report)
        case .file: try scanFile(watch, &report)
        }
        return report
    }

    /// Records one step; false when the watch changed under the scan (the report says so).
    func record(_ watch: inout TableWatch, state: JSONValue, landing: NewTableVersion?, _ report: inout WatchScanReport) throws -> Bool {
        switch try store.recordWatch(watch, state: state, landing: landing) {
        case .stale:
            report.isStale = true
            return false
        case .recorded(let landed, let updated):
            if case .landed(let version) = landed { report.landed.append(version) }
            watch = updated
            return true
        }
    }

    /// The problem for a location (or file) that cannot be looked at.
    static func unavailable(_ watch: TableWatch, _ error: SystemError) -> WatchProblem {
        let what = watch.kind == .file ? "watched file" : "watched location"
        let message = error.code == ENOENT
            ? "table \(watch.name): the \(what) \(watch.path) is gone"
            : "table \(watch.name): cannot read the \(what) \(watch.path) (\(error))"
        return WatchProblem(.unavailable, key: "unavailable \(error.code)",
                            message: message + "; the watch stays, and landings are looked for again when it is back")
    }
}
