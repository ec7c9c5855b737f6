import Glibc

/// How much memory the processes of some process groups hold, read from `/proc`.
///
/// A step's memory is its whole group's: a worker that starts a subprocess
/// (or R's `parallel`) uses more than its own pid shows. The resident set
/// (`statm`'s second field, in pages) is what the kernel's out-of-memory
/// killer weighs, so it is what a report of a killed task should show
/// (https://man7.org/linux/man-pages/man5/proc_pid_statm.5.html).
enum GroupMemory {
    private static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))

    /// Resident megabytes per group, for the groups given (absent: nothing found).
    static func residentMB(ofGroups groups: Set<Int32>) -> [Int32: Int] {
        guard !groups.isEmpty, let directory = opendir("/proc") else { return [:] }
        defer { closedir(directory) }
        var bytes: [Int32: Int] = [:]
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard let pid = Int32(name), let group = processGroup(of: pid), groups.contains(group),
                  let resident = residentBytes(of: pid) else { continue }
            bytes[group, default: 0] += resident
        }
        return bytes.mapValues { $0 >> 20 }
    }

    /// Field 5 of `/proc/PID/stat`, after the command name (which may hold spaces and parentheses).
    private static func processGroup(of pid: Int32) -> Int32? {
        guard let text = read("/proc/\(pid)/stat"), let close = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        return fields.count > 2 ? Int32(fields[2]) : nil
    }

    private static func residentBytes(of pid: Int32) -> Int? {
        guard let text = read("/proc/\(pid)/statm") else { return nil }
        let fields = text.split(separator: " ")
        return fields.count > 1 ? Int(fields[1]).map { $0 * pageSize } : nil
    }

    /// A small /proc file's text, or nil when the process is gone.
    private static func read(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { Glibc.close(fd) }
        var buffer = [UInt8](repeating: 0, count: 1024)
        let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
        return count > 0 ? String(decoding: buffer[..<count], as: UTF8.self) : nil
    }
}
