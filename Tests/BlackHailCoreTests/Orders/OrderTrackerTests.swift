import Foundation
import JSONCore
import MEF139
import NIOHTTP1
import TestSupport
import Testing

@testable import BlackHailCore

/// Order tracking over a scripted seller: what it reads, what it records, and that it never creates.
@Suite struct OrderTrackerTests {
    static func order(sellerOrderId: String?, state: String) -> OrderRecord {
        OrderRecord(
            externalId: "bh-1", runId: "R1", siteId: "S1", sellerId: "alpha", offerId: "S1|alpha|q",
            sellerOrderId: sellerOrderId,
            state: state, createdAt: Date(timeIntervalSince1970: 0), updatedAt: Date(timeIntervalSince1970: 0))
    }

    @Test func aPlacedOrderIsReadBackByItsEncodedIdAndItsStateRecorded() async throws {
        let store = try JournalTests.temporaryStore()
        defer { try? FileManager.default.removeItem(at: store) }
        let journal = try Journal(directory: store)
        let transport = ScriptedTransport { request in
            #expect(request.url.hasSuffix("/productOrder/PO%2F1"), "\(request.url)")
            return .json(
                200, ["id": "PO/1", "state": "inProgress", "productOrderItem": [["id": "1", "state": "inProgress"]]])
        }
        let tracker = OrderTracker(journal: journal, now: { Date(timeIntervalSince1970: 60) })
        let tracked = await tracker.track(
            Self.order(sellerOrderId: "PO/1", state: "acknowledged"), with: SonataClientTests.client(transport))
        #expect(tracked.order.state == "inProgress")
        #expect(tracked.detail?["productOrderItem"]?.arrayValue?.count == 1)
        #expect(tracked.problem == nil)
        #expect(transport.log.requests.map(\.method) == [.GET])
    }

    @Test func anUnknownOrderIsLookedUpNeverCreated() async throws {
        let store = try JournalTests.temporaryStore()
        defer { try? FileManager.default.removeItem(at: store) }
        let journal = try Journal(directory: store)
        let transport = ScriptedTransport { _ in .json(503, ["code": "x", "reason": "down"]) }
        let tracked = await OrderTracker(journal: journal).track(
            Self.order(sellerOrderId: nil, state: "unknown"),
            with: SonataClientTests.client(transport, retry: RetryPolicy(maximumAttempts: 1)))
        #expect(tracked.order.state == "unknown")
        #expect(transport.log.requests.allSatisfy { $0.method == .GET }, "a look-up, never a create")
    }
}
