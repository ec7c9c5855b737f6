import Glibc

/// The trigger service's watched locations (docs/tables.md, "Watched
/// locations"): inotify for speed, and a full look at every watch at start
/// (what landed while no service ran), at every fallback check (inotify misses
/// changes made by other machines on a network file system) and after an
/// inotify queue overflow.
///
/// The thin shell around ``TableWatchScanner`` (which looks and records) and
/// ``WatchEvents`` (what an event means). The service's `poll()` loop polls
/// ``descriptor`` and calls ``serve(inotifyReady:)`` after each wake-up.
final class TableWatchService {
    private let store: MetadataStore
    private let scanner: TableWatchScanner
    private let checkInterval: Duration
    private let log: (String) -> Void
    private var inotify: Inotify?
    /// The watches as last read from the store, by table.
    private var watches: [String: TableWatch] = [:]
    /// The directories each table's location needs watched, as its last look found them.
    private var wanted: [String: [String]] = [:]
    /// The directories watched now: descriptor and mask.
    private var watched: [String: (watch: Int32, mask: UInt32)] = [:]
    private var directoryOfWatch: [Int32: String] = [:]
    /// Tables whose watched file a writer has open: not read until it is closed or replaced.
    private var beingWritten: Set<String> = []
    private var nextFullLook = ContinuousClock.now
    /// What was logged per table, so that a problem is logged once, not at every look.
    private var reported: [String: WatchProblem] = [:]
    private var notesLogged: Set<String> = []
    private var loggedOnce: Set<String> = []

    init(store: MetadataStore, layout: StoreLayout, checkInterval: Duration, log: @escaping (String) -> Void) {
        self.store = store
        scanner = TableWatchScanner(store: store, layout: layout, publisher: "braid daemon")
        self.checkInterval = checkInterval
        self.log = log
        do {
            inotify = try Inotify()
        } catch {
            log("table watches: \(error); watched locations are looked at every check instead")
        }
    }

    /// The inotify descriptor to poll, -1 without one.
    var descriptor: Int32 { inotify?.descriptor ?? -1 }

    /// How long until the next full look is due.
    var timeUntilFullLook: Duration { max(.zero, nextFullLook - .now) }

    /// Handles what woke the service: a changed list of watches, inotify events, a full look when due.
    func serve(inotifyReady: Bool) {
        var dirty = reload()
        if inotifyReady, let inotify {
            for event in inotify.readEvents() {
                if event.isOverflow {
                    log("table watches: the inotify queue overflowed; looking at every watched location")
                    beingWritten.removeAll()
                    nextFullLook = .now
                    continue
                }
                dirty.formUnion(tables(changedBy: event))
            }
        }
        if ContinuousClock.now >= nextFullLook {
            nextFullLook = .now + checkInterval
            dirty.formUnion(watches.keys)
        }
        // A directory watched only now may have changed between the look that found it and the watch:
        // the tables that wanted it are looked at once more (a new partition, a new _delta_log).
        for _ in 0..<4 where !dirty.isEmpty {
            for name in dirty.sorted() where !beingWritten.contains(name) {
                look(name)
            }
            dirty = syncDirectories()
        }
    }

    // MARK: - Looking

    /// Reads the watches from the store; new or changed ones are to be looked at, removed ones forgotten.
    private func reload() -> Set<String> {
        let current: [TableWatch]
        do {
            current = try store.tableWatches()
        } catch {
            logOnce(key: "list", "table watches: cannot read them from the store: \(error); trying again at the next wake-up")
            return []
        }
        var changed: Set<String> = []
        var next: [String: TableWatch] = [:]
        for watch in current {
            next[watch.name] = watch
            if let old = watches[watch.name], old.path == watch.path, old.kind == watch.kind, old.createdAt == watch.createdAt {
                continue
            }
            changed.insert(watch.name)
            reported[watch.name] = nil
        }
        for name in watches.keys where next[name] == nil {
            wanted[name] = nil
            reported[name] = nil
            beingWritten.remove(name)
        }
        watches = next
        return changed
    }

    /// Looks at one table's location and logs what it found.
    private func look(_ name: String) {
        for _ in 0..<3 {
            let report: WatchScanReport
            let watch: TableWatch
            do {
                guard let current = try store.tableWatch(name) else { return }  // unwatched meanwhile
                watch = current
                report = try scanner.scan(watch)
            } catch {
                logOnce(key: "\(name) \(error)", "table \(name): \(error); looking again at the next check")
                return
            }
            watches[name] = watch
            handle(report, watch)
            if !report.isStale { return }
        }
    }

