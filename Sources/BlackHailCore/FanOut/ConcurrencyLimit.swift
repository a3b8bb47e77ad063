import Synchronization

/// At most `limit` holders at once; later callers wait in arrival order. Waiting is cancellable.
///
/// blackhail takes one permit from the seller's limit and one from the run's global limit around every HTTP
/// attempt, so neither is ever exceeded however the fan-out's tasks are arranged.
package final class ConcurrencyLimit: Sendable {
    private struct State {
        var available: Int
        /// Tickets in arrival order from `head` on; a cancelled waiter's ticket stays until it comes up and is
        /// skipped. Taken from the front by moving `head` (removing the first element moved every other one: a
        /// queue of thousands of waiting batches made each release cost thousands of moves).
        var queue: [UInt64] = []
        var head = 0
        var waiters: [UInt64: CheckedContinuation<Void, any Error>] = [:]
        var nextTicket: UInt64 = 0

        /// The longest-waiting live waiter, taken off the queue.
        mutating func next() -> CheckedContinuation<Void, any Error>? {
            while head < queue.count {
                let ticket = queue[head]
                head += 1
                if head >= 1_024, head * 2 >= queue.count {
                    queue.removeFirst(head)
                    head = 0
                }
                if let waiter = waiters.removeValue(forKey: ticket) { return waiter }
            }
            return nil
        }
    }

    package let limit: Int
    private let state: Mutex<State>

    package init(_ limit: Int) {
        precondition(limit > 0, "a concurrency limit must be positive")
        self.limit = limit
        state = Mutex(State(available: limit))
    }

    /// Runs `body` while holding a permit.
    package func withPermit<Result>(_ body: () async throws -> Result) async throws -> Result {
        try await acquire()
        defer { release() }
        return try await body()
    }

    package func acquire() async throws {
        let ticket = state.withLock { state in
            state.nextTicket += 1
            return state.nextTicket
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                enum Decision { case granted, cancelled, queued }
                let decision: Decision = state.withLock { state in
                    if Task.isCancelled { return .cancelled }
                    if state.available > 0, state.waiters.isEmpty {
                        state.available -= 1
                        return .granted
                    }
                    state.queue.append(ticket)
                    state.waiters[ticket] = continuation
                    return .queued
                }
                switch decision {
                case .granted: continuation.resume()
                case .cancelled: continuation.resume(throwing: CancellationError())
                case .queued: break
                }
            }
        } onCancel: {
            let waiter = state.withLock { $0.waiters.removeValue(forKey: ticket) }
            waiter?.resume(throwing: CancellationError())
        }
    }

    package func release() {
        let next = state.withLock { state -> CheckedContinuation<Void, any Error>? in
            guard let waiter = state.next() else {
                state.available += 1
                return nil
            }
            return waiter
        }
        next?.resume()
    }
}
