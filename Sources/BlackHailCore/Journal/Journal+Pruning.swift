import Foundation
import GRDB

/// What `runs prune` removed, and what it kept that was old enough.
package struct JournalPruning: Sendable, Equatable {
    package struct KeptRun: Sendable, Equatable {
        package var run: RunRecord
        /// Why it stays: orders not yet settled, or a process working on it.
        package var reason: String
    }

    package var removed: [RunRecord]
    package var kept: [KeptRun]

    enum Verdict {
        case removed
        case kept(KeptRun)
    }

    /// Whether an old run goes: not while one of its orders (`orderStates`) is open, nor while a process holds it.
    static func verdict(_ run: RunRecord, orderStates: [String], isHeld: (String) -> Bool) -> Verdict {
        let open = orderStates.filter { !Journal.settledOrderStates.contains($0) }.count
        if open > 0 { return .kept(.init(run: run, reason: "\(open) order\(open == 1 ? "" : "s") not settled")) }
        if isHeld(run.id) { return .kept(.init(run: run, reason: "a blackhail process is working on it")) }
        return .removed
    }
}

extension SQLiteJournal {
    /// Removes the runs started before `cutoff` with their exchanges and orders, except those with an order that is
    /// not settled and those a process holds (`isHeld`, a run being quoted or resumed). With `dryRun`, only says what
    /// it would remove. Runs are removed in one transaction; the file is compacted afterwards.
    package func prune(
        startedBefore cutoff: Date, dryRun: Bool, isHeld: (String) -> Bool
    ) throws -> JournalPruning {
        let pruning = try database.write { db -> JournalPruning in
            var pruning = JournalPruning(removed: [], kept: [])
            let candidates = try Row.fetchAll(
                db,
                sql: """
                    SELECT id, state, startedAt, finishedAt, siteCount, offerCount, coveredSites, completeness,
                        siteListName, earliestExpiry, host, userName,
                        (SELECT COUNT(*) FROM productOrder WHERE runId = run.id) AS orderCount
                    FROM run WHERE startedAt < ? ORDER BY startedAt, id
                    """, arguments: [cutoff]
            ).map(RunRecord.init)
            for run in candidates {
                let states = try String.fetchAll(
                    db, sql: "SELECT state FROM productOrder WHERE runId = ?", arguments: [run.id])
                switch JournalPruning.verdict(run, orderStates: states, isHeld: isHeld) {
                case .kept(let kept): pruning.kept.append(kept)
                case .removed:
                    pruning.removed.append(run)
                    guard !dryRun else { continue }
                    // Exchanges and configurations go with the run (ON DELETE CASCADE); orders keep it (RESTRICT).
                    try db.execute(sql: "DELETE FROM productOrder WHERE runId = ?", arguments: [run.id])
                    try db.execute(sql: "DELETE FROM run WHERE id = ?", arguments: [run.id])
                }
            }
            return pruning
        }
        if !dryRun, !pruning.removed.isEmpty {
            // Deleted pages are only marked free: without this the file keeps its size.
            try database.writeWithoutTransaction { db in try db.execute(sql: "VACUUM") }
        }
        return pruning
    }
}
