import BlackHailCore
import Foundation
import MEF139
import SellerEmulator
import TestSupport
import Testing

/// Sellers that answer with nonsense on purpose (the emulator's `faults.chaos`), over real HTTP: each costs only
/// itself, within the bounds the README's "Hostile sellers" table states.
@Suite struct HostileSellerTests {
    static func seller(_ id: String, _ chaos: SellerChaos) throws -> SellerProfile {
        try TestEnvironment.quietSeller(id) { $0.faults.chaos = chaos }
    }

    /// An HTML 501 page (a proxy in front of the API) is the seller's answer with its status: reported as 501,
    /// sent once (a 501 is not retried, nor read as a malformed answer to retry), and the seller answered.
    @Test func aNonJSONErrorPageKeepsItsStatus() async throws {
        let sites = try TestEnvironment.exampleSites().filter { $0.address.country == "US" }
        let profile = try Self.seller("cascadia", SellerChaos(htmlErrorStatus: 501))
        let (result, statistics) = try await QuoteRunTests.run([profile], sites: sites)

        #expect(result.completeness != .noSellerReachable)
        #expect(result.sellers.first?.answered == true)
        #expect(result.outcomes.count == sites.count)
        for outcome in result.outcomes {
            #expect(outcome.status == .failed)
            #expect(outcome.reason?.contains("HTTP 501") == true, "\(outcome.reason ?? "")")
            #expect(outcome.reason?.contains("Not Implemented") == true, "\(outcome.reason ?? "")")
            #expect(outcome.reason?.contains("malformed") == false)
        }
        // One address validation per site, each sent once.
        #expect(statistics.requests(seller: "cascadia").values.reduce(0, +) == sites.count)
    }

    /// A seller whose quote ids run to a megabyte, and one whose error reasons do: what blackhail keeps of them
    /// is bounded, and the other seller's offers are the ones it gets alone.
    @Test func hugeIdsAndReasonsAreBoundedAndCostOnlyTheirSeller() async throws {
        let sites = try TestEnvironment.exampleSites()
        let clean = try TestEnvironment.quietSeller("atlas")
        let hugeIds = try Self.seller("cascadia", SellerChaos(idLength: 1_000_000))
        let hugeReasons = try Self.seller("meridian", SellerChaos(errorReasonLength: 1_000_000))
        let (alone, _) = try await QuoteRunTests.run([clean], sites: sites)
        let (result, _) = try await QuoteRunTests.run([clean, hugeIds, hugeReasons], sites: sites)

        let offers = { (run: QuoteRunResult, seller: String) in
            run.offers.filter { $0.sellerId == seller }.map { "\($0.siteId)|\($0.quoteItemId)|\($0.monthlyRecurring)" }
                .sorted()
        }
        #expect(!offers(alone, "atlas").isEmpty)
        #expect(offers(result, "atlas") == offers(alone, "atlas"))

        let padded = result.offers.filter { $0.sellerId == "cascadia" }
        #expect(!padded.isEmpty)
        for offer in padded {
            #expect(offer.quoteId.count <= SellerText.maximumIdLength)
            #expect(offer.quoteId.hasSuffix(SellerText.truncationMark) == true)
        }
        // Meridian refuses every address it is asked about (the others it does not sell there).
        let refused = result.outcomes.filter { $0.sellerId == "meridian" && $0.status == .failed }
        #expect(!refused.isEmpty)
        for outcome in refused {
            #expect(outcome.reason?.hasPrefix("address validation: HTTP 400: rrr") == true)
            #expect(outcome.reason?.hasSuffix(SellerText.truncationMark) == true, "\(outcome.reason?.suffix(60) ?? "")")
        }
        #expect(result.outcomes.allSatisfy { ($0.reason ?? "").count <= SellerText.maximumReasonLength })
        // The whole result, as written, stays small.
        let written = try JSONEncoder().encode(result)
        #expect(written.count < 4 * 1024 * 1024, "\(written.count) bytes")
    }

    /// A seller whose POQs stay `inProgress`: after its polling time its sites are pending at the seller (never
    /// offers, never dropped), the run is partial, and the other seller's offers are kept.
    @Test func workThatNeverFinishesIsPendingAfterTheSellersPollingTime() async throws {
        let sites = try TestEnvironment.exampleSites()
        let clean = try TestEnvironment.quietSeller("atlas")
        var stuck = try TestEnvironment.quietSeller("cascadia") { emulation in
            emulation.responses = .deferred
            emulation.deferredSeconds = 0
            emulation.faults.chaos = SellerChaos(neverFinish: true)
        }
        stuck.limits.maxPollMinutes = 0.005
        let (result, _) = try await QuoteRunTests.run([clean, stuck], sites: sites)

        let pending = result.outcomes.filter(\.isPendingAtSeller)
        #expect(!pending.isEmpty)
        #expect(pending.allSatisfy { $0.sellerId == "cascadia" })
        #expect(pending.allSatisfy { $0.reason?.contains("limits.maxPollMinutes") == true })
        #expect(result.offers.allSatisfy { $0.sellerId != "cascadia" })
        #expect(result.hasPendingAtSeller)
        #expect(result.completeness == .partial)
        #expect(result.offers.contains { $0.sellerId == "atlas" })
        #expect(result.outcomes.count == sites.count * 2)
    }

    /// An address validation answered 200 with nothing in it is a broken API: the sites fail with the reason,
    /// they are not "not serviceable", and such a run is never complete.
    @Test func anEmptyAddressValidationIsAFailure() async throws {
        let sites = try TestEnvironment.exampleSites()
        let profile = try Self.seller("atlas", SellerChaos(emptyAddressValidation: true))
        let (result, _) = try await QuoteRunTests.run([profile], sites: sites)
        #expect(result.outcomes.count == sites.count)
        for outcome in result.outcomes {
            #expect(outcome.status == .failed)
            #expect(outcome.reason?.contains("meaningless answer") == true, "\(outcome.reason ?? "")")
        }
        #expect(result.completeness == .partial)
    }

    /// Demo sellers whose state cannot be saved (here a file stands where their directory should be, as a full
    /// disk refuses it) still hand the run's result back; the failure is told, not thrown.
    @Test func demoSellersThatCannotSaveTheirStateDoNotCostTheResult() async throws {
        let blocker = FileManager.default.temporaryDirectory.appendingPathComponent("blackhail-full-\(UUID())")
        try Data("a file where a directory should be".utf8).write(to: blocker)
        defer { try? FileManager.default.removeItem(at: blocker) }
        let sites = try TestEnvironment.exampleSites()
        let profiles = [try TestEnvironment.quietSeller("atlas")]
        let emulator = SellerEmulator(profiles: profiles, stateDirectory: blocker.appendingPathComponent("emulator"))
        let result = try await emulator.run { running in
            var options = QuoteRunner.Options()
            options.rates = QuoteRunTests.rates
            return try await QuoteRunner(profiles: running.resolvedProfiles, sites: sites, options: options).run()
        }
        #expect(!result.offers.isEmpty)
        #expect(emulator.stateSaveFailure?.contains("state not saved") == true)
    }
}
