import Foundation

/// How the store writes times: INTEGER milliseconds since the Unix epoch (UTC).
///
/// Chosen over ISO-8601 text because it is compact, compares and sorts as a
/// number, and needs no parsing on the hot path. `sqlite3 braid.db` users can
/// still read it: `datetime(created_at / 1000, 'unixepoch')`
/// (https://sqlite.org/lang_datefunc.html). A `Date` round-trips exactly to the millisecond.
enum StoredTime {
    /// `date` as whole milliseconds, rounded to the nearest.
    static func milliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded())
    }

    static func date(_ milliseconds: Int64) -> Date {
        Date(timeIntervalSince1970: Double(milliseconds) / 1000)
    }

    static func date(_ milliseconds: Int64?) -> Date? {
        milliseconds.map { date($0) }
    }
}
