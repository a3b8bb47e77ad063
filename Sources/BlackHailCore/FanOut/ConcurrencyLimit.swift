import Synchronization

/// At most `limit` holders at once; later callers wait in arrival order. Waiting is cancellable.
///
/// blackhail takes one permit from the seller's limit and one from the run's global limit around every HTTP
/// attempt, so neither is ever exceeded however the fan-out's tasks are arranged.
package final class ConcurrencyLimit: Sendable {
    private struct State {
        var available: Int
        var queue: [UInt64] = []
        var waiters: [UInt64: CheckedContinuation<Void, any Error>] = [:]
        var nextTicket: UInt64 = 0
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
                    if state.available > 0, state.queue.isEmpty {
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
            let waiter = state.withLock { state in
                state.queue.removeAll { $0 == ticket }
                return state.waiters.removeValue(forKey: ticket)
            }
            waiter?.resume(throwing: CancellationError())
        }
    }

    package func release() {
        let next = state.withLock { state -> CheckedContinuation<Void, any Error>? in
            guard !state.queue.isEmpty else {
                state.available += 1
                return nil
            }
            return state.waiters.removeValue(forKey: state.queue.removeFirst())
        }
        next?.resume()
    }
}
