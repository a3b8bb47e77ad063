import BlackHailCore
import Foundation
import Logging
import MEF139
import SellerEmulator
import TestSupport
import Testing

/// `blackhail sellers stats` against what the emulator played: a run recorded in a journal over real HTTP, then
/// scored from the journal alone.
@Suite struct SellerScorecardTests {
    @Test func theScorecardMatchesWhatTheEmulatorCountedAndPlayed() async throws {
        // Northwind answers every request after 40 ms; Tempest throws server errors and throttles; Albion defers
        // its POQs and quotes and promises when they complete.
        let profiles = try QuoteRunTests.deterministicSellers().filter {
            ["northwind", "tempest", "albion"].contains($0.id)
        }.map { profile in
            profile.id == "northwind" ? TestEnvironment.quiet(profile) { $0.latencyMilliseconds = 40...40 } : profile
        }
        let sites = try TestEnvironment.exampleSites()
        let runId = "scorecard-test"
        let (store, journal, exchanges) = try ReplayTests.recordedRun(runId, sites: sites)
        defer { try? FileManager.default.removeItem(at: store) }
        let (result, statistics) = try await QuoteRunTests.run(profiles, sites: sites) { options in
            options.exchanges = exchanges
        }
        exchanges.flush()
        let card = SellerScorecard(
            since: .distantPast, window: "all", results: [result], timings: try journal.exchangeTimings(runId: runId),
            readings: try journal.deferredReadings(runId: runId))
        #expect(card.sellers.map(\.id) == ["albion", "northwind", "tempest"])
        for seller in card.sellers {
            let counted = statistics.requests(seller: seller.id)
            for operation in seller.operations {
                #expect(operation.requests == counted[operation.name], "\(seller.id) \(operation.name)")
            }
            #expect(seller.sitesAsked == sites.count)
            #expect(seller.sitesWon == result.winners.count { $0.sellerId == seller.id })
        }
        let northwind = try #require(card.sellers.first { $0.id == "northwind" })
        #expect(northwind.operations.allSatisfy { $0.p50Ms >= 40 }, "the emulator waited 40 ms before every answer")
        #expect(northwind.operations.allSatisfy { $0.errors + $0.throttled + $0.timeouts == 0 })
        let tempest = try #require(card.sellers.first { $0.id == "tempest" })
        #expect(tempest.operations.contains { $0.throttled > 0 }, "throttleRate 0.1")
        #expect(tempest.operations.contains { $0.errors > 0 }, "serverErrorRate 0.15")
        #expect(tempest.operations.allSatisfy { $0.retries > 0 || $0.errors + $0.throttled == 0 })
        let albion = try #require(card.sellers.first { $0.id == "albion" })
        let creates =
            (statistics.requests(seller: "albion")["createQuote"] ?? 0)
            + (statistics.requests(seller: "albion")["createProductOfferingQualification"] ?? 0)
        #expect(albion.deferred.count == creates, "every POQ and quote it created was deferred")
        #expect(albion.deferred.onTime == albion.deferred.count, "each finished by the date it promised")
        #expect(albion.deferred.unfinished == 0)
    }
}
