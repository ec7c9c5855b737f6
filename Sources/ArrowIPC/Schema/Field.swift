/// A named, typed column slot of a schema (or a child of a nested type).
public struct Field: Hashable, Sendable {
    public var name: String
    public var type: DataType
    public var isNullable: Bool
    /// Field-level custom metadata, kept in order and byte for byte.
    public var metadata: [KeyValue]

    public init(_ name: String, _ type: DataType, isNullable: Bool = true, metadata: [KeyValue] = []) {
        self.name = name
        self.type = type
        self.isNullable = isNullable
        self.metadata = metadata
    }
}

/// One custom metadata entry. Arrow keeps these as an ordered list, so a
/// `[KeyValue]` rather than a dictionary: order and duplicates survive a round trip.
public struct KeyValue: Hashable, Sendable {
    public var key: String
    public var value: String

    public init(_ key: String, _ value: String) {
        self.key = key
        self.value = value
    }
}

extension Array where Element == KeyValue {
    /// The value of the first entry with `key`.
    public subscript(key key: String) -> String? {
        first { $0.key == key }?.value
    }
}
