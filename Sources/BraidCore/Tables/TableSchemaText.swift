public import ArrowIPC

/// A table's Arrow schema as the store keeps it (`[{"name", "type", "nullable"}]`) and as messages show it.
public enum TableSchemaText {
    public static func json(_ schema: Schema) -> JSONValue {
        .array(schema.fields.map { field in
            .object(["name": .string(field.name), "type": .string(field.type.description), "nullable": .bool(field.isNullable)])
        })
    }

    /// `id int64, price float64, day utf8`.
    public static func describe(_ schema: JSONValue) -> String {
        (schema.arrayValue ?? []).map { field in
            let object = field.objectValue ?? [:]
            return "\(object["name"]?.stringValue ?? "?") \(object["type"]?.stringValue ?? "?")"
        }.joined(separator: ", ")
    }
}
