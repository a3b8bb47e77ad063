import Foundation
import JSONCore
import MEF139

/// Turns a seller's quote item into an `Offer`: sums price lines by type, normalises charge periods to a month,
/// terms to months, intervals to calendar days, bandwidth to bit/s, and records drift and deviations from the
/// request as warnings. The only place that knows how sellers' quotes differ.
struct OfferNormaliser {
    let seller: SellerProfile
    let now: Date
    /// Checks echoed and proposed configurations that differ from what was sent: known drift is normalised and
    /// becomes a warning, other schema violations are reported as warnings, never failures.
    let validator: PayloadValidator?

    struct ItemFailure: Error {
        var status: SiteSellerOutcome.Status
        var reason: String
    }

    static let firmLevels: Set<String> = ["firm", "firmSubjectToFeasibilityCheck"]

    /// Months per recurring charge period (MEF `recurringChargePeriod`): a month is 30.4375 days, 730 hours.
    static let monthsPerPeriod: [String: Decimal] = [
        "hour": Decimal(1) / 730, "day": Decimal(10_000) / 304_375, "week": 12 / Decimal(52),
        "month": 1, "year": 12,
    ]

    /// The offer for one requested line and term: the sum of its components' quote items (one for Basic IA).
    func offer(for request: QuoteItemRequest, in quote: AnsweredQuote) -> Result<Offer, ItemFailure> {
        var reader = TolerantReader()
        reader.absorb(quote.reader)
        let line = request.line
        let byId = quote.items
        let quoteState = quote.state
        var states: [String] = []
        var priceLines: [JSONValue] = []
        var terms: [MEFDuration] = []
        var intervals: [MEFDuration] = []
        var summary = ConfigurationSummary()
        for component in line.components {
            guard let item = byId[request.itemId(component)] else {
                return .failure(
                    ItemFailure(status: .failed, reason: "the quote has no item \(request.itemId(component))"))
            }
            let itemState = reader.string(item["state"]) ?? quoteState
            if QuoteState.declinedStates.contains(itemState) || QuoteState.declinedStates.contains(quoteState) {
                let errors = reader.list(item["terminationError"], field: "terminationError")
                    .compactMap { $0["value"]?.stringValue ?? $0["code"]?.stringValue }
                return .failure(
                    ItemFailure(
                        status: .declined,
                        reason: "quote \(itemState)" + (errors.isEmpty ? "" : ": " + errors.joined(separator: "; "))))
            }
            guard
                QuoteState.orderableStates.contains(itemState) || itemState == QuoteState.answered
                    || quoteState == QuoteState.expired
            else {
                return .failure(ItemFailure(status: .failed, reason: "the quote did not complete (state \(itemState))"))
            }
            states.append(itemState)
            priceLines += reader.list(item["quoteItemPrice"], field: "quoteItemPrice")
            if let term = reader.duration(reader.list(item["quoteItemTerm"], field: "quoteItemTerm").first?["duration"])
            {
                terms.append(term)
            }
            if let interval = reader.duration(item["quoteItemInstallationInterval"]) { intervals.append(interval) }
            _ = reader.bool(item["subjectToFeasibilityCheck"], field: "subjectToFeasibilityCheck")
            let sent = request.configuration(component)
            // A verbatim echo reads as the value sent (the client does not parse it again); anything else, a `null`
            // included, is the seller's own and is inspected.
            if let echoed = item["product"]?["productConfiguration"], echoed != sent {
                summary = summary.merged(with: ConfigurationSummary(inspect(echoed, reader: &reader), reader: &reader))
            } else {
                var quiet = TolerantReader()
                summary = summary.merged(with: ConfigurationSummary(sent, reader: &quiet))
            }
        }

        let prices: Prices
        switch Prices.read(priceLines, reader: &reader) {
        case .success(let read): prices = read
        case .failure(let failure): return .failure(failure)
        }
        let termMonths = terms.first?.months
        if let term = terms.first, termMonths == nil { reader.note("term \(term) is not a whole number of months") }
        let interval =
            intervals.max { $0.calendarDays < $1.calendarDays }
            ?? request.alternate?.installationInterval ?? request.qualified.installationInterval
        let level = quote.level
        let validUntil = quote.validUntil
        let unexpired = validUntil.map { $0 > now } ?? false
        let itemState =
            states.first { !QuoteState.orderableStates.contains($0) }
            ?? (states.contains(QuoteState.approvedOrderableAlternate)
                ? QuoteState.approvedOrderableAlternate : states.first ?? quoteState)
        let orderable =
            QuoteState.orderableStates.contains(itemState) && QuoteState.orderableStates.contains(quoteState)
            && Self.firmLevels.contains(level) && unexpired

        let currency = prices.currency ?? "XXX"
        let monthly = Money(prices.monthly, currency)
        let oneOff = Money(prices.oneOff, currency)
        let anyItem = line.components.first.flatMap { byId[request.itemId($0)] }
        var offer = Offer(
            Offer.Fields(
                siteId: line.site.id, sellerId: seller.id, sellerName: seller.name, product: line.site.product.rawValue,
                productOfferingId: offeringId(
                    reader.string(anyItem?["product"]?["productOffering"]?["id"])
                        ?? request.alternate.flatMap { reader.string($0.productOffering["id"]) },
                    product: line.site.product),
                requestedDownstream: line.bandwidth.downstream, requestedUpstream: line.bandwidth.upstream,
                requestedTermMonths: request.termMonths,
                downstream: summary.downstream ?? line.bandwidth.downstream,
                upstream: summary.upstream ?? line.bandwidth.upstream,
                termMonths: termMonths,
                monthlyRecurring: monthly.rounded, nonRecurring: oneOff.rounded,
                totalCost: termMonths.map { Money(oneOff.amount + monthly.amount * Decimal($0), currency).rounded },
                converted: nil, installDays: interval?.calendarDays, slaUptime: summary.uptimePercent,
                confidence: request.qualified.confidence, quoteLevel: level, quoteState: QuoteState.interned(itemState),
                orderable: orderable,
                validUntil: validUntil,
                isAlternate: request.alternate != nil || itemState == QuoteState.approvedOrderableAlternate,
                alternateProposalId: request.alternate?.id, quoteId: quote.id,
                quoteItemId: request.itemId(forPOQItem: line.itemId), poqId: request.qualified.poqId,
                poqItemId: line.itemId, drift: reader.warnings, deviations: [],
                expired: !unexpired && validUntil != nil,
                defects: prices.defects))
        offer.deviations = deviations(of: offer, site: line.site)
        return .success(OfferBounds.checked(offer))
    }

