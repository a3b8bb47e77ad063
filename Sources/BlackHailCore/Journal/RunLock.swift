import Foundation

/// Held by the process working on a run, for as long as it does: a resume refuses a run another process is still
/// working on, and `blackhail runs` tells a live run from one that was killed.
package final class RunLock: Sendable {
    private let held: any HeldLock

    /// Takes the lock on `runId` in the store, or returns nil when another process (on any machine sharing the
    /// store) holds it.
    package init?(runId: String, store: StoreReference) throws {
        guard let held = try StoreLocks.take(Self.name(runId), in: store) else { return nil }
        self.held = held
    }

    package convenience init?(runId: String, store: URL) throws {
        try self.init(runId: runId, store: .directory(store))
    }

    /// Whether some process works on `runId` now.
    package static func isHeld(runId: String, store: StoreReference) -> Bool {
        StoreLocks.isHeld(name(runId), in: store)
    }

    package static func isHeld(runId: String, store: URL) -> Bool {
        isHeld(runId: runId, store: .directory(store))
    }

    private static func name(_ runId: String) -> String { "run-\(runId)" }
}
