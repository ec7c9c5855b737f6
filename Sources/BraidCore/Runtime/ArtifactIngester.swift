/// Moves artifact files from the spool into the content-addressed object store.
///
/// The engine's implementation is `ObjectStore` (branch `store`): it
/// validates the Arrow IPC file, hashes it, and renames it into
/// `objects/ab/ab12….arrow` (written once; the same bytes are stored once).
/// The coordinator calls it on its loop thread for every `artifact` line.
public protocol ArtifactIngester {
    /// Validates, hashes and moves one spool file into the store; the spool file is gone afterwards.
    /// - Returns: the object's SHA-256 (lowercase hex) and size in bytes.
    /// - Throws: when the file is not a valid artifact; the message becomes the task's failure.
    func ingest(spoolFile: String) throws -> (hash: String, size: Int64)
    /// The absolute path of a stored object, as workers are told to read it.
    func objectPath(_ hash: String) -> String
}
