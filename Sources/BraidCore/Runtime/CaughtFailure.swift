import ArrowIPC
import Foundation

/// The value `@catch(var=...)` stores: what went wrong, readable from Python
/// (a dict) and R (a named list).
///
/// The engine writes it as a `json` artifact (docs/formats.md), the same
/// format the clients write, with `language` `braid` so that neither client
/// takes it for one of its own native objects.
enum CaughtFailure {
    /// The artifact's `type_name`.
    static let typeName = "braid.CaughtFailure"

    /// The JSON object: `type`, `message`, `traceback` (empty unless the step
    /// raised), `language`, `kind`, `description`, `step`, `pathspec`, `attempt`.
    static func value(_ failure: TaskFailure, language: String, step: String, pathspec: String, attempt: Int) -> JSONValue {
        var object: [String: JSONValue] = [
            "kind": .string(failure.kind), "description": .string(failure.description), "language": .string(language),
            "step": .string(step), "pathspec": .string(pathspec), "attempt": .int(Int64(attempt)),
            "type": .string(typeName(failure)), "message": .string(failure.description), "traceback": .string(""),
        ]
        if case let .stepRaised(raisedLanguage, type, message, traceback, _) = failure {
            object["type"] = .string(type)
            object["message"] = .string(message)
            object["traceback"] = .string(traceback)
            object["language"] = .string(raisedLanguage)
        }
        return .object(object)
    }

    /// Writes the value as an Arrow IPC file at `path` (a spool path, ingested next).
    static func write(_ value: JSONValue, to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let text = String(decoding: try encoder.encode(value), as: UTF8.self)
        let metadata = ArtifactMetadata(kind: "json", language: "braid", typeName: typeName)
        let metadataText = String(decoding: try encoder.encode(metadata), as: UTF8.self)
        let schema = Schema([Field("value", .utf8)], metadata: [KeyValue("braid", metadataText)])
        let column = VariableWidthBuilder(type: .utf8)
        column.append(text)
        let batch = try RecordBatch(schema: schema, columns: [column.finish()])
        let sink = try FileSink(path: path)
        let writer = try FileWriter(sink: sink, schema: schema)
        try writer.write(batch)
        try writer.finish()
        try sink.close()
    }

    /// A type name for failures that are not the user's exception.
    private static func typeName(_ failure: TaskFailure) -> String {
        switch failure {
        case .stepRaised(_, let type, _, _, _): type
        case .exited: "WorkerExited"
        case .crashed: "WorkerKilled"
        case .timedOut: "TaskTimedOut"
        case .protocolViolation: "ProtocolViolation"
        case .transitionMismatch: "TransitionMismatch"
        case .artifactRejected: "ArtifactRejected"
        case .cancelled: "Cancelled"
        case .engineLost: "EngineLost"
        }
    }
}
