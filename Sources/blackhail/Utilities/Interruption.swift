import Dispatch
import Foundation
import Synchronization

/// Ctrl-C (SIGINT) and SIGTERM while a run goes: the first cancels the run, which stops sending and lets the
/// command record where it got to; a second ends the process at once. Either way the journal stays consistent
/// (every write is one SQLite transaction), and `quote --resume` continues the run.
final class Interruption: Sendable {
    private let signalled = Mutex(false)

    private init() {}

    /// Runs `operation`, cancelling it on the first SIGINT or SIGTERM, or when `stop` is tripped; says whether that
    /// cut it short.
    static func run<Value: Sendable>(
        stop: StopSwitch? = nil, _ operation: @escaping @Sendable () async throws -> Value
    ) async throws -> (value: Value, interrupted: Bool) {
        let interruption = Interruption()
        // Interrupted means the work was cancelled before it was done; a signal after that changes nothing.
        let task = Task { (value: try await operation(), cancelled: Task.isCancelled) }
        stop?.arm { task.cancel() }
        let sources = [SIGINT, SIGTERM].map { number in
            // Dispatch sees the signal only once its default action (ending the process) is off.
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                let again = interruption.signalled.withLock { signalled in
                    defer { signalled = true }
                    return signalled
                }
                if again {
                    signal(number, SIG_DFL)
                    raise(number)
                }
                task.cancel()
            }
            source.resume()
            return source
        }
        defer {
            for source in sources { source.cancel() }
            signal(SIGINT, SIG_DFL)
            signal(SIGTERM, SIG_DFL)
        }
        let outcome = try await task.value
        return (outcome.value, outcome.cancelled)
    }
}

/// Stops a run from within, as Ctrl-C does: the journal's database went away, and a run that can no longer record
/// what it is sent would not be resumable.
final class StopSwitch: Sendable {
    private struct State {
        var cancel: (@Sendable () -> Void)?
        var tripped = false
    }

    private let state = Mutex(State())

    var isTripped: Bool { state.withLock { $0.tripped } }

    func trip() {
        let cancel = state.withLock { state in
            state.tripped = true
            return state.cancel
        }
        cancel?()
    }

    fileprivate func arm(_ cancel: @escaping @Sendable () -> Void) {
        let tripped = state.withLock { state in
            state.cancel = cancel
            return state.tripped
        }
        if tripped { cancel() }
    }
}
