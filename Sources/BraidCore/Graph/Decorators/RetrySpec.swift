/// What `@retry` asks for: how many times to rerun a failed task, and how long
/// to wait between attempts. Read it with ``StepSpec/retryPolicy``.
///
/// Defaults follow Metaflow: `@retry` alone means 3 retries, 2 minutes apart.
public struct RetrySpec: Sendable, Equatable {
    /// The most retries a step may ask for.
    public static let maxTimes = 10
    /// The longest wait between attempts, in minutes (a day).
    public static let maxMinutesBetweenRetries = 1440.0

    /// How many times to rerun after the first attempt fails (0 means never).
    public var times: Int
    /// How long to wait before each retry, in minutes.
    public var minutesBetweenRetries: Double

    /// Creates a retry policy.
    public init(times: Int = 3, minutesBetweenRetries: Double = 2) {
        self.times = times
        self.minutesBetweenRetries = minutesBetweenRetries
    }

    /// The wait before each retry.
    public var delay: Duration { .milliseconds(Int64((minutesBetweenRetries * 60_000).rounded())) }

    init(reading args: inout DecoratorArguments) {
        self.init()
        let most = Self.maxTimes
        if let times = args.integer("times", "an integer from 0 to \(most)", where: { (0...most).contains($0) }) {
            self.times = times
        }
        let longest = Self.maxMinutesBetweenRetries
        if let minutes = args.number("minutes_between_retries", "a number of minutes from 0 to \(Int(longest))",
                                     where: { (0...longest).contains($0) }) {
            self.minutesBetweenRetries = minutes
        }
    }
}