    private func handle(_ report: WatchScanReport, _ watch: TableWatch) {
        for version in report.landed {
            log("table \(version.name) version \(version.version) landed: \(version.commitDescription) of \(watch.path), "
                + version.rowsDescription)
        }
        for note in report.notes where notesLogged.insert(note).inserted { log(note) }
        if notesLogged.count > 10_000 { notesLogged.removeAll() }
        if let problem = report.problem {
            if reported[watch.name] != problem { log(problem.message) }
            reported[watch.name] = problem
        } else if let earlier = reported.removeValue(forKey: watch.name), earlier.kind == .unavailable {
            log("table \(watch.name): the watched \(watch.kind == .file ? "file" : "location") \(watch.path) is back")
        }
        wanted[watch.name] = report.directories
    }

    // MARK: - inotify

    /// The tables an event may concern, and what it means for each.
    private func tables(changedBy event: Inotify.Event) -> Set<String> {
        guard let directory = directoryOfWatch[event.watch] else { return [] }
        if event.mask & UInt32(IN_IGNORED) != 0 {
            directoryOfWatch[event.watch] = nil
            if watched[directory]?.watch == event.watch { watched[directory] = nil }
        }
        guard let change = Self.change(event, in: directory) else { return [] }
        var dirty: Set<String> = []
        for (name, directories) in wanted where directories.contains(directory) {
            guard let watch = watches[name] else { continue }
            switch WatchEvents.meaning(of: change, name: event.name, in: directory, kind: watch.kind, location: watch.path) {
            case .ignore:
                break
            case .look:
                beingWritten.remove(name)
                dirty.insert(name)
            case .beingWritten:
                beingWritten.insert(name)
            }
        }
        return dirty
    }

    /// What an event says happened.
    static func change(_ event: Inotify.Event, in directory: String) -> WatchEvents.Change? {
        let mask = event.mask
        let isDirectory = mask & UInt32(IN_ISDIR) != 0
        if mask & UInt32(IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED) != 0 { return .directoryGone }
        if mask & UInt32(IN_CREATE) != 0 {
            let entry = try? LocationFiles.status(directory + "/" + event.name, followingLinks: false)
            return .created(isDirectory: isDirectory, isNewFile: entry.map { $0.isRegularFile && $0.links == 1 } ?? false)
        }
        if mask & UInt32(IN_MOVED_TO) != 0 { return .movedIn(isDirectory: isDirectory) }
        if mask & UInt32(IN_CLOSE_WRITE) != 0 { return .closedAfterWriting }
        if mask & UInt32(IN_MODIFY) != 0 { return .modified }
        if mask & UInt32(IN_ATTRIB) != 0 { return .attributesChanged }
        return nil
    }

    /// The events a directory is watched for, by the kinds of watch that want it.
    static func mask(for kinds: Set<TableWatch.Kind>) -> UInt32 {
        var mask = UInt32(IN_CREATE | IN_MOVED_TO | IN_CLOSE_WRITE | IN_DELETE_SELF | IN_MOVE_SELF)
        if kinds.contains(.marker) { mask |= UInt32(IN_ATTRIB) }  // `touch` of a marker already there
        if kinds.contains(.file) { mask |= UInt32(IN_MODIFY) }    // a write in place: not read until closed
        return mask
    }

    /// Adds and removes inotify watches so that exactly the wanted directories are watched.
    /// - Returns: the tables that wanted a directory watched only now.
    private func syncDirectories() -> Set<String> {
        guard let inotify else { return [] }
        var kinds: [String: Set<TableWatch.Kind>] = [:]
        for (name, directories) in wanted {
            guard let kind = watches[name]?.kind else { continue }
            for directory in directories { kinds[directory, default: []].insert(kind) }
        }
        for (directory, current) in watched where kinds[directory] == nil {
            inotify.remove(current.watch)
            watched[directory] = nil
            directoryOfWatch[current.watch] = nil
        }
        var added: Set<String> = []
        for (directory, wantedKinds) in kinds {
            let mask = Self.mask(for: wantedKinds)
            if watched[directory]?.mask == mask { continue }
            do {
                let watch = try inotify.add(directory, mask: mask)
                if watched[directory] == nil { added.insert(directory) }
                watched[directory] = (watch, mask)
                directoryOfWatch[watch] = directory
            } catch where error.code != ENOENT && error.code != ENOTDIR {
                logOnce(key: "inotify \(directory)",
                        "table watches: cannot watch \(directory) with inotify (\(error)); it is looked at every check instead")
            } catch {
                // Gone since the look found it: the next look sees.
            }
        }
        return Set(wanted.compactMap { name, directories in directories.contains(where: added.contains) ? name : nil })
    }

    private func logOnce(key: String, _ message: String) {
        if loggedOnce.insert(key).inserted { log(message) }
    }
}
