/// The columns of a table and its schema-level custom metadata (where pandas
/// and R keep theirs).
///
/// Column names need not be unique: Arrow allows duplicates, so fields are
/// addressed by position; `firstIndex(of:)` finds one by name.
public struct Schema: Hashable, Sendable {
    public var fields: [Field]
    public var metadata: [KeyValue]

    public init(_ fields: [Field], metadata: [KeyValue] = []) {
        self.fields = fields
        self.metadata = metadata
    }

    /// The position of the first field called `name`.
    public func firstIndex(of name: String) -> Int? {
        fields.firstIndex { $0.name == name }
    }
}
