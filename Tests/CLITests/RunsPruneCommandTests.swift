import BlackHailCore
import Foundation
import Testing

/// `blackhail runs prune` on the built binary.
@Suite struct RunsPruneCommandTests {
    @Test func pruneSaysWhatItRemovedAndKeepsRunsWithOpenOrders() async throws {
        let directory = try CommandLineTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let journal = try Journal(directory: directory.appendingPathComponent(".blackhail"))
        for (id, days, order) in [("run-old", 100.0, nil), ("run-ordered", 100, "inProgress"), ("run-new", 1, nil)] {
            let started = Date().addingTimeInterval(-days * 86_400)
            try journal.begin(
                runId: id, startedAt: started, siteCount: 1, siteList: Data(), siteListName: "\(id).csv",
                invocation: Data())
            if let order {
                try journal.record(
                    OrderRecord(
                        externalId: "\(id)-1", runId: id, siteId: "A", sellerId: "s", offerId: "o", state: order,
                        createdAt: started, updatedAt: started))
            }
        }

        let preview = try await CommandLineTests.run(
            ["runs", "prune", "--older-than", "90d", "--dry-run"], in: directory)
        #expect(preview.status == 0, "\(preview.stderr)")
        #expect(preview.stdout.contains("would remove run-old"))
        #expect(try journal.runs().count == 3)

        let pruned = try await CommandLineTests.run(["runs", "prune", "--older-than", "90d"], in: directory)
        #expect(pruned.status == 0, "\(pruned.stderr)")
        #expect(pruned.stdout.contains("removed run-old"))
        #expect(pruned.stdout.contains("kept run-ordered: 1 order not settled"))
        #expect(pruned.stdout.contains("Removed 1 run started before"))
        #expect(try journal.runs().map(\.id).sorted() == ["run-new", "run-ordered"])

        let bad = try await CommandLineTests.run(["runs", "prune", "--older-than", "ninety"], in: directory)
        #expect(bad.status == 64)
    }
}
