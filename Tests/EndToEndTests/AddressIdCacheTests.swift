import BlackHailCore
import Foundation
import SellerEmulator
import TestSupport
import Testing

/// Sellers' address ids kept in the journal between runs (`AddressIdCache`), against the emulator, which counts
/// the validations it gets.
@Suite struct AddressIdCacheTests {
    static let validation = SonataEndpoint.createGeographicAddressValidation.name

    /// Per seller, the address validations the emulator got.
    static func validations(_ statistics: EmulatorStatistics, _ profiles: [SellerProfile]) -> [String: Int] {
        Dictionary(uniqueKeysWithValues: profiles.map { ($0.id, statistics.requests(seller: $0.id)[validation] ?? 0) })
    }

    /// Per seller, the address ids the journal keeps for these sites.
    static func kept(
        _ journal: Journal, _ profiles: [SellerProfile], _ plan: QuotePlan
    ) async throws -> [String: Int] {
        var kept: [String: Int] = [:]
        for profile in profiles {
            kept[profile.id] =
                try await journal.addressIds(
                    sellerId: profile.id, keys: Set(plan.addressKeys.values), since: .distantPast
                ).count
        }
        return kept
    }

    /// Where each site x seller pair ended, without the ids that differ between runs.
    static func outcomes(_ result: QuoteRunResult) -> [String] {
        result.outcomes.map { "\($0.siteId) \($0.sellerId) \($0.status) \($0.offerCount)" }
    }

    @Test func aRepeatRunSendsNoValidationForAddressesTheSellersKnowAndRevalidatingSendsThemAll() async throws {
        let store = FileManager.default.temporaryDirectory.appendingPathComponent("address-ids-\(UUID())")
        defer { try? FileManager.default.removeItem(at: store) }
        let journal = try Journal(directory: store)
        let profiles = try QuoteRunTests.deterministicSellers()
        let sites = try TestEnvironment.exampleSites().filter { $0.address.country == "US" }
        let (first, firstStatistics) = try await QuoteRunTests.run(profiles, sites: sites) {
            $0.addressIds = AddressIdCache(journal: journal)
        }
        let sent = Self.validations(firstStatistics, profiles)
        let kept = try await Self.kept(journal, profiles, QuotePlan(sites: sites, validator: nil))
        // Sellers covering the US gave an id for every site they were asked about, and those ids are kept.
        #expect(kept.contains { $0.value > 0 && $0.value == sent[$0.key] })

        let (second, secondStatistics) = try await QuoteRunTests.run(profiles, sites: sites) {
            $0.addressIds = AddressIdCache(journal: journal)
        }
        let resent = Self.validations(secondStatistics, profiles)
        for profile in profiles {
            // Only addresses without a kept id are asked again: none for a seller that knew them all.
            #expect(resent[profile.id] == (sent[profile.id] ?? 0) - (kept[profile.id] ?? 0), "\(profile.id)")
        }
        #expect(resent.values.contains(0))
        #expect(Self.outcomes(second) == Self.outcomes(first))
        #expect(second.offers.count == first.offers.count)

        let (third, thirdStatistics) = try await QuoteRunTests.run(profiles, sites: sites) {
            $0.addressIds = AddressIdCache(journal: journal, revalidate: true)
        }
        #expect(Self.validations(thirdStatistics, profiles) == sent)
        #expect(Self.outcomes(third) == Self.outcomes(first))
    }

    @Test func anIdOlderThanTheSellersLifetimeIsValidatedAgain() async throws {
        let store = FileManager.default.temporaryDirectory.appendingPathComponent("address-ids-\(UUID())")
        defer { try? FileManager.default.removeItem(at: store) }
        let journal = try Journal(directory: store)
        var profile = try TestEnvironment.quietSeller("northwind")
        profile.limits.addressCacheDays = 1
        let sites = try TestEnvironment.exampleSites().filter { $0.address.country == "US" }
        let plan = QuotePlan(sites: sites, validator: nil)
        // Ids given two days ago (a made-up one per site): too old for a lifetime of one day.
        try await journal.rememberAddressIds(
            sellerId: profile.id, Dictionary(uniqueKeysWithValues: plan.addressKeys.values.map { ($0, "stale") }),
            validatedAt: Date().addingTimeInterval(-2 * 86_400))
        let (_, statistics) = try await QuoteRunTests.run([profile], sites: sites) {
            $0.addressIds = AddressIdCache(journal: journal)
        }
        #expect(Self.validations(statistics, [profile]) == [profile.id: sites.count])
        // The fresh ids replaced the stale ones.
        let kept = try await journal.addressIds(
            sellerId: profile.id, keys: Set(plan.addressKeys.values), since: Date().addingTimeInterval(-3_600))
        #expect(kept.count == sites.count && !kept.values.contains("stale"))
    }
}
