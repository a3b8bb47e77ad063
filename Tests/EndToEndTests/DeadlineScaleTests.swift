import BlackHailCore
import Foundation
import JSONCore
import SellerEmulator
import TestSupport
import Testing

/// `--timeout` at a size: what happens after the deadline grows with the work done before it, never with the
/// site x seller pairs left: pairs never started are one `notAsked` record per seller, no request, no outcome each.
@Suite struct DeadlineScaleTests {
    /// `count` basic US sites made from the first one of the example list.
    static func sites(_ count: Int) throws -> [Site] {
        let template = try #require(
            try TestEnvironment.exampleSites().first { $0.address.country == "US" && $0.product == .basic })
        return (0..<count).map { number in
            var site = template
            site.id = "G\(number)"
            return site
        }
    }

    /// Sellers slow enough that only a few of the sites are asked before a short deadline.
    static func slowSellers() throws -> [SellerProfile] {
        try ["atlas", "northwind"].map { id in
            try TestEnvironment.quietSeller(id) { $0.latencyMilliseconds = 200...200 }
        }
    }

    /// The result holds, for every seller, one outcome per site it was asked about and the rest as `notAsked`;
    /// returns each seller's sites with an outcome.
    static func checkEveryPairOnce(_ result: QuoteRunResult, sites: [Site]) throws {
        for seller in result.sellers {
            let outcomes = result.outcomes.filter { $0.sellerId == seller.id }
            let notAsked = try #require(seller.notAsked, "\(seller.id)")
            #expect(outcomes.count + notAsked.count == sites.count, "\(seller.id)")
            #expect(notAsked.sites.reduce(0) { $0 + $1.through - $1.from + 1 } == notAsked.count)
            let asked = Set(outcomes.map(\.siteId))
            for (position, site) in sites.enumerated() {
                #expect(asked.contains(site.id) != notAsked.contains(position), "\(seller.id) \(site.id)")
            }
            #expect(seller.failedSites >= notAsked.count)
        }
        let document = try JSONValue(parsing: try ResultJSON.encode(result))
        #expect(try StrictSchemas.issues(document, schema: "quote-result.schema.json").isEmpty)
        // Read back as written: the report of a saved result knows which sites were not asked.
        let saved = try ResultJSON.saved(result)
        #expect(saved.sellers.map(\.notAsked) == result.sellers.map(\.notAsked))
    }

    @Test func pairsNeverStartedAreRecordedPerSellerAndCostNoRequest() async throws {
        let sites = try Self.sites(2_000)
        let profiles = try Self.slowSellers()
        let (result, statistics) = try await QuoteRunTests.run(profiles, sites: sites) { options in
            options.validator = nil
            options.deadline = .now + .seconds(2)
        }
        try Self.checkEveryPairOnce(result, sites: sites)
        for profile in profiles {
            let seller = try #require(result.sellers.first { $0.id == profile.id })
            let received = statistics.requests(seller: profile.id)
            let concurrency = profile.limits.concurrency
            // Requests blackhail counted but the seller never got are at most those in flight at the deadline: the
            // sites after them were never started (each used to be sent into a cancelled permit wait and recorded).
            #expect(seller.requests <= received.values.reduce(0, +) + concurrency, "\(received)")
            // Sites with an outcome were carried by a request (one per address validation, a batch per POQ or
            // quote), or in flight at the deadline: a bound by the work done, not by the sites.
            let carried =
                (received["createGeographicAddressValidation"] ?? 0)
                + ((received["createProductOfferingQualification"] ?? 0) + (received["createQuote"] ?? 0))
                * profile.limits.itemsPerRequest
            let outcomes = result.outcomes.count { $0.sellerId == profile.id }
            #expect(outcomes <= carried + concurrency, "\(outcomes) outcomes, \(received)")
            #expect(outcomes < sites.count / 2, "the deadline left most sites unasked")
        }
    }

    @Test func aDeadlinePastBeforeTheSellersStartSendsNothing() async throws {
        let sites = try Self.sites(300)
        let profiles = try Self.slowSellers()
        let (result, statistics) = try await QuoteRunTests.run(profiles, sites: sites) { options in
            options.deadline = .now
        }
        try Self.checkEveryPairOnce(result, sites: sites)
        #expect(result.outcomes.isEmpty)
        #expect(result.sellers.allSatisfy { $0.requests == 0 && $0.notAsked?.sites == [.init(from: 0, through: 299)] })
        for profile in profiles { #expect(statistics.requests(seller: profile.id).isEmpty) }
    }
}
