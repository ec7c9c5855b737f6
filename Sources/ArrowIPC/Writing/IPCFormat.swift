/// The two Arrow IPC layouts.
///
/// Defined here until the writer and reader branches merge: the reader
/// declares the same enum in `Reading/ArrowTable.swift`, and the merge keeps one.
public enum IPCFormat: Hashable, Sendable {
    /// The random-access file format (Feather v2, ".arrow"): magic, the
    /// stream, a footer listing every message.
    case file
    /// The streaming format (".arrows"): messages one after another, ending
    /// with an end-of-stream marker.
    case stream
}
