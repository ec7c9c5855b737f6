/// An artifact visible in a task, as the store holds it: a name bound to an
/// object (`objects/ab/<object>.arrow`).
public struct StoredArtifact: Codable, Sendable, Hashable {
    /// The task it is visible in.
    public var task: TaskID
    /// Its name: the attribute the step set.
    public var name: String
    /// SHA-256 of the object's bytes, lowercase hex.
    public var object: String
    /// `scalar`, `vector`, `json`, `table`, `pickle` or `rds` (docs/formats.md).
    public var kind: String
    /// The language that wrote it.
    public var language: String
    /// The writing language's own type name, for display.
    public var typeName: String
    /// The object's size in bytes.
    public var size: Int64

    /// Creates a record; the store makes these when reading.
    public init(task: TaskID, name: String, object: String, kind: String, language: String, typeName: String, size: Int64) {
        self.task = task
        self.name = name
        self.object = object
        self.kind = kind
        self.language = language
        self.typeName = typeName
        self.size = size
    }

    /// The same artifact as the run journal records it.
    public var record: ArtifactRecord {
        ArtifactRecord(name: name, object: object, kind: kind, language: language, typeName: typeName, size: size)
    }
}
