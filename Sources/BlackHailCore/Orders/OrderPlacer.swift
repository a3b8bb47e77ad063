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
    /// blackhail refused to place it, or the seller rejected it: it is not placed.
    case refused(String)
    /// Whether the seller has the order could not be established (a look-up failed, or a create's answer was lost
    /// and the look-up after it did not say): recorded as `unknown`, nothing more is sent. `order status` and the
    /// next `order` look it up again, and only a seller saying it has no such order leads to a create.
    case unknown(String)
    /// Not placed, and nothing was sent: a problem on this side (no seller profile, the journal).
    case failed(String)
}

/// Places MEF 123 product orders without ever placing one twice, whatever the seller does.
///
/// Each order has a deterministic `externalId`. Under a lock on it (so that concurrent processes take turns), the
/// journal is read, then the seller is asked for the order by that id; only an answer that definitively says it
/// has none leads to a create. A create whose answer is lost (timeout, reset, 5xx) is looked up once more; if that
/// cannot tell, the order is `unknown` and no other create is sent: at most one create per order per process.
package struct OrderPlacer: Sendable {
    package let journal: Journal
    package let runId: String
    package let now: @Sendable () -> Date
    /// How long to wait for another process placing or re-checking the same order.
    package var lockWait: Duration = .seconds(120)

    package init(journal: Journal, runId: String, now: @escaping @Sendable () -> Date = { Date() }) {
        self.journal = journal
        self.runId = runId
        self.now = now
    }

    private static let create = SonataOperation(.createProductOrder)

    package func place(_ candidate: OrderCandidate, with client: SonataClient) async -> OrderOutcome {
        guard candidate.isOrderable else { return .refused(candidate.refusals.joined(separator: "; ")) }
        var sent = false
        do {
            guard let lock = try await lock(candidate.externalId) else { return .unknown(Self.busy) }
            defer { withExtendedLifetime(lock) {} }
            return try await placeLocked(candidate, client, sent: &sent)
        } catch {
            guard sent else { return .failed("\(error)") }
            return .unknown("the create was sent but its outcome could not be recorded: \(error)")
        }
    }

    /// Looks an order whose outcome is not established up at the seller and records what that says; never
    /// creates. The record as it stands afterwards.
    package func recheck(_ order: OrderRecord, with client: SonataClient) async -> OrderRecord {
        do {
            guard let lock = try await lock(order.externalId) else { return Self.withReason(order, Self.busy) }
            defer { withExtendedLifetime(lock) {} }
            var record = try journal.order(externalId: order.externalId) ?? order
            guard record.sellerOrderId == nil, record.state != "rejected" else { return record }
            switch await lookUp(record.externalId, client) {
            case .found(let id, let state): try confirm(&record, id: id, state: state)
            case .absent: try settle(&record, state: "absent", reason: "the seller has no order with this externalId")
            case .unknown(let why): try settle(&record, state: "unknown", reason: Self.unconfirmed(record, why))
            }
            return record
        } catch {
            return Self.withReason(order, "\(error)")
        }
    }

    private func placeLocked(
        _ candidate: OrderCandidate, _ client: SonataClient, sent: inout Bool
    ) async throws -> OrderOutcome {
        // Under the lock, the journal holds whatever an earlier or concurrent process did.
        var record =
            try journal.order(externalId: candidate.externalId)
            ?? OrderRecord(
                externalId: candidate.externalId, runId: runId, siteId: candidate.offer.siteId,
                sellerId: candidate.offer.sellerId, offerId: candidate.offer.id, state: "new", createdAt: now(),
                updatedAt: now())
        if record.sellerOrderId != nil { return .existing(record) }
        switch await lookUp(candidate.externalId, client) {
        case .found(let id, let state):
            try confirm(&record, id: id, state: state)
            return .existing(record)
        case .unknown(let lookup):
            let why = Self.unconfirmed(record, lookup)
            try settle(&record, state: "unknown", reason: why)
            return .unknown(why)
        case .absent:
            break
        }
        let body = OrderRequests.create(candidate, profile: client.profile)
        record.request = Data(body.serializedBytes())
        // Recorded before sending: a crash mid-create leaves a trace that makes the next run look first.
        try settle(&record, state: "sending", reason: nil)
        sent = true
        let lost: String
        do {
            let reply = try await client.send(Self.create, body: body)
            switch reply.status {
            case 200, 201:
                record.response = Data(reply.body.serializedBytes())
                if let id = reply.body["id"]?.stringValue, !id.isEmpty {
                    try confirm(&record, id: id, state: reply.body["state"]?.stringValue)
                    return .created(record)
                }
                lost = "the seller accepted the create without the order's id"
            case 400..<500:
                record.response = Data(reply.body.serializedBytes())
                try settle(&record, state: "rejected", reason: SellerSession.describe(reply))
                return .refused("the seller rejected the order: \(SellerSession.describe(reply))")
            default:
                lost = "the create was answered \(SellerSession.describe(reply))"
            }
        } catch {
            lost = "the create got no answer (\(error))"
        }
        // The seller may have created it before its answer was lost: look, and never send it again from here.
        switch await lookUp(candidate.externalId, client) {
        case .found(let id, let state):
            try confirm(&record, id: id, state: state)
            return .created(record)
        case .absent:
            let why = "\(lost), and the seller does not list the order (yet)"
            try settle(&record, state: "unknown", reason: why)
            return .unknown(why)
        case .unknown(let why):
            try settle(&record, state: "unknown", reason: "\(lost), and \(why)")
            return .unknown("\(lost), and \(why)")
        }
    }

    /// Asks the seller for the order with this external id.
    private func lookUp(_ externalId: String, _ client: SonataClient) async -> OrderLookup {
        await OrderLookup.lookUp(externalId, with: client)
    }

    /// Records that the seller has the order.
    private func confirm(_ record: inout OrderRecord, id: String, state: String?) throws {
        record.sellerOrderId = id
        try settle(&record, state: state ?? "acknowledged", reason: nil)
    }

    private func settle(_ record: inout OrderRecord, state: String, reason: String?) throws {
        record.state = state
        record.reason = reason
        record.updatedAt = now()
        try journal.record(record)
    }

    private func lock(_ externalId: String) async throws -> (any HeldLock)? {
        try await OrderLock.acquire(externalId: externalId, store: journal.reference, wait: lockWait)
    }

    private static let busy =
        "another blackhail process is placing this order: 'blackhail order status' shows its outcome"

    /// Why an order a look-up could not find out about is unknown: a create sent by an earlier run (its request is
    /// recorded) may have reached the seller.
    private static func unconfirmed(_ record: OrderRecord, _ lookup: String) -> String {
        record.request == nil ? "nothing was sent: \(lookup)" : "a create sent before is unconfirmed: \(lookup)"
    }

    private static func withReason(_ order: OrderRecord, _ reason: String) -> OrderRecord {
        var shown = order
        shown.reason = reason
        return shown
    }
}