    /// The offering the seller named, or the profile's for the product; the profile's own string when they are the
    /// same, rather than a copy per offer (200,000 offers at 10,000 sites x 20 sellers).
    private func offeringId(_ named: String?, product: InternetAccessProduct) -> String? {
        let profileOffering = seller.products.offering(for: product)
        guard let named else { return profileOffering }
        // The profile's string when the seller's has the same bytes (one string shared by every offer); the seller's
        // own otherwise, even when canonically equal (`==`), since an order sends it back.
        guard let profileOffering, named.utf8.elementsEqual(profileOffering.utf8) else { return named }
        return profileOffering
    }

    /// A configuration from the seller, normalised where it shows known drift. Each tolerance and each remaining
    /// schema violation becomes a warning on the offer (at most a few, so one bad payload cannot flood a report).
    private func inspect(_ configuration: JSONValue, reader: inout TolerantReader) -> JSONValue {
        guard let validator else { return configuration }
        let (normalised, drifts, issues) = validator.validateLeniently(configuration)
        for drift in drifts { reader.note("productConfiguration\(drift.pointer): \(drift.message)") }
        for issue in issues.prefix(3) { reader.note("productConfiguration\(issue.pointer): \(issue.message)") }
        if issues.count > 3 { reader.note("productConfiguration: \(issues.count - 3) more schema violations") }
        return normalised
    }

