import Foundation

/// One seller's answer for one site, bandwidth and term (and alternate), normalised so that offers from
/// different sellers compare: bit/s, monthly and one-off charges, calendar days, percent.
///
/// A value whose fields (`Fields`, read and written as the offer's own: `offer.siteId`) live in one copy-on-write
/// box. A run holds an offer per site, seller, bandwidth and term (200,000 at 10,000 sites x 20 sellers, about 0.6 KB
/// each), and gathering them (a seller's batches into its array, every seller's into the run's) copied every offer
/// into the new array while the old ones still held theirs: 115 MB more at that size, the run's peak. Arrays now hold
/// references, and an offer is copied only when it is changed while shared.
@dynamicMemberLookup
package struct Offer: Sendable, Hashable, Codable, Identifiable {
    private var box: Box

    package init(_ fields: Fields) {
        box = Box(fields)
    }

    /// Everything the offer says.
    package var fields: Fields { box.fields }

    package subscript<Value>(dynamicMember field: WritableKeyPath<Fields, Value>) -> Value {
        get { box.fields[keyPath: field] }
        _modify {
            if !isKnownUniquelyReferenced(&box) { box = Box(box.fields) }
            yield &box.fields[keyPath: field]
        }
    }

    package static func == (lhs: Offer, rhs: Offer) -> Bool {
        lhs.box === rhs.box || lhs.box.fields == rhs.box.fields
    }

    package func hash(into hasher: inout Hasher) {
        box.fields.hash(into: &hasher)
    }

    package var id: String { box.fields.id }

    /// Everything worth a person's attention, as the outputs list it: defects, drift, deviations, expiry.
    package var warnings: [String] { box.fields.warnings }

    /// A budgetary quote is an estimate: never orderable, never ranked.
    package var isBudgetary: Bool { box.fields.isBudgetary }

    /// Recurring per month plus one-off spread over the term, in the offer's currency; nil without a term.
    package var effectiveMonthly: Money? { box.fields.effectiveMonthly }

    static let driftPrefix = "seller drift: "
    static let expiredWarning = "quote expired"

    /// Changed only through `Offer`'s accessors, which copy it first unless the offer is its only owner: shared
    /// boxes are never written, so sharing them across tasks is safe.
    private final class Box: @unchecked Sendable {
        var fields: Fields

        init(_ fields: Fields) {
            self.fields = fields
        }
    }
}

extension Offer {
    package struct Fields: Sendable, Hashable {
        package var siteId: String
        package var sellerId: String
        package var sellerName: String
        package var product: String
        package var productOfferingId: String?
        /// What the buyer asked for.
        package var requestedDownstream: Int64
        package var requestedUpstream: Int64
        package var requestedTermMonths: Int
        /// What the seller offers.
        package var downstream: Int64
        package var upstream: Int64
        package var termMonths: Int?
        /// Recurring charges normalised to one month, duty free.
        package var monthlyRecurring: Money
        /// One-off charges, duty free.
        package var nonRecurring: Money
        /// Non-recurring plus monthly times the term, in the offer's currency.
        package var totalCost: Money?
        /// The amounts in the report currency; nil when no rate is known (the offer is then not ranked against
        /// offers in other currencies).
        package var converted: ConvertedAmounts?
        package var installDays: Double?
        package var slaUptime: Double?
        /// POQ serviceability confidence: green or yellow.
        package var confidence: String?
        /// `firm`, `firmSubjectToFeasibilityCheck` or `budgetary`.
        package var quoteLevel: String
        package var quoteState: String
        /// Firm, approved as orderable and unexpired: it can be ordered as it stands.
        package var orderable: Bool
        package var validUntil: Date?
        /// A seller's alternate proposal (lower bandwidth, longer term or longer installation) rather than what
        /// was asked.
        package var isAlternate: Bool
        package var alternateProposalId: String?
        package var quoteId: String
        package var quoteItemId: String
        package var poqId: String
        package var poqItemId: String
        /// Drift tolerated while reading the seller's answer (one-item arrays as objects, old URNs...): for people, it
        /// never decides anything.
        package var drift: [String]
        /// How the offer departs from what the site asked for (less bandwidth, another term, a longer installation,
        /// a lower uptime), in words.
        package var deviations: [String]
        /// The quote's validity had ended when the answer was read.
        package var expired: Bool
        /// Values no real offer has (a negative price, a term of a thousand years, NaN uptime): the offer is shown
        /// with these and never ranked or ordered (`OfferBounds`).
        package var defects: [String] = []

        package var id: String { "\(siteId)|\(sellerId)|\(quoteItemId)" }

        package var warnings: [String] {
            defects + drift.map { Offer.driftPrefix + $0 } + deviations + (expired ? [Offer.expiredWarning] : [])
        }

        package var isBudgetary: Bool { quoteLevel == QuoteLevel.budgetary.rawValue }

        package var effectiveMonthly: Money? {
            guard let termMonths, termMonths > 0 else { return nil }
            return Money(
                ConvertedAmounts.effectiveMonthly(monthlyRecurring.amount, nonRecurring.amount, termMonths),
                monthlyRecurring.currency
            ).rounded
        }
    }
}

