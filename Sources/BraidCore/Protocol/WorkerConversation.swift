/// The engine's side of one worker's conversation: which lines may come when.
///
/// A worker first says `hello`; then, for each task the engine sent, zero or
/// more `artifact` lines and at most one `next`, in either order, and finally
/// `done` or `error`. Anything else (a line before `hello`, a second `next`,
/// task messages while no task is running) is a message out of order, which
/// the protocol makes a violation. `artifact` after `next` is accepted: the
/// protocol lists them in that order but nothing depends on it, and clients
/// in two languages are easier to keep conformant when order is not load-bearing.
///
/// The engine may send the task before the hello arrives (it saves a round
/// trip on every task); the conversation tracks the two independently.
public struct WorkerConversation: Sendable {
    /// What the worker said in its hello, once it has.
    public private(set) var hello: WorkerMessage.Hello?
    /// Whether a task was sent and its `done` or `error` has not come yet.
    public private(set) var isTaskRunning = false
    /// Whether the running task reported its transition.
    public private(set) var hasNext = false
    /// The protocol this engine speaks.
    public let version: ProtocolVersion

    /// Starts a conversation, before the hello.
    public init(version: ProtocolVersion = .current) {
        self.version = version
    }

    /// Records that a `task` line was sent.
    public mutating func taskSent() {
        precondition(!isTaskRunning, "a worker runs one task at a time")
        isTaskRunning = true
        hasNext = false
    }

    /// Decodes one line from the worker and checks that it may come now.
    /// - Throws: ``ProtocolError`` for undecodable lines, another protocol
    ///   version, or a message out of order.
    public mutating func receive(line: UnsafeRawBufferPointer) throws(ProtocolError) -> WorkerMessage {
        let message = try WorkerMessage.decode(line: line)
        if case .hello(let hello) = message {
            guard self.hello == nil else { throw ProtocolError(line: line, reason: "a second hello") }
            guard hello.protocolVersion == version.number else {
                throw ProtocolError(line: line, reason: "the worker speaks protocol \(hello.protocolVersion), this engine speaks protocol \(version.number)")
            }
            self.hello = hello
            return message
        }
        guard hello != nil else {
            throw ProtocolError(line: line, reason: "'\(message.type)' before hello (hello must be the first line)")
        }
        guard isTaskRunning else {
            throw ProtocolError(line: line, reason: "'\(message.type)' while no task is running")
        }
        switch message {
        case .next:
            guard !hasNext else { throw ProtocolError(line: line, reason: "a second 'next' for the same task") }
            hasNext = true
        case .done, .error:
            isTaskRunning = false
        case .artifact, .hello:
            break
        }
        return message
    }

    /// Decodes one line given as bytes; see ``receive(line:)-(UnsafeRawBufferPointer)``.
    public mutating func receive(line: [UInt8]) throws(ProtocolError) -> WorkerMessage {
        var copy = self
        let result: Result<WorkerMessage, ProtocolError> = line.withUnsafeBytes { buffer in
            do throws(ProtocolError) { return .success(try copy.receive(line: buffer)) } catch { return .failure(error) }
        }
        self = copy
        return try result.get()
    }
}
