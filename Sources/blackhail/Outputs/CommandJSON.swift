import BlackHailCore
import Foundation
import JSONCore

/// The JSON documents of `runs`, `runs show`, `order`, `order status` and `sellers check` (each described by its
/// schema in `schemas/`), written like the quote result: sorted keys, dates ISO 8601 UTC to the millisecond, amounts
/// exact decimals, optional fields absent when unknown (never null). Every document carries `schemaVersion`, raised
/// only when a field is renamed, removed or changes meaning.
enum CommandJSON {
    static let schemaVersion = 1

    static func encode(_ document: some Encodable, pretty: Bool = true) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting =
            pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(ResultJSON.format(date))
        }
        return String(decoding: try encoder.encode(document), as: UTF8.self)
    }

    /// `blackhail runs -o json` (schemas/runs.schema.json).
    struct Runs: Encodable {
        var schemaVersion = CommandJSON.schemaVersion
        var runs: [Run]
    }

    /// A run as the journal lists it.
    struct Run: Encodable {
        var id: String
        /// `finished`, `interrupted`, `running` (a process holds it) or `stopped` (killed or crashed).
        var state: String
        var completeness: String?
        var startedAt: Date
        var finishedAt: Date?
        var siteList: String
        var sites: Int
        var coveredSites: Int?
        var offers: Int?
        var orders: Int
        var earliestExpiry: Date?
        /// Who started the run where: a team's journal holds the runs of every machine.
        var host: String?
        var user: String?

        init(_ record: RunRecord, state: String) {
            let finished = record.state == .finished
            id = record.id
            self.state = state
            completeness = record.completeness
            startedAt = record.startedAt
            finishedAt = record.finishedAt
            siteList = record.siteListName
            sites = record.siteCount
            coveredSites = finished ? record.coveredSites : nil
            offers = finished ? record.offerCount : nil
            orders = record.orderCount
            earliestExpiry = record.earliestExpiry
            host = record.origin?.host
            user = record.origin?.user
        }
    }

    /// `blackhail runs show RUN -o json` (schemas/run-show.schema.json): the run, its orders, and its whole result
    /// (schemas/quote-result.schema.json).
    struct RunShow: Encodable {
        var schemaVersion = CommandJSON.schemaVersion
        var run: Run
        var orders: [Order]
        var result: JSONValue
    }

    /// An order as the journal has it; with the seller's items when `order status` read them.
    struct Order: Encodable {
        var externalId: String
        var runId: String
        var siteId: String
        var sellerId: String
        var offerId: String
        var sellerOrderId: String?
        var state: String
        var reason: String?
        /// The seller neither confirmed nor denied the order yet.
        var unresolved: Bool
        var createdAt: Date
        var updatedAt: Date
        var items: [OrderItem]?
        /// Why the seller's view could not be read.
        var problem: String?

        init(_ record: OrderRecord) {
            externalId = record.externalId
            runId = record.runId
            siteId = record.siteId
            sellerId = record.sellerId
            offerId = record.offerId
            sellerOrderId = record.sellerOrderId
            state = record.state
            reason = record.reason
            unresolved = OrderTracker.isUnresolved(record)
            createdAt = record.createdAt
            updatedAt = record.updatedAt
        }

        init(_ tracked: OrderTracker.Tracked) {
            self.init(tracked.order)
            problem = tracked.problem
            items = tracked.detail.map { detail in
                (detail["productOrderItem"]?.arrayValue ?? []).map(OrderItem.init)
            }
        }
    }

    /// One item of a seller's order, as it answered (its text bounded like any seller text).
    struct OrderItem: Encodable {
        var id: String
        var state: String
        var expectedCompletionDate: String?
        var milestones: [String]

        init(_ item: JSONValue) {
            id = SellerText.id(item["id"]?.stringValue ?? "?")
            state = SellerText.id(item["state"]?.stringValue ?? "?")
            expectedCompletionDate = item["expectedCompletionDate"]?.stringValue.map(SellerText.id)
            milestones = (item["milestone"]?.arrayValue ?? []).prefix(SellerText.maximumWarnings)
                .compactMap { $0["name"]?.stringValue.map(SellerText.id) }
        }
    }

    /// `blackhail order RUN -o json` (schemas/order.schema.json): what would be ordered or was, in one document.
    struct OrderPlan: Encodable {
        var schemaVersion = CommandJSON.schemaVersion
        var runId: String
        /// Whether orders were sent (`--yes`); false for a preview or `--dry-run`.
        var placed: Bool
        var orders: [PlannedOrder]
        /// The orderable orders' commitments over their terms, per currency.
        var commitments: [Money]
    }

    struct PlannedOrder: Encodable {
        var externalId: String
        var offerId: String
        var siteId: String
        var sellerId: String
        var sellerName: String
        var productOfferingId: String?
        var downstream: Int64
        var upstream: Int64
        var termMonths: Int?
        var monthlyRecurring: Money
        var nonRecurring: Money
        var effectiveMonthly: Money?
        var totalCost: Money?
        var validUntil: Date?
        var quoteId: String
        var orderable: Bool
        var refusals: [String]
        /// The MEF product order request (`--dry-run`).
        var payload: JSONValue?
        var outcome: Outcome?

        init(_ candidate: OrderCandidate, payload: JSONValue? = nil, outcome: OrderOutcome? = nil) {
            let offer = candidate.offer
            externalId = candidate.externalId
            offerId = offer.id
            siteId = offer.siteId
            sellerId = offer.sellerId
            sellerName = offer.sellerName
            productOfferingId = offer.productOfferingId
            downstream = offer.downstream
            upstream = offer.upstream
            termMonths = offer.termMonths
            monthlyRecurring = offer.monthlyRecurring
            nonRecurring = offer.nonRecurring
            effectiveMonthly = offer.effectiveMonthly
            totalCost = offer.totalCost
            validUntil = offer.validUntil
            quoteId = offer.quoteId
            orderable = candidate.isOrderable
            refusals = candidate.refusals
            self.payload = payload
            self.outcome = outcome.map(Outcome.init)
        }
    }

    /// What placing an order did: `created`, `existing` (placed before; nothing sent), `refused`, `unknown` (the
    /// seller could not say whether it has it) or `failed` (nothing sent).
    struct Outcome: Encodable {
        var result: String
        var sellerOrderId: String?
        var reason: String?

        init(_ outcome: OrderOutcome) {
            switch outcome {
            case .created(let order): (result, sellerOrderId) = ("created", order.sellerOrderId)
            case .existing(let order): (result, sellerOrderId) = ("existing", order.sellerOrderId)
            case .refused(let why): (result, reason) = ("refused", why)
            case .unknown(let why): (result, reason) = ("unknown", why)
            case .failed(let why): (result, reason) = ("failed", why)
            }
        }
    }

    /// `blackhail order status -o json` (schemas/order-status.schema.json).
    struct OrderStatus: Encodable {
        var schemaVersion = CommandJSON.schemaVersion
        var orders: [Order]
    }

    /// `blackhail sellers check -o json` (schemas/sellers-check.schema.json).
    struct SellersCheck: Encodable {
        var schemaVersion = CommandJSON.schemaVersion
        var sellers: [Seller]
    }

    struct Seller: Encodable {
        var id: String
        var name: String
        var auth: String
        var url: String
        var reachable: Bool
        var detail: String

        init(_ result: SellerCheck.Result) {
            id = result.sellerId
            name = result.sellerName
            auth = result.auth
            url = result.url
            reachable = result.reachable
            detail = result.detail
        }
    }

    /// What a command that was asked for JSON writes on stderr when it fails (schemas/error.schema.json).
    struct Failure: Encodable {
        struct Detail: Encodable {
            var kind: String
            var message: String
            var exitCode: Int32
        }

        var error: Detail
    }
}
