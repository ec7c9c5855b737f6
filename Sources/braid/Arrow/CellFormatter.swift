import ArrowIPC

/// Turns one value of a column into the short text `braid arrow head` shows:
/// dates and times in ISO 8601 (UTC for zoned timestamps), durations with their
/// unit, nested values inline.
struct CellFormatter {
    /// Longest cell before it is cut with "…".
    var maxWidth = 32

    func text(_ column: Column, row: Int) -> String {
        truncated(format(column, row: row))
    }

    private func format(_ column: Column, row: Int) -> String {
        guard column.isValid(row) else { return "null" }
        switch column.type {
        case .date32: return CivilTime.date(days: column.integer(at: row)!)
        case .date64: return CivilTime.date(days: floorDivide(column.integer(at: row)!, 86_400_000))
        case .timestamp(let unit, let timezone):
            let text = CivilTime.dateTime(count: column.integer(at: row)!, unit: unit)
            return timezone == nil ? text : text + "Z"
        case .time32(let unit), .time64(let unit):
            return CivilTime.timeOfDay(count: column.integer(at: row)!, unit: unit)
        case .duration(let unit): return "\(column.integer(at: row)!)\(unit.symbol)"
        case .utf8, .largeUtf8: return column.string(at: row)!
        case .binary, .largeBinary: return Value.binary(column.binary(at: row)!.bytes).description
        case .list, .largeList, .fixedSizeList:
            let items = column.childRange(at: row)!.map { format(column.children[0], row: $0) }
            return "[" + items.joined(separator: ", ") + "]"
        case .struct(let fields):
            let parts = zip(fields, column.children).map { "\($0.name): \(format($1, row: row))" }
            return "{" + parts.joined(separator: ", ") + "}"
        case .dictionary:
            return format(column.dictionary!, row: column.dictionaryIndex(at: row)!)
        default:
            return column.value(at: row).description
        }
    }

    private func truncated(_ text: String) -> String {
        let flat = text.replacingNewlines()
        return flat.count <= maxWidth ? flat : String(flat.prefix(maxWidth - 1)) + "…"
    }
}

extension String {
    func replacingNewlines() -> String {
        String(map { $0 == "\n" || $0 == "\r" || $0 == "\t" ? " " : $0 })
    }
}

/// Floor division, so times before 1970 land on the right day.
func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
    let q = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
}

/// Calendar arithmetic on counts since the Unix epoch (proleptic Gregorian, UTC).
enum CivilTime {
    /// `days` since 1970-01-01 as YYYY-MM-DD (the standard days-to-civil
    /// conversion through 400-year eras).
    static func date(days: Int64) -> String {
        let z = days + 719_468
        let era = floorDivide(z, 146_097)
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return "\(String(year).leftPad(4))-\(String(month).leftPad(2))-\(String(day).leftPad(2))"
    }

    static func perSecond(_ unit: TimeUnit) -> Int64 {
        switch unit {
        case .second: 1
        case .millisecond: 1_000
        case .microsecond: 1_000_000
        case .nanosecond: 1_000_000_000
        }
    }

    static func dateTime(count: Int64, unit: TimeUnit) -> String {
        let perDay = 86_400 * perSecond(unit)
        let days = floorDivide(count, perDay)
        return date(days: days) + "T" + timeOfDay(count: count - days * perDay, unit: unit)
    }

    static func timeOfDay(count: Int64, unit: TimeUnit) -> String {
        let scale = perSecond(unit)
        let seconds = floorDivide(count, scale)
        let fraction = count - seconds * scale
        let clock = "\(String(seconds / 3600).leftPad(2)):\(String(seconds / 60 % 60).leftPad(2)):\(String(seconds % 60).leftPad(2))"
        guard unit != .second else { return clock }
        return clock + "." + String(fraction).leftPad(String(scale).count - 1)
    }
}

extension String {
    func leftPad(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
