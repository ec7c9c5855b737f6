/// What a change in a watched directory means for one watch (pure: the
/// inotify shell, ``TableWatchService``, turns each event into a ``Change``
/// and acts on the answer).
///
/// Only the commit counts, never a partial write: a Delta commit file or a
/// marker appearing, a finished file renamed onto a watched file's name.
/// A file created in place is being written: it is read once its writer
/// closes it (`IN_CLOSE_WRITE`), not before.
public enum WatchEvents {
    /// One inotify event, by what it says happened to `name` in the watched directory.
    public enum Change: Sendable, Equatable {
        /// `IN_CREATE`. `isNewFile`: a regular file with one link, that is one being written in place
        /// (a hard link, a symbolic link or a directory arrives whole).
        case created(isDirectory: Bool, isNewFile: Bool)
        /// `IN_MOVED_TO`: renamed into the directory (an atomic replace).
        case movedIn(isDirectory: Bool)
        /// `IN_CLOSE_WRITE`: a writer closed it.
        case closedAfterWriting
        /// `IN_MODIFY`: written to.
        case modified
        /// `IN_ATTRIB`: its times changed (a `touch` of a marker that was there).
        case attributesChanged
        /// `IN_DELETE_SELF`, `IN_MOVE_SELF`, `IN_IGNORED`: the watched directory itself went away.
        case directoryGone
    }

    /// What the service does about a change.
    public enum Meaning: Sendable, Equatable {
        case ignore
        /// Look at the location now.
        case look
        /// A writer has the watched file open: do not read it until it is closed or replaced.
        case beingWritten
    }

    /// The meaning of `change` to `name` in `directory` for a watch of `kind` at `location`.
    public static func meaning(of change: Change, name: String, in directory: String, kind: TableWatch.Kind,
                               location: String) -> Meaning {
        if change == .directoryGone { return .look }
        switch kind {
        case .delta:
            if directory == location { return name == "_delta_log" && change.isArrival ? .look : .ignore }
            return DeltaLog.commitVersion(fileName: name) != nil && (change.isArrival || change == .closedAfterWriting) ? .look : .ignore
        case .marker:
            if name == MarkerScan.markerName {
                switch change {
                // A marker created in place is looked at when its writer closes it: `touch` sets its time
                // after creating it, and a look in between would see the marker twice (two times).
                case .created(_, isNewFile: true), .modified: return .ignore
                default: return .look
                }
            }
            switch change {
            case .created(isDirectory: true, _), .movedIn(isDirectory: true):
                return MarkerScan.isSkipped(directoryName: name) ? .ignore : .look  // a new partition: watch it, it may hold a marker already
            default:
                return .ignore
            }
        case .file:
            guard directory == SystemFile.parentDirectory(of: location), name == fileName(location) else { return .ignore }
            switch change {
            case .movedIn, .closedAfterWriting, .created(_, isNewFile: false): return .look
            case .created(_, isNewFile: true), .modified: return .beingWritten
            case .attributesChanged, .directoryGone: return .ignore
            }
        }
    }

    private static func fileName(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }
}

extension WatchEvents.Change {
    /// Something new under the name: created, or renamed in.
    var isArrival: Bool {
        switch self {
        case .created, .movedIn: true
        default: false
        }
    }
}
