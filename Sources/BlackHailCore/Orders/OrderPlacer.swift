import Foundation
import JSONCore
import Logging

/// What happened to one order.
package enum OrderOutcome: Sendable {
    /// Placed now.
    case created(OrderRecord)
    /// Placed before (by an earlier run of the same command, or found at the seller by its external id):
    /// nothing was sent.
    case existing(OrderRecord)
    /// blackhail refused to place it, or the seller rejected it.
    case refused(String)
    /// The outcome could not be established (seller unreachable); running the command again is safe.
    case failed(String)
}

/// Places MEF 123 product orders without ever placing one twice: the journal and the seller are asked for the
/// order's deterministic `externalId` before any create, and a create whose answer is lost (timeout, reset, 5xx)
/// is looked up by that id before it is tried again.
package struct OrderPlacer: Sendable {
    package let journal: Journal
    package let runId: String
    package let now: @Sendable () -> Date
    /// Creates sent per order at most, when their outcome keeps being unknown.
    package var maximumCreates = 3

    package init(journal: Journal, runId: String, now: @escaping @Sendable () -> Date = { Date() }) {
        self.journal = journal
        self.runId = runId
        self.now = now
    }

    package func place(_ candidate: OrderCandidate, with client: SonataClient) async -> OrderOutcome {
        guard candidate.isOrderable else { return .refused(candidate.refusals.joined(separator: "; ")) }
        do {
            if let recorded = try journal.order(externalId: candidate.externalId), recorded.sellerOrderId != nil {
                return .existing(recorded)
            }
            if let found = try await lookUp(candidate, client) { return .existing(found) }
            let body = OrderRequests.create(candidate, profile: client.profile)
            var record = OrderRecord(
                externalId: candidate.externalId, runId: runId, siteId: candidate.offer.siteId,
                sellerId: candidate.offer.sellerId, offerId: candidate.offer.id, state: "sending", createdAt: now(),
                updatedAt: now(), request: Data(body.serializedBytes()))
            // Recorded before sending: a crash mid-create leaves a trace that makes the next run look first.
            try journal.record(record)
            for _ in 0..<maximumCreates {
                let reply: SonataReply
                do {
                    reply = try await client.send(
                        SonataOperation(
                            .order, .post, "/productOrder", name: "createProductOrder", retriesUnknownOutcome: false),
                        body: body)
                } catch {
                    if let found = try await lookUp(candidate, client) { return .created(found) }
                    continue
                }
                switch reply.status {
                case 200, 201:
                    record.sellerOrderId = reply.body["id"]?.stringValue
                    record.state = reply.body["state"]?.stringValue ?? "acknowledged"
                    record.response = Data(reply.body.serializedBytes())
                    record.updatedAt = now()
                    try journal.record(record)
                    return .created(record)
                case 400..<500:
                    record.state = "rejected"
                    record.response = Data(reply.body.serializedBytes())
                    record.updatedAt = now()
                    try journal.record(record)
                    return .refused("the seller rejected the order: \(SellerSession.describe(reply))")
                default:
                    // The seller may have created it before failing to answer: look before sending again.
                    if let found = try await lookUp(candidate, client) { return .created(found) }
                }
            }
            return .failed("the seller did not confirm the order; running the command again is safe")
        } catch {
            return .failed("\(error)")
        }
    }

    /// The order at the seller with this candidate's external id, recorded in the journal when found.
    private func lookUp(_ candidate: OrderCandidate, _ client: SonataClient) async throws -> OrderRecord? {
        let reply = try await client.send(
            SonataOperation(
                .order, .get, "/productOrder", name: "listProductOrder", query: [("externalId", candidate.externalId)]))
        guard reply.status == 200, let first = reply.body.arrayValue?.first, let id = first["id"]?.stringValue else {
            return nil
        }
        let record = OrderRecord(
            externalId: candidate.externalId, runId: runId, siteId: candidate.offer.siteId,
            sellerId: candidate.offer.sellerId, offerId: candidate.offer.id, sellerOrderId: id,
            state: first["state"]?.stringValue ?? "acknowledged", createdAt: now(), updatedAt: now())
        try journal.record(record)
        return try journal.order(externalId: candidate.externalId) ?? record
    }
}
