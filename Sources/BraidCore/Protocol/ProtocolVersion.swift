/// The worker protocol's version and the limits it sets (docs/protocol.md).
///
/// The version travels in the worker's `hello` line; the engine refuses any
/// other version with an error naming both, so a client and an engine built
/// from different releases fail on the first line instead of mid-task.
public struct ProtocolVersion: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The version number carried by `hello`'s `protocol` field.
    public let number: Int

    /// A version by number.
    public init(_ number: Int) {
        self.number = number
    }

    /// The version this engine speaks.
    public static let current = ProtocolVersion(1)

    /// The longest line a worker may send (1 MiB, newline excluded).
    public static let maxWorkerLineBytes = 1 << 20
    /// The longest line the engine may send (16 MiB, newline excluded).
    public static let maxEngineLineBytes = 16 << 20

    /// The environment variable naming the protocol fds, and its value.
    public static let fdsEnvironmentKey = "BRAID_PROTOCOL_FDS"
    /// The fds a worker talks on: engine → worker, then worker → engine.
    public static let fdsEnvironmentValue = "3,4"

    /// "protocol 1".
    public var description: String { "protocol \(number)" }

    /// Versions order by number.
    public static func < (lhs: ProtocolVersion, rhs: ProtocolVersion) -> Bool { lhs.number < rhs.number }
}

extension Int {
    /// A byte count as the protocol document writes limits: `1 MiB`, `16 MiB`, `64 KiB`, `200 bytes`.
    var byteCountText: String {
        if self >= 1 << 20, self % (1 << 20) == 0 { return "\(self >> 20) MiB" }
        if self >= 1 << 10, self % (1 << 10) == 0 { return "\(self >> 10) KiB" }
        return "\(self) bytes"
    }
}
