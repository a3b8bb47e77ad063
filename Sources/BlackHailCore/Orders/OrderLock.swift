import Foundation

/// Held while one order is placed or re-checked, by whichever blackhail process does it: two `blackhail order`
/// processes on the same run place each order once, the second finding in the journal what the first did.
package enum OrderLock {
    /// Takes the lock on `externalId` in the store, waiting at most `wait` for another holder to let it go; nil
    /// when it did not.
    package static func acquire(
        externalId: String, store: StoreReference, wait: Duration
    ) async throws -> (any HeldLock)? {
        let clock = ContinuousClock()
        let deadline = clock.now + wait
        while true {
            if let lock = try StoreLocks.take("order-\(externalId)", in: store) { return lock }
            // Neither flock nor a try-lock waits with a timeout; polling keeps the wait bounded (and cancellable).
            guard clock.now < deadline, !Task.isCancelled else { return nil }
            try? await Task.sleep(for: .milliseconds(50))
        }
    }
}
