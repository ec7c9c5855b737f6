import Foundation
import Testing
@testable import BraidCore

@Suite enum TriggerTests {}

extension TriggerTests {
    @Suite struct CronScheduleTests {
        /// 2026-12-08 00:00:00 UTC, a Tuesday.
        static let tuesday = ISO8601DateFormatter().date(from: "2026-12-08T00:00:00Z")!

        func utc(_ text: String) -> Date {
            let formatter = ISO8601DateFormatter()
            return formatter.date(from: text)!
        }

        @Test func everyFifteenMinutes() throws {
            let cron = try CronSchedule("*/15 * * * *")
            #expect(cron.nextTick(after: utc("2026-12-08T10:07:00Z")) == utc("2026-12-08T10:15:00Z"))
            #expect(cron.nextTick(after: utc("2026-12-08T10:15:00Z")) == utc("2026-12-08T10:30:00Z"))
            #expect(cron.nextTick(after: utc("2026-12-08T23:50:00Z")) == utc("2026-12-09T00:00:00Z"))
        }

        @Test func namesRangesListsAndSteps() throws {
            let cron = try CronSchedule("30 9-17/4 * jan,dec mon-fri")
            // 2026-12-12 is a Saturday: the next weekday tick is Monday 09:30.
            #expect(cron.nextTick(after: utc("2026-12-11T17:31:00Z")) == utc("2026-12-14T09:30:00Z"))
            #expect(cron.nextTick(after: utc("2026-12-14T09:30:00Z")) == utc("2026-12-14T13:30:00Z"))
            #expect(cron.nextTick(after: utc("2026-12-14T13:30:00Z")) == utc("2026-12-14T17:30:00Z"))
        }

        @Test func bothDayFieldsRestrictedMatchEither() throws {
            // The 1st of the month or any Sunday, at midnight (Vixie cron's rule).
            let cron = try CronSchedule("0 0 1 * 0")
            #expect(cron.nextTick(after: utc("2026-12-08T00:00:00Z")) == utc("2026-12-13T00:00:00Z"))
            #expect(cron.nextTick(after: utc("2026-12-27T00:00:00Z")) == utc("2027-01-01T00:00:00Z"))
        }

        @Test func sevenIsSunday() throws {
            #expect(try CronSchedule("0 12 * * 7").nextTick(after: Self.tuesday) == utc("2026-12-13T12:00:00Z"))
        }

        @Test func aTimeZoneShiftsTheTicks() throws {
            let cron = try CronSchedule("0 9 * * *", timeZone: "Europe/Helsinki")
            // 09:00 in Helsinki in December is 07:00 UTC (UTC+2).
            #expect(cron.nextTick(after: Self.tuesday) == utc("2026-12-08T07:00:00Z"))
        }

        @Test func aLocalTimeThatDaylightSavingSkipsDoesNotHappen() throws {
            // 2026-03-29 03:30 does not exist in Helsinki (clocks go 03:00 -> 04:00).
            let cron = try CronSchedule("30 3 * * *", timeZone: "Europe/Helsinki")
            let next = cron.nextTick(after: utc("2026-03-28T02:00:00Z"))
            #expect(next == utc("2026-03-30T00:30:00Z"))
        }

        @Test func theLatestMissedTickAndHowManyWereMissed() throws {
            let cron = try CronSchedule("0 * * * *")
            let missed = cron.latestTick(after: utc("2026-12-08T01:30:00Z"), upTo: utc("2026-12-08T05:10:00Z"))
            #expect(missed?.tick == utc("2026-12-08T05:00:00Z"))
            #expect(missed?.count == 4)
            #expect(cron.latestTick(after: utc("2026-12-08T05:00:00Z"), upTo: utc("2026-12-08T05:59:00Z")) == nil)
        }

        @Test(arguments: [
            ("* * * *", "the cron expression '* * * *' has 4 fields; it needs 5: minute hour day-of-month month day-of-week (e.g. '*/15 * * * *')"),
            ("61 * * * *", "the cron minute field '61' has 61, outside 0-59"),
            ("* 24 * * *", "the cron hour field '24' has 24, outside 0-23"),
            ("* * 0 * *", "the cron day-of-month field '0' has 0, outside 1-31"),
            ("* * * foo *", "the cron month field 'foo' has 'foo', which is not a number or a name such as 'jan'"),
            ("*/0 * * * *", "the cron minute field '*/0' has the step '0'; a step is a whole number of at least 1"),
            ("5-1 * * * *", "the cron minute field '5-1' has the range 5-1, whose start is after its end"),
            ("1,,2 * * * *", "the cron minute field '1,,2' has an empty item (two commas, or a comma at an end)"),
            ("0 0 30 2 *", "the cron expression '0 0 30 2 *' never matches a date (e.g. day 30 of February); check the day and month fields"),
        ])
        func badExpressionsNameTheField(expression: String, message: String) {
            #expect(throws: CronError.self) { try CronSchedule(expression) }
            do {
                _ = try CronSchedule(expression)
            } catch {
                #expect(error.description == message)
            }
        }

        @Test func anUnknownTimeZoneIsNamed() {
            do {
                _ = try CronSchedule("* * * * *", timeZone: "Mars/Olympus")
                Issue.record("expected an error")
            } catch {
                #expect(error.description == "the time zone 'Mars/Olympus' does not exist; use an IANA name such as 'Europe/Helsinki' or 'UTC'")
            }
        }
    }
}
