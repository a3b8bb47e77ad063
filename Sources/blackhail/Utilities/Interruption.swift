import Dispatch
import Foundation
import Synchronization

/// Ctrl-C (SIGINT) and SIGTERM while a run goes: the first cancels the run, which stops sending and lets the
/// command record where it got to; a second ends the process at once. Either way the journal stays consistent
/// (every write is one SQLite transaction), and `quote --resume` continues the run.
final class Interruption: Sendable {
    private let signalled = Mutex(false)

    private init() {}

    /// Runs `operation`, cancelling it on the first SIGINT or SIGTERM; says whether that cut it short.
    static func run<Value: Sendable>(
        _ operation: @escaping @Sendable () async throws -> Value
    ) async throws -> (value: Value, interrupted: Bool) {
        let interruption = Interruption()
        // Interrupted means the work was cancelled before it was done; a signal after that changes nothing.
        let task = Task { (value: try await operation(), cancelled: Task.isCancelled) }
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
