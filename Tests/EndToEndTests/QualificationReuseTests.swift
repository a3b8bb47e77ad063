import BlackHailCore
import Foundation
import SellerEmulator
import TestSupport
import Testing

/// `quote --refresh` quoting on qualifications a seller still guarantees (`QualificationReuse`), against the
/// emulator, which counts the POQs it gets and guarantees each qualified item for 30 days.
@Suite struct QualificationReuseTests {
    static let poq = SonataEndpoint.createProductOfferingQualification.name

    /// Per seller, the POQs the emulator got.
    static func qualifications(_ statistics: EmulatorStatistics, _ profiles: [SellerProfile]) -> [String: Int] {
        Dictionary(uniqueKeysWithValues: profiles.map { ($0.id, statistics.requests(seller: $0.id)[poq] ?? 0) })
    }

    /// What each offer is, without the ids that differ between runs.
    static func offers(_ result: QuoteRunResult) -> [String] {
        result.offers.map {
            "\($0.siteId) \($0.sellerId) \($0.quoteItemId) \($0.monthlyRecurring) \($0.nonRecurring) "
                + "\($0.termMonths ?? 0) \($0.confidence ?? "-")"
        }.sorted()
    }

    /// A first run recorded in a journal, and what a refresh of it reuses.
    static func recorded(
        _ profiles: [SellerProfile], sites: [Site]
    ) async throws -> (store: URL, result: QuoteRunResult, statistics: EmulatorStatistics, reuse: QualificationReuse) {
        let runId = "reuse-\(UUID())"
        let (store, journal, exchanges) = try ReplayTests.recordedRun(runId, sites: sites)
        let (result, statistics) = try await QuoteRunTests.run(profiles, sites: sites) { $0.exchanges = exchanges }
        exchanges.flush()
        let reuse = QualificationReuse(
            runId: runId, exchanges: try journal.exchanges(runId: runId), siteIds: Set(sites.map(\.id)))
        return (store, result, statistics, reuse)
    }

    @Test func aSellerThatQualifiedEverySiteGetsNoPOQOnARefreshAndQuotesTheSame() async throws {
        let profile = try TestEnvironment.quietSeller("northwind")
        let sites = try TestEnvironment.exampleSites().filter { $0.address.country == "US" }
        let first = try await Self.recorded([profile], sites: sites)
        defer { try? FileManager.default.removeItem(at: first.store) }
        let asked = Self.qualifications(first.statistics, [profile])[profile.id] ?? 0
        #expect(asked > 0)
        #expect(!first.result.offers.isEmpty)
        // Every site qualified green or yellow, so every POQ item of every line has its qualification kept.
        #expect(
            first.reuse.count == QuotePlan(sites: sites, validator: nil).lines.reduce(0) { $0 + $1.components.count })

        let (second, statistics) = try await QuoteRunTests.run([profile], sites: sites) {
            $0.qualifications = first.reuse
        }
        #expect(Self.qualifications(statistics, [profile]) == [profile.id: 0], "no POQ: every qualification holds")
        #expect((statistics.requests(seller: profile.id)["createQuote"] ?? 0) > 0)
        #expect(Self.offers(second) == Self.offers(first.result))
        #expect(AddressIdCacheTests.outcomes(second) == AddressIdCacheTests.outcomes(first.result))
        // The quotes cite the POQs of the first run.
        #expect(Set(second.offers.map(\.poqId)) == Set(first.result.offers.map(\.poqId)))
    }

    @Test func everySellerReusesWhatItQualifiedAndIsAskedAgainForTheRest() async throws {
        let profiles = try QuoteRunTests.deterministicSellers().filter { $0.emulate?.faults.isFaultFree ?? true }
        let sites = try TestEnvironment.exampleSites()
        let first = try await Self.recorded(profiles, sites: sites)
        defer { try? FileManager.default.removeItem(at: first.store) }

        let (second, statistics) = try await QuoteRunTests.run(profiles, sites: sites) {
            $0.qualifications = first.reuse
        }
        let before = Self.qualifications(first.statistics, profiles)
        let after = Self.qualifications(statistics, profiles)
        for profile in profiles {
            // A seller is asked again only for the lines it did not qualify green or yellow.
            let kept = first.reuse.count(seller: profile.id)
            if kept == 0 { #expect(after[profile.id] == before[profile.id], "\(profile.id) kept nothing") }
            #expect((after[profile.id] ?? 0) <= (before[profile.id] ?? 0), "\(profile.id)")
        }
        #expect(after.values.reduce(0, +) < before.values.reduce(0, +))
        #expect(AddressIdCacheTests.outcomes(second) == AddressIdCacheTests.outcomes(first.result))
        #expect(Self.offers(second) == Self.offers(first.result))
    }
}
