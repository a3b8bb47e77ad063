import BlackHailCore
import Foundation
import SellerEmulator
import TestSupport
import Testing

/// The look-up every create hangs on (`GET /productOrder?externalId=`), against sellers that page their lists
/// one entry at a time: one that ignores the filter lists other orders first, and the order is found pages
/// later; one whose list never ends costs a bounded number of pages and sends no create.
@Suite struct OrderLookupPagingTests {
    @Test func anOrderListedPagesLaterIsFoundAndAnEndlessListIsNotTakenForAbsence() async throws {
        try await OrderTests.withQuotedRun(adjust: { $0.listPageSize = 1 }) {
            result, sites, journal, running, emulator in
            // One seller with an offer at both sites: two orders at the same seller.
            let seller = try #require(
                ["northwind", "atlas"].first { seller in
                    sites.allSatisfy { site in result.offers.contains { $0.siteId == site.id && $0.sellerId == seller }
                    }
                })
            let choices = Dictionary(uniqueKeysWithValues: sites.map { ($0.id, seller) })
            let candidates = try OrderPlanner.plan(result, sites: sites, selection: .explicit(choices), now: Date())
            #expect(candidates.count == 2)
            let placed = try await OrderTests.place(candidates, runId: result.runId, journal: journal, running: running)
            #expect(OrderTests.created(placed).count == 2, "\(placed)")
            let lookUps = { emulator.statistics.requests(seller: seller)["listProductOrder"] ?? 0 }

            // The seller now lists every order whatever the filter, a page at a time: a journal that knows nothing
            // finds both orders, the second on the second page, and creates nothing.
            emulator.setFaults(FaultRates(chaos: SellerChaos(ignoresListFilters: true)), seller: seller)
            let (fresh, freshDirectory) = try OrderTests.journal()
            defer { try? FileManager.default.removeItem(at: freshDirectory) }
            let (recorded, siteList, _) = try #require(try journal.run(result.runId))
            try fresh.save(recorded, siteList: siteList, siteListName: "sites.csv")
            let before = lookUps()
            let found = try await OrderTests.place(candidates, runId: result.runId, journal: fresh, running: running)
            #expect(found.allSatisfy { if case .existing = $0 { true } else { false } }, "\(found)")
            #expect(lookUps() - before >= 3, "one page for the first order, two for the second")
            #expect(OrderTests.creates(emulator, candidates) == [1, 1])

            // A list that never ends: a bounded number of pages, and the order is unknown, never created.
            emulator.setFaults(FaultRates(chaos: SellerChaos(endlessLists: true)), seller: seller)
            let (other, otherDirectory) = try OrderTests.journal()
            defer { try? FileManager.default.removeItem(at: otherDirectory) }
            try other.save(recorded, siteList: siteList, siteListName: "sites.csv")
            let beforeEndless = lookUps()
            let endless = try await OrderTests.place(candidates, runId: result.runId, journal: other, running: running)
            #expect(
                endless.allSatisfy { if case .unknown(let why) = $0 { why.contains("did not end") } else { false } },
                "\(endless)")
            #expect(lookUps() - beforeEndless <= 2 * SonataListing().maximumPages)
            #expect(OrderTests.creates(emulator, candidates) == [1, 1])
        }
    }
}
