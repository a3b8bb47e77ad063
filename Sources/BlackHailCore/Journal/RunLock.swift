import Foundation

/// Held by the process working on a run, for as long as it does: a resume refuses a run another process is still
/// working on, and `blackhail runs` tells a live run from one that was killed.
package final class RunLock: Sendable {
    private let file: LockFile

    /// Takes the lock on `runId` in the store, or returns nil when another process holds it.
    package init?(runId: String, store: URL) throws {
        guard let file = try LockFile(name: Self.name(runId), store: store) else { return nil }
        self.file = file
    }

    /// Whether some process works on `runId` now.
    package static func isHeld(runId: String, store: URL) -> Bool {
        LockFile.isHeld(name: name(runId), store: store)
    }

    private static func name(_ runId: String) -> String { "run-\(runId)" }
}