    /// How the offer departs from what the site asked for.
    private func deviations(of offer: Offer, site: Site) -> [String] {
        var notes: [String] = []
        if offer.downstream < offer.requestedDownstream || offer.upstream < offer.requestedUpstream {
            notes.append(
                "less bandwidth than requested: \(Bandwidth(downstream: offer.downstream, upstream: offer.upstream)) "
                    + "instead of \(Bandwidth(downstream: offer.requestedDownstream, upstream: offer.requestedUpstream))"
            )
        }
        if let term = offer.termMonths, term != offer.requestedTermMonths {
            notes.append(
                "\(term > offer.requestedTermMonths ? "longer" : "shorter") term than requested: \(term) months instead of \(offer.requestedTermMonths)"
            )
        }
        if let days = offer.installDays, let maximum = site.maxInstallDays, days > Double(maximum) {
            notes.append(
                "longer installation than requested: \(ReportText.wholeDays(days)) days instead of at most \(maximum)")
        }
        if let uptime = offer.slaUptime, let minimum = site.minSlaUptime, uptime < minimum {
            notes.append("lower SLA uptime than requested: \(uptime)% instead of at least \(minimum)%")
        }
        return notes
    }
}

/// What a quote says once for all its items, read once per quote rather than once per offer (a quote carries up
/// to a seller's items-per-request limit of items).
struct AnsweredQuote {
    var id: String
    var state: String
    var level: String
    var validUntil: Date?
    var items: [String: JSONValue]
    /// Drift tolerated while reading the quote itself, added to each of its offers.
    var reader: TolerantReader

    init(_ quote: JSONValue) {
        var reader = TolerantReader()
        id = reader.string(quote["id"]) ?? ""
        state = reader.string(quote["state"]) ?? "unknown"
        level = reader.string(quote["quoteLevel"]) ?? "budgetary"
        validUntil = reader.string(quote["validFor"]?["endDateTime"]).flatMap(MEFDateTime.date(from:))
        _ = reader.bool(quote["instantSyncQuote"], field: "instantSyncQuote")
        var items: [String: JSONValue] = [:]
        for item in reader.list(quote["quoteItem"], field: "quoteItem") {
            if let itemId = reader.string(item["id"]) { items[itemId] = item }
        }
        self.items = items
        self.reader = reader
    }
}

/// The price lines of a quote item, summed by type.
struct Prices {
    var monthly: Decimal = 0
    var oneOff: Decimal = 0
    var currency: String?
    /// Price lines no real offer has (a negative, NaN or absurd amount): the offer is shown, never ranked.
    var defects: [String] = []

    static func read(_ lines: [JSONValue], reader: inout TolerantReader) -> Result<Prices, OfferNormaliser.ItemFailure>
    {
        guard !lines.isEmpty else {
            return .failure(.init(status: .declined, reason: "the quote item carries no price"))
        }
        var prices = Prices()
        for line in lines {
            let type = reader.string(line["priceType"]) ?? "unknown"
            guard let money = line["price"]?["dutyFreeAmount"], let value = money["value"]?.doubleValue else {
                // Dropping a line would make the offer look cheaper than it is.
                prices.defects.append("a \(type) price line has no dutyFreeAmount value")
                continue
            }
            guard value.isFinite, value >= 0, value <= 1e12 else {
                prices.defects.append("a \(type) price of \(OfferBounds.describe(value)) is not a real price")
                continue
            }
            let amount = Decimal(string: "\(value)") ?? Decimal(value)
            if let unit = reader.string(money["unit"])?.uppercased() {
                if let currency = prices.currency, currency != unit {
                    return .failure(
                        .init(status: .declined, reason: "prices in several currencies (\(currency), \(unit))"))
                }
                prices.currency = unit
            }
            switch type {
            case "recurring":
                let period = reader.string(line["recurringChargePeriod"]) ?? "month"
                guard let months = OfferNormaliser.monthsPerPeriod[period] else {
                    reader.note("unknown recurringChargePeriod \(period) read as monthly")
                    prices.monthly += amount
                    continue
                }
                // Decimal division is slow, and nearly every seller prices by the month.
                prices.monthly += months == 1 ? amount : amount / months
            case "nonRecurring":
                prices.oneOff += amount
            default:
                reader.note("a \(type) price line is not part of the comparison")
            }
        }
        guard prices.currency != nil else {
            return .failure(.init(status: .declined, reason: "the quote item's prices name no currency"))
        }
        return .success(prices)
    }
}
