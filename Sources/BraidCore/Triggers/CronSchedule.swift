public import Foundation

/// A five-field cron expression in a time zone: `minute hour day-of-month
/// month day-of-week`, each `*`, a number, a range `a-b`, a step `*/n` or
/// `a-b/n` or `a/n`, or a comma list of those. Months and weekdays may be
/// names (`jan`, `mon`); weekday 0 and 7 are Sunday. As in Vixie cron, when
/// both day fields are restricted a day matches if either does.
///
/// Ticks are found on the local calendar of ``timeZone``: a local time that a
/// daylight-saving change skips does not happen that day; one it repeats
/// happens once (the first).
public struct CronSchedule: Sendable, Equatable {
    /// The expression as written.
    public let expression: String
    public let timeZone: TimeZone
    let minutes: Set<Int>
    let hours: Set<Int>
    let daysOfMonth: Set<Int>
    let months: Set<Int>
    /// 0 = Sunday ... 6 = Saturday.
    let weekdays: Set<Int>
    let dayOfMonthRestricted: Bool
    let weekdayRestricted: Bool

    /// How far ahead ``nextTick(after:)`` looks: an expression with no tick in
    /// this many days (`0 0 30 2 *`) never ticks.
    static let horizonDays = 366 * 8

    /// Parses an expression.
    /// - Parameters:
    ///   - expression: five fields separated by spaces.
    ///   - timeZone: an IANA name (`Europe/Helsinki`); nil is UTC.
    /// - Throws: ``CronError`` naming the field and value that are wrong, or the unknown time zone.
    public init(_ expression: String, timeZone name: String? = nil) throws(CronError) {
        self.expression = expression
        if let name {
            guard let zone = TimeZone(identifier: name) else { throw CronError.unknownTimeZone(name) }
            timeZone = zone
        } else {
            timeZone = TimeZone(identifier: "UTC")!
        }
        let fields = expression.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard fields.count == 5 else {
            throw CronError.fieldCount(expression: expression, found: fields.count)
        }
        minutes = try CronField.minute.parse(fields[0])
        hours = try CronField.hour.parse(fields[1])
        daysOfMonth = try CronField.dayOfMonth.parse(fields[2])
        months = try CronField.month.parse(fields[3])
        weekdays = Set(try CronField.dayOfWeek.parse(fields[4]).map { $0 % 7 })
        dayOfMonthRestricted = !fields[2].hasPrefix("*")
        weekdayRestricted = !fields[4].hasPrefix("*")
        if nextTick(after: Date()) == nil { throw CronError.neverTicks(expression: expression) }
    }

    /// The first tick strictly after `date`, or nil when there is none within ``horizonDays``.
    public func nextTick(after date: Date) -> Date? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let sortedHours = hours.sorted()
        let sortedMinutes = minutes.sorted()
        var day = calendar.startOfDay(for: date)
        for _ in 0..<Self.horizonDays {
            let parts = calendar.dateComponents([.year, .month, .day, .weekday], from: day)
            if months.contains(parts.month!), matchesDay(dayOfMonth: parts.day!, weekday: parts.weekday! - 1) {
                for hour in sortedHours {
                    for minute in sortedMinutes {
                        let wanted = DateComponents(year: parts.year, month: parts.month, day: parts.day, hour: hour, minute: minute)
                        guard let tick = calendar.date(from: wanted) else { continue }
                        // A skipped local time comes back shifted into another hour: it does not happen.
                        let got = calendar.dateComponents([.day, .hour, .minute], from: tick)
                        guard got.day == parts.day, got.hour == hour, got.minute == minute else { continue }
                        if tick > date { return tick }
                    }
                }
            }
            guard let next = calendar.date(byAdding: .day, value: 1, to: day) else { return nil }
            day = calendar.startOfDay(for: next)
        }
        return nil
    }

    /// The latest tick in `(after, upTo]`, and how many ticks that range holds; nil when none.
    public func latestTick(after: Date, upTo now: Date) -> (tick: Date, count: Int)? {
        var count = 0
        var latest: Date?
        var cursor = after
        while let tick = nextTick(after: cursor), tick <= now {
            latest = tick
            count += 1
            cursor = tick
            if count >= 100_000 { break }  // a minutely schedule down for months: the count is a floor
        }
        return latest.map { ($0, count) }
    }

    private func matchesDay(dayOfMonth: Int, weekday: Int) -> Bool {
        let byDate = daysOfMonth.contains(dayOfMonth)
        let byWeekday = weekdays.contains(weekday)
        if dayOfMonthRestricted && weekdayRestricted { return byDate || byWeekday }
        return byDate && byWeekday
    }

    public static func == (a: CronSchedule, b: CronSchedule) -> Bool {
        a.expression == b.expression && a.timeZone.identifier == b.timeZone.identifier
    }
}

