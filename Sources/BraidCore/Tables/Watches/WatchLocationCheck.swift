import Glibc

/// What `braid table watch` checks of a location before registering it: it
/// exists, is the right sort of thing for the kind, and can be read.
public enum WatchLocationCheck {
    /// `path` made absolute against `directory` (the working directory), with `.` and `..` resolved by name
    /// (symbolic links are kept: the watch follows the name, as the writer does).
    public static func absolute(_ path: String, from directory: String) -> String {
        let joined = path.hasPrefix("/") ? path : directory + "/" + path
        var parts: [Substring] = []
        for part in joined.split(separator: "/") {
            switch part {
            case ".": continue
            case "..": _ = parts.popLast()
            default: parts.append(part)
            }
        }
        return "/" + parts.joined(separator: "/")
    }

    /// Why `path` cannot be watched as `kind`, or nil when it can.
    public static func problem(with path: String, kind: TableWatch.Kind) -> String? {
        let entry: LocationFiles.Entry
        do {
            entry = try LocationFiles.status(path)
        } catch {
            return error.code == ENOENT
                ? "\(path) does not exist; watch a location that is there (for a Delta table, its directory; for markers, the output directory)"
                : "cannot look at \(path): \(error)"
        }
        switch kind {
        case .delta, .marker:
            guard entry.isDirectory else {
                return "\(path) is a file; --kind \(kind.rawValue) watches a directory"
                    + (kind == .delta ? " (the Delta table's, which holds _delta_log)" : " (where the writer drops _SUCCESS)")
                    + "; --kind file watches one file"
            }
            do {
                _ = try LocationFiles.list(path)
                if kind == .delta, (try? LocationFiles.status(DeltaLog.directory(of: path)))?.isDirectory == true {
                    _ = try LocationFiles.list(DeltaLog.directory(of: path))
                }
            } catch {
                return "cannot read \(path): \(error)"
            }
        case .file:
            guard entry.isRegularFile else {
                return "\(path) is \(entry.isDirectory ? "a directory" : "not a regular file"); --kind file watches one file "
                    + "(--kind delta or marker watch a directory)"
            }
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { return "cannot read \(path): \(SystemError("open \(path)", errno))" }
            close(fd)
        }
        return nil
    }
}
