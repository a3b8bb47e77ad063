import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Held by the process working on a run, for as long as it does: a resume refuses a run another process is still
/// working on, and `blackhail runs` tells a live run from one that was killed. The operating system releases the
/// lock when the process ends, however it ends.
package final class RunLock: Sendable {
    private let descriptor: Int32

    /// Takes the lock on `runId` in the store, or returns nil when another process holds it.
    package init?(runId: String, store: URL) throws {
        let path = Self.path(runId: runId, store: store)
        try FileManager.default.createDirectory(
            at: store.appendingPathComponent("locks"), withIntermediateDirectories: true)
        let descriptor = open(path, O_CREAT | O_RDWR, 0o600)
        guard descriptor >= 0 else { throw JournalError.storage("cannot open \(path): errno \(errno)") }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            return nil
        }
        self.descriptor = descriptor
    }

    deinit {
        // The file stays: removing it would let a process that opened it just before lock a file no other process
        // can see, while another locks a new one of the same name.
        close(descriptor)
    }

    /// Whether some process works on `runId` now.
    package static func isHeld(runId: String, store: URL) -> Bool {
        let descriptor = open(path(runId: runId, store: store), O_RDWR)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        return flock(descriptor, LOCK_EX | LOCK_NB) != 0
    }

    private static func path(runId: String, store: URL) -> String {
        store.appendingPathComponent("locks/run-\(runId).lock").path
    }
}
