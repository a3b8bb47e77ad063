import Foundation
import JSONCore
import MEF139
import NIOHTTP1

/// Follows placed orders at their sellers: an order whose outcome is not established is looked up (never created
/// again, see `OrderPlacer.recheck`), a placed one is read back, and what the seller says is recorded in the journal.
package struct OrderTracker: Sendable {
    package let journal: Journal
    package let now: @Sendable () -> Date

    package init(journal: Journal, now: @escaping @Sendable () -> Date = { Date() }) {
        self.journal = journal
        self.now = now
    }

    /// One order as its seller sees it now.
    package struct Tracked: Sendable {
        /// The journal's record after this look.
        package var order: OrderRecord
        /// The seller's order, as it answered (for items, expected dates and milestones); nil when not read.
        package var detail: JSONValue?
        /// Why the seller's view could not be read, in words.
        package var problem: String?
        /// How long the seller asked to be left alone (`Retry-After` in seconds on an answer that was not the
        /// order), when it did.
        package var retryAfterSeconds: Double?
    }

    /// Whether an order's outcome at the seller is not established yet.
    package static func isUnresolved(_ order: OrderRecord) -> Bool {
        order.sellerOrderId == nil && ["unknown", "sending"].contains(order.state)
    }

    package func track(_ order: OrderRecord, with client: SonataClient) async -> Tracked {
        var order = order
        if Self.isUnresolved(order) {
            order = await OrderPlacer(journal: journal, runId: order.runId, now: now).recheck(order, with: client)
        }
        guard let id = order.sellerOrderId else { return Tracked(order: order) }
        do {
            let reply = try await client.send(SonataOperation(.retrieveProductOrder, id: id))
            guard reply.status == 200 else {
                return Tracked(
                    order: order, problem: SellerSession.describe(reply),
                    retryAfterSeconds: reply.headers.first(name: "Retry-After").flatMap(RequestPolicy.seconds))
            }
            order.state = reply.body["state"]?.stringValue ?? order.state
            order.updatedAt = now()
            order.response = Data(reply.body.serializedBytes())
            try? journal.record(order)
            return Tracked(order: order, detail: reply.body)
        } catch {
            return Tracked(order: order, problem: "\(error)")
        }
    }
}
