import Foundation
import Glibc

/// The spool directories of one run, reused from attempt to attempt.
///
/// Each running attempt gets a directory of its own under `spool/`
/// (`FLOW-RUN-wN`), empty when handed out. When the attempt ends its files
/// have been moved into the store, and whatever is left is deleted; the empty
/// directory then serves a later attempt. Creating and removing a directory
/// per attempt was the largest part of the engine's own cost per task in a
/// big foreach (ext4 inode allocation), so directories live as long as the run.
final class SpoolDirectories {
    private let root: String
    private let prefix: String
    private var free: [String] = []
    private var made = 0

    init(root: String, flow: String, run: RunID) {
        self.root = root
        self.prefix = "\(flow)-\(run)-w"
    }

    /// An empty directory for one attempt.
    func acquire() throws(SystemError) -> String {
        if let path = free.popLast() { return path }
        made += 1
        let path = "\(root)/\(prefix)\(made)"
        try SystemCalls.makeDirectories(path)
        try SpoolDirectories.empty(path)  // left over from an engine that crashed mid-run
        return path
    }

    /// Takes a directory back once its attempt ended, emptying it; one that
    /// cannot be emptied is not reused.
    func release(_ path: String) {
        do throws(SystemError) {
            try SpoolDirectories.empty(path)
            free.append(path)
        } catch {
            // Leave it: the next acquire makes a fresh one.
        }
    }

    /// Removes every directory (at the end of the run).
    func removeAll() {
        for path in free where rmdir(path) != 0 {
            try? FileManager.default.removeItem(atPath: path)
        }
        free = []
    }

    /// Removes the directories a run's engine left when it died (found abandoned by resume).
    static func removeLeftovers(root: String, flow: String, run: RunID) {
        let prefix = SpoolDirectories(root: root, flow: flow, run: run).prefix
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        for name in names where name.hasPrefix(prefix) && name.dropFirst(prefix.count).allSatisfy(\.isNumber) {
            try? FileManager.default.removeItem(atPath: "\(root)/\(name)")
        }
    }

    /// Deletes what a directory holds; cheap when it is already empty (one read of the directory).
    private static func empty(_ path: String) throws(SystemError) {
        guard let dir = opendir(path) else { throw SystemError("opendir \(path)", errno) }
        var leftovers: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name != ".", name != ".." { leftovers.append(name) }
        }
        closedir(dir)
        for name in leftovers {
            do {
                try FileManager.default.removeItem(atPath: "\(path)/\(name)")
            } catch {
                throw SystemError("remove \(path)/\(name)", EACCES)
            }
        }
    }
}

extension String {
    /// The path with `.` and empty components removed and `..` applied, without
    /// touching the filesystem (Foundation's `standardizingPath` resolves symlinks on Linux).
    var lexicallyNormalizedPath: String {
        var parts: [Substring] = []
        for part in split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." { _ = parts.popLast(); continue }
            parts.append(part)
        }
        return (hasPrefix("/") ? "/" : "") + parts.joined(separator: "/")
    }
}
