@testable import ArrowIPC

/// A minimal JSON writer for the expectations `pyarrow_check.py` reads: the
/// canonical form described in that script's docstring.
indirect enum JSON {
    case null, bool(Bool), number(String), string(String), array([JSON]), object([(String, JSON)])

    var text: String {
        switch self {
        case .null: "null"
        case .bool(let b): b ? "true" : "false"
        case .number(let n): n
        case .string(let s): JSON.quote(s)
        case .array(let items): "[" + items.map(\.text).joined(separator: ",") + "]"
        case .object(let members): "{" + members.map { JSON.quote($0.0) + ":" + $0.1.text }.joined(separator: ",") + "}"
        }
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case _ where scalar.value < 0x20: out += "\\u" + String(scalar.value, radix: 16).leftPadded(to: 4)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// The canonical form of one value.
    static func value(_ value: Value) -> JSON {
        switch value {
        case .null: .null
        case .bool(let b): .bool(b)
        case .int(let i): .number(String(i))
        case .uint(let u): .number(String(u))
        case .double(let d) where d.isNaN: .string("NaN")
        case .double(let d) where d.isInfinite: .string(d > 0 ? "Infinity" : "-Infinity")
        case .double(let d): .number("\(d)")
        case .string(let s): .string(s)
        case .binary(let bytes): .string(bytes.map { String($0, radix: 16).leftPadded(to: 2) }.joined())
        case .list(let items), .struct(let items): .array(items.map(JSON.value))
        }
    }

    static func pairs(_ metadata: [KeyValue]) -> JSON {
        .array(metadata.map { .array([.string($0.key), .string($0.value)]) })
    }

    /// The schema as `describe_schema` in the checker prints it.
    static func schema(_ schema: Schema) -> JSON {
        .object([
            ("fields", .array(schema.fields.map { field in
                .object([("name", .string(field.name)), ("type", .string(pyarrowName(field.type))),
                         ("nullable", .bool(field.isNullable)), ("metadata", pairs(field.metadata))])
            })),
            ("metadata", pairs(schema.metadata)),
        ])
    }

    /// How pyarrow 26 prints a type (`str(pa.DataType)`).
    static func pyarrowName(_ type: DataType) -> String {
        func child(_ field: Field) -> String {
            "\(field.name): \(pyarrowName(field.type))\(field.isNullable ? "" : " not null")"
        }
        switch type {
        case .null: return "null"
        case .bool: return "bool"
        case .int(let t): return "\(t.isSigned ? "" : "u")int\(t.bitWidth)"
        case .float16: return "halffloat"
        case .float32: return "float"
        case .float64: return "double"
        case .utf8: return "string"
        case .largeUtf8: return "large_string"
        case .binary: return "binary"
        case .largeBinary: return "large_binary"
        case .date32: return "date32[day]"
        case .date64: return "date64[ms]"
        case .time32(let unit): return "time32[\(unit.symbol)]"
        case .time64(let unit): return "time64[\(unit.symbol)]"
        case .timestamp(let unit, let tz): return "timestamp[\(unit.symbol)\(tz.map { ", tz=\($0)" } ?? "")]"
        case .duration(let unit): return "duration[\(unit.symbol)]"
        case .list(let f): return "list<\(child(f))>"
        case .largeList(let f): return "large_list<\(child(f))>"
        case .fixedSizeList(let f, let size): return "fixed_size_list<\(child(f))>[\(size)]"
        case .struct(let fields): return "struct<\(fields.map(child).joined(separator: ", "))>"
        case .dictionary(let d):
            return "dictionary<values=\(pyarrowName(d.valueType)), indices=\(pyarrowName(.int(d.indexType))), ordered=\(d.isOrdered ? 1 : 0)>"
        }
    }
}
