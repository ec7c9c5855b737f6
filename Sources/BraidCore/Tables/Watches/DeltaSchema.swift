/// A Delta table's schema (`metaData.schemaString`) as a table version's
/// schema: `[{"name", "type", "nullable"}]` with Delta's type names.
///
/// Delta's schema is a JSON `struct` type whose `fields` each have a `name`, a
/// `type` and `nullable`; a type is a primitive's name (`long`, `string`,
/// `decimal(10,2)`, `timestamp_ntz` ...) or a nested `struct`, `array` or `map`
/// object (https://github.com/delta-io/delta/blob/master/PROTOCOL.md#schema-serialization-format).
/// Nested types are written out on one line: `array<long>`, `map<string,double>`,
/// `struct<a:long,b:string>`. The names stay Delta's (not Arrow's), since the
/// bytes stay Delta's: a reader maps them as `deltalake` does.
public enum DeltaSchema {
    /// The fields of a `schemaString`.
    /// - Throws: ``DeltaCommitError`` when it is not JSON or not a struct type.
    public static func fields(schemaString: String) throws(DeltaCommitError) -> JSONValue {
        guard let root = (try? JSONValue.parse(schemaString))?.objectValue, root["type"]?.stringValue == "struct",
              let fields = root["fields"]?.arrayValue else {
            throw DeltaCommitError("its metaData.schemaString is not a Delta struct type")
        }
        return .array(fields.map { field in
            let object = field.objectValue ?? [:]
            return .object(["name": .string(object["name"]?.stringValue ?? "?"),
                            "type": .string(typeName(object["type"])),
                            "nullable": .bool(object["nullable"]?.boolValue ?? true)])
        })
    }

    /// A Delta type on one line.
    static func typeName(_ type: JSONValue?) -> String {
        switch type {
        case .string(let name):
            return name
        case .object(let object):
            switch object["type"]?.stringValue {
            case "array":
                return "array<\(typeName(object["elementType"]))>"
            case "map":
                return "map<\(typeName(object["keyType"])),\(typeName(object["valueType"]))>"
            case "struct":
                let fields = (object["fields"]?.arrayValue ?? []).map { field in
                    "\(field.objectValue?["name"]?.stringValue ?? "?"):\(typeName(field.objectValue?["type"]))"
                }
                return "struct<\(fields.joined(separator: ","))>"
            default:
                return object["type"]?.stringValue ?? "?"
            }
        default:
            return "?"
        }
    }
}