/// A cron expression that cannot be used, said so that the user can fix it.
public enum CronError: Error, Sendable, Equatable, CustomStringConvertible {
    case fieldCount(expression: String, found: Int)
    case badField(field: String, value: String, reason: String)
    case neverTicks(expression: String)
    case unknownTimeZone(String)

    public var description: String {
        switch self {
        case let .fieldCount(expression, found):
            "the cron expression '\(expression)' has \(found) field\(found == 1 ? "" : "s"); it needs 5: "
                + "minute hour day-of-month month day-of-week (e.g. '*/15 * * * *')"
        case let .badField(field, value, reason):
            "the cron \(field) field '\(value)' \(reason)"
        case let .neverTicks(expression):
            "the cron expression '\(expression)' never matches a date (e.g. day 30 of February); check the day and month fields"
        case let .unknownTimeZone(name):
            "the time zone '\(name)' does not exist; use an IANA name such as 'Europe/Helsinki' or 'UTC'"
        }
    }
}

/// One of the five fields: its name, range and names.
struct CronField {
    let name: String
    let range: ClosedRange<Int>
    let names: [String: Int]

    static let minute = CronField(name: "minute", range: 0...59, names: [:])
    static let hour = CronField(name: "hour", range: 0...23, names: [:])
    static let dayOfMonth = CronField(name: "day-of-month", range: 1...31, names: [:])
    static let month = CronField(name: "month", range: 1...12, names: Dictionary(uniqueKeysWithValues:
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"].enumerated().map { ($1, $0 + 1) }))
    static let dayOfWeek = CronField(name: "day-of-week", range: 0...7, names: Dictionary(uniqueKeysWithValues:
        ["sun", "mon", "tue", "wed", "thu", "fri", "sat"].enumerated().map { ($1, $0) }))

    /// The values the field allows.
    func parse(_ text: String) throws(CronError) -> Set<Int> {
        var values = Set<Int>()
        for part in text.split(separator: ",", omittingEmptySubsequences: false).map(String.init) {
            values.formUnion(try parsePart(part, whole: text))
        }
        return values
    }

    private func parsePart(_ part: String, whole: String) throws(CronError) -> Set<Int> {
        func fail(_ reason: String) -> CronError { .badField(field: name, value: whole, reason: reason) }
        guard !part.isEmpty else { throw fail("has an empty item (two commas, or a comma at an end)") }
        let pieces = part.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard pieces.count <= 2 else { throw fail("has more than one '/' in '\(part)'") }
        var step = 1
        if pieces.count == 2 {
            guard let n = Int(pieces[1]), n >= 1 else { throw fail("has the step '\(pieces[1])'; a step is a whole number of at least 1") }
            step = n
        }
        let lower: Int
        var upper: Int
        if pieces[0] == "*" {
            (lower, upper) = (range.lowerBound, range.upperBound)
            if name == "day-of-week" { upper = 6 }  // 7 is Sunday again
        } else {
            let bounds = pieces[0].split(separator: "-", omittingEmptySubsequences: false).map(String.init)
            guard bounds.count <= 2 else { throw fail("has more than one '-' in '\(part)'") }
            lower = try value(bounds[0], whole: whole)
            upper = bounds.count == 2 ? try value(bounds[1], whole: whole) : (pieces.count == 2 ? range.upperBound : lower)
            guard lower <= upper else { throw fail("has the range \(pieces[0]), whose start is after its end") }
        }
        return Set(stride(from: lower, through: upper, by: step))
    }

    private func value(_ text: String, whole: String) throws(CronError) -> Int {
        if let named = names[text.lowercased()] { return named }
        guard let number = Int(text) else {
            let hint = names.isEmpty ? "a number" : "a number or a name such as '\(names.min { $0.value < $1.value }!.key)'"
            throw .badField(field: name, value: whole, reason: "has '\(text)', which is not \(hint)")
        }
        guard range.contains(number) else {
            throw .badField(field: name, value: whole, reason: "has \(number), outside \(range.lowerBound)-\(range.upperBound)")
        }
        return number
    }
}
