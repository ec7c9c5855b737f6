public import Foundation

/// Where everything lives under `$BRAID_HOME` (docs/formats.md, "The store").
///
/// Only paths: nothing here touches the filesystem except `createDirectories()`.
public struct StoreLayout: Sendable, Equatable {
    /// The store's root directory.
    public let root: String

    public init(root: String) {
        self.root = root
    }

    /// The store named by `BRAID_HOME`, else `~/.braid`.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> StoreLayout {
        if let home = environment["BRAID_HOME"], !home.isEmpty {
            return StoreLayout(root: home)
        }
        let userHome = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return StoreLayout(root: userHome + "/.braid")
    }

    public var databasePath: String { root + "/braid.db" }
    public var objectsDirectory: String { root + "/objects" }
    public var spoolDirectory: String { root + "/spool" }
    public var logsDirectory: String { root + "/logs" }
    public var codeDirectory: String { root + "/code" }

    /// The file of the artifact object with this SHA-256 (lowercase hex):
    /// `objects/ab/ab12….arrow`, two-character fan-out to keep directories small.
    public func objectPath(_ hash: String) -> String {
        "\(objectsDirectory)/\(hash.prefix(2))/\(hash).arrow"
    }

    /// Where one task attempt's output goes: `logs/FLOW/RUN/STEP/TASK/ATTEMPT.stdout`.
    public func logPath(flow: String, run: RunID, step: String, task: TaskID, attempt: Int, stream: LogStream) -> String {
        "\(logsDirectory)/\(flow)/\(run)/\(step)/\(task)/\(attempt).\(stream.rawValue)"
    }

    /// Creates the root and its fixed subdirectories if missing.
    public func createDirectories() throws {
        let fm = FileManager.default
        for directory in [root, objectsDirectory, spoolDirectory, logsDirectory, codeDirectory] {
            try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
    }
}

/// A task's two output streams.
public enum LogStream: String, Sendable, CaseIterable {
    case stdout, stderr
}
