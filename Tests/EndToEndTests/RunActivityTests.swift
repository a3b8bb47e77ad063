import BlackHailCore
import SellerEmulator
import TestSupport
import Testing

/// The progress display's counts come from what the run really did: checked against the requests the result
/// records, with a seller that throttles (retries) and one that defers (polls).
@Suite struct RunActivityTests {
    @Test func theCountsAreTheRequestsTheRunSent() async throws {
        let profiles = try QuoteRunTests.deterministicSellers()
        let sites = try TestEnvironment.exampleSites()
        let activity = RunActivity(sellerIds: profiles.map(\.id))
        let (result, _) = try await QuoteRunTests.run(profiles, sites: sites) { $0.activity = activity }
        for seller in result.sellers {
            let counts = try #require(activity.seller(seller.id)).snapshot
            #expect(counts.phase == .done, "\(seller.id)")
            // The plan was made exact as the run learnt it: every planned request ended.
            #expect(counts.done == counts.planned, "\(seller.id)")
            #expect(counts.done > 0, "\(seller.id)")
            // Every request the seller's client sent is a planned one, a poll or a retry.
            #expect(counts.done + counts.polls + counts.retries == seller.requests, "\(seller.id): \(counts)")
            #expect(counts.retries == seller.retries, "\(seller.id)")
            #expect(counts.polling == 0, "\(seller.id)")
            #expect(counts.sitesDone == sites.count, "\(seller.id)")
        }
        let all = activity.snapshot.map(\.counts)
        #expect(all.contains { $0.retries > 0 }, "the flaky seller was retried")
        #expect(all.contains { $0.polls > 0 }, "the deferred seller was polled")
    }
}
