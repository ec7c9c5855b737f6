#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Environment variables and crash-proof file output for long-running tests.
enum TestEnvironment {
    /// The value of environment variable `name`.
    static func value(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }

    /// Writes `bytes` to `path` and `label` to `path.txt`, with plain system
    /// calls, so that they survive if the process crashes right after.
    static func save(_ bytes: [UInt8], label: String, to path: String) {
        for (target, data) in [(path, bytes), (path + ".txt", Array((label + "\n").utf8))] {
            let fd = open(target, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            guard fd >= 0 else { continue }
            _ = data.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            close(fd)
        }
    }
}
