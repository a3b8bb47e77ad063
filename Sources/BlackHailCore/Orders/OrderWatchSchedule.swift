import Foundation

/// When `order status --watch` looks at an order again: soon after a change, then backing off (doubling) to
/// `maximum` while nothing changes; no later than the date the seller expects the order done; never sooner than
/// the seller's `Retry-After`. Every wait lies between `minimum` and `maximum`, whatever the seller says.
package struct OrderWatchSchedule: Sendable, Hashable {
    package var minimum: TimeInterval
    package var maximum: TimeInterval

    /// `minimum` at least a second and `maximum` at least `minimum`.
    package init(minimum: TimeInterval, maximum: TimeInterval) {
        self.minimum = Swift.max(minimum, 1)
        self.maximum = Swift.max(maximum, self.minimum)
    }

    /// The wait before the next look, after a look that followed a wait of `previous` (nil: the first look).
    /// - Parameters:
    ///   - changed: whether the look found the order changed.
    ///   - expected: when the seller expects the order done.
    ///   - retryAfterSeconds: the seller's `Retry-After` on this look's answer.
    package func wait(
        after previous: TimeInterval?, changed: Bool, expected: Date?, retryAfterSeconds: Double?, now: Date
    ) -> TimeInterval {
        var wait = changed ? minimum : (previous.map { $0 * 2 } ?? minimum)
        if let expected {
            if expected > now {
                // Look when the seller said it would be done, rather than up to a whole backoff after.
                wait = Swift.min(wait, expected.timeIntervalSince(now))
            } else if let previous, now.timeIntervalSince(expected) < previous {
                // The date passed during the last wait and the order is not done: it is due any moment (a date
                // in whole seconds or days reads early), so back off again from the start.
                wait = minimum
            }
        }
        if let retryAfterSeconds, retryAfterSeconds.isFinite { wait = Swift.max(wait, retryAfterSeconds) }
        return Swift.min(Swift.max(wait, minimum), maximum)
    }
}
