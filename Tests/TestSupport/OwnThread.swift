import Foundation

/// Work that blocks (waiting for a child process, reading its pipes to the end) done on a thread of its own.
/// Tests run on the cooperative pool, which has one thread per core: two tests blocked there in `waitUntilExit` held
/// both threads of a 2-core machine for as long as their commands ran, so every other test stood still (tests with
/// a time limit failed it) and an emulator in the test process could not answer the very command being waited for.
package enum OwnThread {
    package static func run<Value: Sendable>(_ work: @escaping @Sendable () throws -> Value) async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try work() }) }.start()
        }
    }
}
