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
        if let retryAfterSeconds { return min(.seconds(max(retryAfterSeconds, 0)), maximumDelay) }
        let ceiling = min(baseDelay * (1 << min(attempt - 1, 20)), maximumDelay)
        let milliseconds = Double(ceiling.components.seconds) * 1000 + Double(ceiling.components.attoseconds) / 1e15
        return .milliseconds(Double.random(in: 0...milliseconds))
    }
}