package struct ConvertedAmounts: Sendable, Hashable, Codable {
    package var currency: String
    package var monthlyRecurring: Decimal
    package var nonRecurring: Decimal
    /// One-off plus monthly times the term; nil without a term.
    package var total: Decimal?
    /// Monthly plus one-off divided by the term, to the cent; nil without a term.
    package var effectiveMonthly: Decimal?

    package init(currency: String, monthlyRecurring: Decimal, nonRecurring: Decimal, termMonths: Int?) {
        self.currency = currency
        self.monthlyRecurring = Money(monthlyRecurring, currency).rounded.amount
        self.nonRecurring = Money(nonRecurring, currency).rounded.amount
        if let termMonths, termMonths > 0 {
            total = Money(nonRecurring + monthlyRecurring * Decimal(termMonths), currency).rounded.amount
            effectiveMonthly =
                Money(
                    Self.effectiveMonthly(monthlyRecurring, nonRecurring, termMonths), currency
                ).rounded.amount
        }
    }

    /// The one formula for what an offer costs per month over its term.
    static func effectiveMonthly(_ monthly: Decimal, _ oneOff: Decimal, _ termMonths: Int) -> Decimal {
        // Decimal division is slow, and most offers have no one-off charge.
        oneOff == 0 ? monthly : monthly + oneOff / Decimal(termMonths)
    }
}

extension Offer {
    package init(from decoder: any Decoder) throws {
        // A saved result is a file anyone can edit: its numbers are held to the same bounds as a seller's.
        self = OfferBounds.checked(Offer(try Fields(from: decoder)))
    }

    package func encode(to encoder: any Encoder) throws {
        try box.fields.encode(to: encoder)
    }
}

/// Not `Codable` itself: an offer is read only through `Offer`, which holds it to `OfferBounds`.
extension Offer.Fields {
    enum CodingKeys: String, CodingKey {
        case siteId, sellerId, sellerName, product, productOfferingId, requestedDownstream, requestedUpstream
        case requestedTermMonths, downstream, upstream, termMonths, monthlyRecurring, nonRecurring, totalCost
        case converted, installDays, slaUptime, confidence, quoteLevel, quoteState, orderable, validUntil
        case isAlternate, alternateProposalId, quoteId, quoteItemId, poqId, poqItemId, drift, deviations, expired
        case defects, warnings, effectiveMonthly
    }

