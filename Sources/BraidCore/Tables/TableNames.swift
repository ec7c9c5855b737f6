/// Table names (docs/tables.md): safe as one path component and as part of an event name.
public enum TableNames {
    public static let maxLength = 128

    /// Why `name` cannot be a table name, or nil when it can.
    public static func problem(with name: String) -> String? {
        if name.isEmpty { return "a table name cannot be empty" }
        if name.count > maxLength { return "the table name is \(name.count) characters long; at most \(maxLength) are allowed" }
        if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            return "the table name \(EventNames.quoted(name)) has a control character"
        }
        if name.contains("/") { return "the table name '\(name)' has a '/'; use letters, digits, '_', '-' and '.'" }
        if name.contains("..") { return "the table name '\(name)' has '..'; use letters, digits, '_', '-' and '.'" }
        guard let first = name.unicodeScalars.first, first.isASCIIAlphanumeric,
              name.unicodeScalars.allSatisfy({ $0.isASCIIAlphanumeric || "_-.".unicodeScalars.contains($0) }) else {
            return "the table name '\(name)' may hold only letters, digits, '_', '-' and '.', starting with a letter or digit"
        }
        return nil
    }

    /// `braid.table.NAME`: the event a landing publishes.
    public static func landingEvent(_ name: String) -> String { "braid.table.\(name)" }

    /// The table of a `braid.table.NAME` event name.
    public static func table(ofEvent name: String) -> String? {
        name.hasPrefix("braid.table.") ? String(name.dropFirst("braid.table.".count)) : nil
    }
}

extension Unicode.Scalar {
    var isASCIIAlphanumeric: Bool {
        ("a"..."z").contains(self) || ("A"..."Z").contains(self) || ("0"..."9").contains(self)
    }
}
