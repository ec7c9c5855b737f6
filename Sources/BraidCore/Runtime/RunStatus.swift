/// The life of a run or a task (design §7). Stored as these raw strings.
public enum RunStatus: String, Codable, Sendable, CaseIterable {
    case pending, running, succeeded, failed, cancelled

    /// Whether nothing more will happen to it.
    public var isTerminal: Bool {
        switch self {
        case .succeeded, .failed, .cancelled: true
        case .pending, .running: false
        }
    }
}

/// Tasks share the run statuses.
public typealias TaskStatus = RunStatus