    fileprivate init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        siteId = try c.decode(String.self, forKey: .siteId)
        sellerId = try c.decode(String.self, forKey: .sellerId)
        sellerName = try c.decode(String.self, forKey: .sellerName)
        product = try c.decode(String.self, forKey: .product)
        productOfferingId = try c.decodeIfPresent(String.self, forKey: .productOfferingId)
        requestedDownstream = try c.decode(Int64.self, forKey: .requestedDownstream)
        requestedUpstream = try c.decode(Int64.self, forKey: .requestedUpstream)
        requestedTermMonths = try c.decode(Int.self, forKey: .requestedTermMonths)
        downstream = try c.decode(Int64.self, forKey: .downstream)
        upstream = try c.decode(Int64.self, forKey: .upstream)
        termMonths = try c.decodeIfPresent(Int.self, forKey: .termMonths)
        monthlyRecurring = try c.decode(Money.self, forKey: .monthlyRecurring)
        nonRecurring = try c.decode(Money.self, forKey: .nonRecurring)
        totalCost = try c.decodeIfPresent(Money.self, forKey: .totalCost)
        converted = try c.decodeIfPresent(ConvertedAmounts.self, forKey: .converted)
        if var amounts = converted, amounts.effectiveMonthly == nil, let termMonths, termMonths > 0 {
            // Saved before the effective monthly cost was recorded: derived from the amounts as saved.
            amounts.effectiveMonthly =
                Money(
                    ConvertedAmounts.effectiveMonthly(amounts.monthlyRecurring, amounts.nonRecurring, termMonths),
                    amounts.currency
                ).rounded.amount
            converted = amounts
        }
        installDays = try c.decodeIfPresent(Double.self, forKey: .installDays)
        slaUptime = try c.decodeIfPresent(Double.self, forKey: .slaUptime)
        confidence = try c.decodeIfPresent(String.self, forKey: .confidence)
        quoteLevel = try c.decode(String.self, forKey: .quoteLevel)
        quoteState = try c.decode(String.self, forKey: .quoteState)
        orderable = try c.decode(Bool.self, forKey: .orderable)
        validUntil = try c.decodeIfPresent(Date.self, forKey: .validUntil)
        isAlternate = try c.decode(Bool.self, forKey: .isAlternate)
        alternateProposalId = try c.decodeIfPresent(String.self, forKey: .alternateProposalId)
        quoteId = try c.decode(String.self, forKey: .quoteId)
        quoteItemId = try c.decode(String.self, forKey: .quoteItemId)
        poqId = try c.decode(String.self, forKey: .poqId)
        poqItemId = try c.decode(String.self, forKey: .poqItemId)
        defects = try c.decodeIfPresent([String].self, forKey: .defects) ?? []
        if c.contains(.drift) {
            drift = try c.decode([String].self, forKey: .drift)
            deviations = try c.decode([String].self, forKey: .deviations)
            expired = try c.decode(Bool.self, forKey: .expired)
        } else {
            // Results saved before offers carried these facts: the warnings said them, in known words.
            let warnings = try c.decode([String].self, forKey: .warnings)
            drift = warnings.filter { $0.hasPrefix(Offer.driftPrefix) }.map {
                String($0.dropFirst(Offer.driftPrefix.count))
            }
            expired = warnings.contains(Offer.expiredWarning)
            deviations = warnings.filter { !$0.hasPrefix(Offer.driftPrefix) && $0 != Offer.expiredWarning }
        }
    }

    fileprivate func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(siteId, forKey: .siteId)
        try c.encode(sellerId, forKey: .sellerId)
        try c.encode(sellerName, forKey: .sellerName)
        try c.encode(product, forKey: .product)
        try c.encodeIfPresent(productOfferingId, forKey: .productOfferingId)
        try c.encode(requestedDownstream, forKey: .requestedDownstream)
        try c.encode(requestedUpstream, forKey: .requestedUpstream)
        try c.encode(requestedTermMonths, forKey: .requestedTermMonths)
        try c.encode(downstream, forKey: .downstream)
        try c.encode(upstream, forKey: .upstream)
        try c.encodeIfPresent(termMonths, forKey: .termMonths)
        try c.encode(monthlyRecurring, forKey: .monthlyRecurring)
        try c.encode(nonRecurring, forKey: .nonRecurring)
        try c.encodeIfPresent(totalCost, forKey: .totalCost)
        try c.encodeIfPresent(effectiveMonthly, forKey: .effectiveMonthly)
        try c.encodeIfPresent(converted, forKey: .converted)
        try c.encodeIfPresent(installDays, forKey: .installDays)
        try c.encodeIfPresent(slaUptime, forKey: .slaUptime)
        try c.encodeIfPresent(confidence, forKey: .confidence)
        try c.encode(quoteLevel, forKey: .quoteLevel)
        try c.encode(quoteState, forKey: .quoteState)
        try c.encode(orderable, forKey: .orderable)
        try c.encodeIfPresent(validUntil, forKey: .validUntil)
        try c.encode(isAlternate, forKey: .isAlternate)
        try c.encodeIfPresent(alternateProposalId, forKey: .alternateProposalId)
        try c.encode(quoteId, forKey: .quoteId)
        try c.encode(quoteItemId, forKey: .quoteItemId)
        try c.encode(poqId, forKey: .poqId)
        try c.encode(poqItemId, forKey: .poqItemId)
        try c.encode(drift, forKey: .drift)
        try c.encode(deviations, forKey: .deviations)
        try c.encode(expired, forKey: .expired)
        try c.encode(defects, forKey: .defects)
        try c.encode(warnings, forKey: .warnings)
    }
}
