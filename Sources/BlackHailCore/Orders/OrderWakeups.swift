import Synchronization

/// Orders a seller's notification says changed, for `OrderWatcher` to look at at once instead of at their next
/// scheduled look. The listener adds; the watcher, between looks, waits for its next look or for a wake-up,
/// whichever comes first.
package final class OrderWakeups: Sendable {
    private struct State {
        var pending: Set<String> = []
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let state = Mutex(State())

    package init() {}

    /// Asks for a look at the order with this external id now.
    package func wake(_ externalId: String) {
        let waiter = state.withLock { state in
            state.pending.insert(externalId)
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    /// The orders woken since the last call.
    package func take() -> Set<String> {
        state.withLock { state in
            defer { state.pending = [] }
            return state.pending
        }
    }

    /// Returns once some order is pending (at once if one is), or when the task is cancelled.
    func woken() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let now = state.withLock { state in
                    guard state.pending.isEmpty, !Task.isCancelled else { return true }
                    state.waiter = continuation
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { state in
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume()
        }
    }
}
