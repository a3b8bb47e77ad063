import Foundation

/// The rules every request to one seller keeps: at most the seller's concurrency and the run's global concurrency in
/// flight, starts no faster than the seller's rate (in this process, and across processes sharing a store's
/// `SharedBudget`), and retries of what can safely be sent again after the delay
/// the `RetryPolicy` (or the seller's `Retry-After`) gives.
struct RequestPolicy: Sendable {
    let sellerLimit: ConcurrencyLimit
    let globalLimit: ConcurrencyLimit
    let pacer: RequestPacer
    let retry: RetryPolicy
    let sleeper: Sleeper
    let sellerId: String
    let limits: SellerLimits
    let shared: (any SharedBudget)?

    init(
        sellerId: String, limits: SellerLimits, globalLimit: ConcurrencyLimit, retry: RetryPolicy, sleeper: Sleeper,
        shared: (any SharedBudget)?
    ) {
        self.sellerId = sellerId
        self.limits = limits
        self.shared = shared
        sellerLimit = ConcurrencyLimit(limits.concurrency)
        self.globalLimit = globalLimit
        pacer = RequestPacer(requestsPerSecond: limits.requestsPerSecond)
        self.retry = retry
        self.sleeper = sleeper
    }

    /// Runs one attempt holding a permit of the seller's limit and one of the global limit, once the seller's pace
    /// lets it start. Throws only when cancelled while waiting.
    func admit<Result: Sendable>(_ attempt: () async -> Result) async throws(SonataFailure) -> Result {
        do {
            return try await sellerLimit.withPermit {
                try await globalLimit.withPermit {
                    try await pacer.waitForSlot()
                    let lease = try await shared?.admit(sellerId: sellerId, limits: limits)
                    let result = await attempt()
                    await lease?.release()
                    return result
                }
            }
        } catch {
            throw .cancelled
        }
    }

    /// How long to wait before sending `operation` again after attempt number `attempt` got an HTTP answer, or nil
    /// when that answer stands. Throttling (429) and unavailability (502, 503, 504) are retried; a create with side
    /// effects only after a 429 (the seller said it did nothing): after a 5xx its outcome is unknown, and the caller
    /// looks before trying again.
    func retryDelay(afterStatus status: Int, retryAfter: String?, attempt: Int, operation: SonataOperation) -> Duration?
    {
        let retried = operation.retriesUnknownOutcome ? RetryPolicy.retriedStatuses.contains(status) : status == 429
        guard retried else { return nil }
        return retry.delay(afterAttempt: attempt, retryAfterSeconds: retryAfter.flatMap(Self.seconds))
    }

    /// How long to wait before sending `operation` again after attempt number `attempt` got no answer, or nil when
    /// the failure stands (cancelled, out of attempts, or a create whose outcome is unknown).
    func retryDelay(afterFailure failure: SonataFailure, attempt: Int, operation: SonataOperation) -> Duration? {
        guard failure != .cancelled, operation.retriesUnknownOutcome else { return nil }
        return retry.delay(afterAttempt: attempt, retryAfterSeconds: nil)
    }

    /// `Retry-After` in seconds: only the delay form (a negative one means now); an HTTP date or a non-finite
    /// number is ignored, and the computed backoff applies.
    static func seconds(_ retryAfter: String) -> Double? {
        guard let seconds = Double(retryAfter.trimmingCharacters(in: .whitespaces)), seconds.isFinite else {
            return nil
        }
        return seconds
    }
}

/// How blackhail waits between attempts and between polls: real time in a run; unit tests note the wait and go
/// straight on.
package struct Sleeper: Sendable {
    private let wait: @Sendable (Duration) async throws -> Void

    package init(_ wait: @escaping @Sendable (Duration) async throws -> Void) {
        self.wait = wait
    }

    package static let realTime = Sleeper { try await Task.sleep(for: $0) }

    /// Waits `duration`; a cancelled wait is a cancelled request.
    package func sleep(for duration: Duration) async throws(SonataFailure) {
        do { try await wait(duration) } catch { throw .cancelled }
    }
}
