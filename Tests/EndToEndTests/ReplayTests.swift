import BlackHailCore
import Foundation
import GRDB
import Logging
import MEF139
import SellerEmulator
import TestSupport
import Testing

/// A run replayed from its journal (what `quote --resume` does for everything already answered), in process over
/// real HTTP: nothing answered is sent again, and the result is the same.
@Suite struct ReplayTests {
    /// A new journal in a temporary store with `runId` begun in it, and the log its exchanges are recorded in.
    static func recordedRun(_ runId: String, sites: [Site]) throws -> (URL, Journal, ExchangeLog) {
        let store = FileManager.default.temporaryDirectory.appendingPathComponent("blackhail-replay-\(UUID())")
        let journal = try Journal(directory: store)
        try journal.begin(
            runId: runId, startedAt: Date(), siteCount: sites.count, siteList: Data(), siteListName: "sites.csv",
            invocation: Data())
        return (store, journal, ExchangeLog(journal: journal, runId: runId, logger: Logger(label: "test")))
    }

    @Test func aRunReplayedWholeFromItsJournalSendsNothingAndAnswersTheSame() async throws {
        let profiles = try QuoteRunTests.deterministicSellers().filter { $0.emulate?.faults.isFaultFree ?? true }
        let sites = try TestEnvironment.exampleSites()
        let runId = "replay-test"
        let (store, journal, exchanges) = try Self.recordedRun(runId, sites: sites)
        defer { try? FileManager.default.removeItem(at: store) }
        var options = QuoteRunner.Options()
        options.rates = QuoteRunTests.rates
        options.retry = QuoteRunTests.fastRetries
        options.validator = try PayloadValidator.bundled()
        var environment: [String: String] = [:]
        let credentials = try EmulatedCredentials.prepare(for: profiles, environment: &environment)
        options.environment = environment
        options.exchanges = exchanges
        let recording = options
        let emulator = SellerEmulator(profiles: profiles, credentials: credentials)
        try await emulator.run { running in
            let served = Dictionary(uniqueKeysWithValues: running.resolvedProfiles.map { ($0.id, $0) })
            let resolved = profiles.map { served[$0.id] ?? $0 }
            let first = try await QuoteRunner(profiles: resolved, sites: sites, options: recording).run(runId: runId)
            exchanges.flush()
            let sent = profiles.map { running.statistics.requests(seller: $0.id) }

            var replaying = recording
            replaying.exchanges = nil
            replaying.replay = try journal.replayTapes(runId: runId)
            let second = try await QuoteRunner(profiles: resolved, sites: sites, options: replaying).run(runId: runId)

            #expect(profiles.map { running.statistics.requests(seller: $0.id) } == sent, "nothing was sent again")
            #expect(replaying.replay.values.allSatisfy { $0.remaining == 0 }, "every recorded answer was used")
            #expect(second.completeness == first.completeness)
            #expect(second.sellers.map(\.answered) == first.sellers.map(\.answered))
            #expect(second.sellers.allSatisfy { $0.answered }, "answers from the journal count as answers")
            #expect(second.offers.map(\.id) == first.offers.map(\.id))
            #expect(second.offers.map(\.monthlyRecurring) == first.offers.map(\.monthlyRecurring))
            #expect(second.rankings.map(\.winner) == first.rankings.map(\.winner))
        }
    }

    /// A POQ's lines and number depend only on the plan, not on other answers: when one site's address validation
    /// answers differently on resume, only that site's POQs change (here none is left), not every one after them.
    @Test func anAddressAnsweredDifferentlyOnResumeChangesOnlyItsOwnPOQs() async throws {
        var northwind = try TestEnvironment.quietSeller("northwind")
        northwind.limits.itemsPerRequest = 4
        let profiles = [northwind]
        let sites = try TestEnvironment.exampleSites().filter { $0.address.country == "US" }
        let runId = "replay-batches"
        let (store, journal, exchanges) = try Self.recordedRun(runId, sites: sites)
        defer { try? FileManager.default.removeItem(at: store) }
        var options = QuoteRunner.Options()
        options.validator = try PayloadValidator.bundled()
        options.exchanges = exchanges
        let recording = options
        try await SellerEmulator(profiles: profiles).run { running in
            let resolved = running.resolvedProfiles
            _ = try await QuoteRunner(profiles: resolved, sites: sites, options: recording).run(runId: runId)
            exchanges.flush()
            let before = running.statistics.requests(seller: "northwind")
            #expect((before["createProductOfferingQualification"] ?? 0) >= 3, "several POQ batches")

            // New York (the first site, whose two Advanced IA lines fill the first two POQs) is now unknown.
            let database = try DatabaseQueue(path: journal.path)
            try await database.write { db in
                try db.execute(
                    sql: """
                        UPDATE exchange SET status = 422, responseBody = CAST('[]' AS BLOB)
                        WHERE runId = ? AND operation = 'createGeographicAddressValidation'
                            AND CAST(requestBody AS TEXT) LIKE '%New York%'
                        """, arguments: [runId])
                #expect(db.changesCount == 1)
            }
            try database.close()

            var replaying = recording
            replaying.exchanges = nil
            replaying.replay = try journal.replayTapes(runId: runId)
            let second = try await QuoteRunner(profiles: resolved, sites: sites, options: replaying).run(runId: runId)
            let after = running.statistics.requests(seller: "northwind")
            #expect(after == before, "the other POQs and their quotes are answered from the journal")
            #expect(second.outcomes.first { $0.siteId == "US-NYC-01" }?.status == .notServiceable)
            #expect(second.outcomes.filter { $0.status == .offered }.count == sites.count - 1)
        }
    }
}
