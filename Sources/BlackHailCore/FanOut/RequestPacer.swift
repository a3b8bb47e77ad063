import Synchronization

/// Spaces request starts so that a seller never sees more than `requestsPerSecond`: each start takes the next
/// free slot, 1/rate seconds after the previous one.
package final class RequestPacer: Sendable {
    private let interval: Duration
    private let nextSlot: Mutex<ContinuousClock.Instant>

    package init(requestsPerSecond: Double) {
        interval = .seconds(1 / max(requestsPerSecond, 0.001))
        nextSlot = Mutex(.now)
    }

    /// Waits for this caller's slot.
    package func waitForSlot() async throws {
        let slot = nextSlot.withLock { next in
            let slot = max(next, ContinuousClock.now)
            next = slot + interval
            return slot
        }
        if slot > .now { try await Task.sleep(until: slot, clock: .continuous) }
    }
}
