/// When and how long to wait before trying a request again.
///
/// Throttling (429), unavailability (502, 503, 504) and transport failures are retried with exponential backoff
/// and full jitter; a `Retry-After` from the seller replaces the computed delay.
package struct RetryPolicy: Sendable {
    package var maximumAttempts: Int
    package var baseDelay: Duration
    package var maximumDelay: Duration

    package init(
        maximumAttempts: Int = 5, baseDelay: Duration = .milliseconds(200), maximumDelay: Duration = .seconds(10)
    ) {
        self.maximumAttempts = maximumAttempts
        self.baseDelay = baseDelay
        self.maximumDelay = maximumDelay
    }

    package static let retriedStatuses: Set<Int> = [429, 502, 503, 504]

    /// The delay before attempt `attempt + 1` (attempts count from 1), or nil when no attempt is left.
    package func delay(afterAttempt attempt: Int, retryAfterSeconds: Double?) -> Duration? {
        guard attempt < maximumAttempts else { return nil }
        // Capped before it becomes a Duration: a seller's `Retry-After: 1e300` must not trap.
        if let retryAfterSeconds, retryAfterSeconds.isFinite {
            return .milliseconds(min(max(retryAfterSeconds, 0) * 1000, Self.milliseconds(maximumDelay)))
        }
        let ceiling = min(baseDelay * (1 << min(attempt - 1, 20)), maximumDelay)
        return .milliseconds(Double.random(in: 0...Self.milliseconds(ceiling)))
    }

    private static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }
}
