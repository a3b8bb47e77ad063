import BlackHailCore
import Foundation
import JSONCore

/// A quote as the buyer sent it, with the seller's answer per item.
struct StoredQuote: Codable {
    var id: String
    var request: StoredRequest<QuoteItems>
    var created: Date
    var deferred: Bool
    var level: String
    var results: [QuoteResult]
    var validUntil: Date
    /// Set by `cancelQuote`, `rejectQuote` or an order that references the quote.
    var finalState: String?
    /// Items already ordered: each can be ordered once.
    var acceptedItems: Set<String> = []
}

/// What a quote item is charged.
enum Charge: Codable {
    /// The price book line of the access the item carries.
    case access(PriceBookEntry)
    /// A component of a multi-item product whose access is priced on another item.
    case included
    /// Removing an existing product.
    case disconnection
}

extension Charge {
    var isDisconnection: Bool {
        if case .disconnection = self { return true }
        return false
    }
}

/// The seller's answer for one quote item.
struct QuoteResult: Codable {
    var state: String
    var charge: Charge = .included
    var term: JSONValue?
    var interval: MEFDuration?
    var terminationError: JSONValue?
}

extension EmulatedSeller {
    func createQuote(_ body: JSONObject) throws(RequestFailure) -> JSONValue {
        var checks = RequiredFields()
        checks.requireEnum(body, "buyerRequestedQuoteLevel", in: ["budgetary", "firm"], at: "")
        checks.requireBool(body, "instantSyncQuote", at: "", required: true)
        let items = checks.requireObjects(body, "quoteItem", at: "")
        for (index, item) in items.enumerated() {
            let pointer = "/quoteItem/\(index)"
            checks.require(item, "id", at: pointer)
            checks.requireEnum(item, "action", in: Self.itemActions, at: pointer)
            checkProduct(item["product"], action: item["action"]?.stringValue, at: "\(pointer)/product", into: &checks)
        }
        guard checks.problems.isEmpty else { throw .unprocessable(checks.problems) }

        let created = now()
        let firm = body["buyerRequestedQuoteLevel"]?.stringValue == "firm" && emulation.quoteLevel == .firm
        let quote = StoredQuote(
            id: makeId("quote"), request: StoredRequest(body), created: created,
            deferred: answersDeferred(buyerAskedForSync: body["instantSyncQuote"]?.boolValue ?? false),
            level: firm ? "firm" : "budgetary", results: items.indices.map { price($0, of: items, firm: firm) },
            validUntil: created.addingTimeInterval(Double(emulation.quoteValidityDays) * 86_400))
        quotes[quote.id] = quote
        quoteOrder.append(quote.id)
        return render(quote, justCreated: true, items: items.map(JSONValue.object))
    }

    func quote(id: String) -> JSONValue? {
        quotes[id].map { render($0, justCreated: false) }
    }

    func quoteSummaries() -> [JSONObject] {
        quoteOrder.compactMap { quotes[$0] }.map { quote in
            var summary: JSONObject = [
                "id": .string(quote.id), "state": .string(state(of: quote, justCreated: false)),
                "quoteDate": timestamp(quote.created), "quoteLevel": .string(quote.level),
            ]
            for key in ["externalId", "projectId"] { summary[key] = quote.request[key] }
            return summary
        }
    }

    /// `cancelQuote` (allowed while in progress) and `rejectQuote` (allowed while orderable).
    func finishQuote(_ body: JSONObject, cancelling: Bool) throws(RequestFailure) -> JSONValue {
        guard let id = body["quoteId"]?.stringValue else { throw .unprocessable([.missing("/quoteId")]) }
        guard var quote = quotes[id] else {
            throw .unprocessable([
                RequestProblem(code: "referenceNotFound", pointer: "/quoteId", reason: "No quote with this id")
            ])
        }
        let current = state(of: quote, justCreated: false)
        let allowed = cancelling ? QuoteState.inProgressStates : QuoteState.orderableStates
        guard allowed.contains(current) else {
            throw .unprocessable([
                .invalid("/quoteId", "A quote in state \(current) cannot be \(cancelling ? "cancelled" : "declined")")
            ])
        }
        quote.finalState = cancelling ? QuoteState.cancelled : QuoteState.declined
        quotes[id] = quote
        return .object(body)
    }

    /// The reasons an order item may not reference a quote item, or nil when it may. Budgetary, expired and
    /// unfinished quotes are not orderable, and the order must keep the quoted term (Order R38).
    func orderProblem(quoteId: String, itemId: String, requestedTerm: JSONValue?, at pointer: String) -> RequestProblem?
    {
        guard let quote = quotes[quoteId], let index = quote.request.itemIndex(id: itemId) else {
            return RequestProblem(
                code: "referenceNotFound", pointer: "\(pointer)/quoteItem", reason: "No such quote item")
        }
        let current = state(of: quote, justCreated: false)
        // An accepted quote stays orderable for its other items: buyers order sites of one quote separately.
        let quoteOrderable =
            QuoteState.orderableStates.contains(current)
            || (current == QuoteState.accepted && now() <= quote.validUntil)
        if quote.acceptedItems.contains(itemId) {
            return .invalid("\(pointer)/quoteItem", "The quote item was ordered already")
        }
        guard quoteOrderable, QuoteItemState.orderableStates.contains(quote.results[index].state) else {
            let why =
                current == QuoteState.expired
                ? "the quote expired"
                : current == QuoteState.answered ? "the quote is budgetary" : "the quote is \(current)"
            return .invalid("\(pointer)/quoteItem", "The quote item cannot be ordered: \(why)")
        }
        let quotedMonths = quote.results[index].term.flatMap { MEFDuration(json: $0["duration"])?.months }
        let orderedMonths = MEFDuration(json: requestedTerm?["duration"])?.months
        guard quotedMonths == orderedMonths else {
            return .invalid("\(pointer)/requestedItemTerm", "The requested term differs from the quoted term")
        }
        return nil
    }

    func markAccepted(quoteId: String, itemId: String) {
        quotes[quoteId]?.finalState = QuoteState.accepted
        quotes[quoteId]?.acceptedItems.insert(itemId)
    }

    private func price(_ index: Int, of items: [JSONObject], firm: Bool) -> QuoteResult {
        let item = items[index]
        let termRequest = item["requestedQuoteItemTerm"]
        guard item["action"]?.stringValue == "add" else {
            let term = termRequest ?? Self.term(months: 1, endOfTermAction: "autoDisconnect")
            return QuoteResult(
                state: firm ? QuoteItemState.approvedOrderable : QuoteItemState.answered, charge: .disconnection,
                term: term,
                interval: emulation.installInterval)
        }
        let reference = item["productOfferingQualificationItem"]
        let product = item["product"] ?? referencedProduct(reference)
        let referencedLocation = reference.flatMap { reference in
            reference["productOfferingQualificationId"]?.stringValue.flatMap { poqId in
                reference["id"]?.stringValue.flatMap { qualifiedLocation(poqId: poqId, itemId: $0) }
            }
        }
        guard
            let location = SiteLocation(
                item: index, of: items, relationshipKey: "quoteItemRelationship", sellerId: profile.id)
                ?? referencedLocation
        else {
            return QuoteResult(
                state: QuoteItemState.unableToProvide,
                terminationError: .array([.object(["code": "referenceNotFound", "propertyPath": "/product/place"])]))
        }
        let configuration = product?["productConfiguration"]
        let requested = RequestedService(configuration: configuration)
        guard location.isCovered(by: emulation.coverage),
            let tier = priceBook.tier(for: requested.bitsPerSecond ?? 0),
            (requested.uptimeObjective ?? 0) <= emulation.slaUptime
        else { return QuoteResult(state: QuoteItemState.unableToProvide) }
        let requestedMonths = MEFDuration(json: termRequest?["duration"])?.months
        let interval = installationInterval(at: location)
        let intervalTooLong =
            MEFDuration(json: item["requestedQuoteItemInstallationInterval"])
            .map { interval.calendarDays > $0.calendarDays } ?? false
        let endOfTermAction = termRequest?["endOfTermAction"]?.stringValue ?? "autoRenew"
        guard RequestedService.carriesAccess(configuration) else {
            // The IPVC, access link or trunk of a multi-item product: the access is priced on its UNI item.
            let months =
                requestedMonths ?? priceBook.shortestTerm(tierMbps: tier, siteKey: location.key)?.termMonths ?? 12
            return QuoteResult(
                state: firmState(alternate: intervalTooLong, firm: firm), charge: .included,
                term: Self.term(months: months, endOfTermAction: endOfTermAction),
                interval: interval)
        }
        let decision = priceBook.price(tierMbps: tier, termMonths: requestedMonths ?? 0, siteKey: location.key)
        let (entry, longer): (PriceBookEntry, Bool)
        switch decision {
        case .offered(let offered): (entry, longer) = (offered, false)
        case .longerTerm(let offered): (entry, longer) = (offered, true)
        case .unavailable:
            guard requestedMonths == nil, let shortest = priceBook.shortestTerm(tierMbps: tier, siteKey: location.key)
            else { return QuoteResult(state: QuoteItemState.unableToProvide) }
            (entry, longer) = (shortest, false)
        }
        return QuoteResult(
            state: firmState(alternate: longer || intervalTooLong, firm: firm), charge: .access(entry),
            term: Self.term(months: entry.termMonths, endOfTermAction: endOfTermAction), interval: interval)
    }

    /// A priced item's state: approved (as an alternate when it differs from what was asked) on a firm quote,
    /// answered on a budgetary one.
    private func firmState(alternate: Bool, firm: Bool) -> String {
        guard firm else { return QuoteItemState.answered }
        return alternate ? QuoteItemState.approvedOrderableAlternate : QuoteItemState.approvedOrderable
    }

    private func referencedProduct(_ reference: JSONValue?) -> JSONValue? {
        guard let poqId = reference?["productOfferingQualificationId"]?.stringValue,
            let itemId = reference?["id"]?.stringValue
        else { return nil }
        return qualifiedProduct(
            poqId: poqId, itemId: itemId, alternateId: reference?["alternateProductProposalId"]?.stringValue)
    }

    static func term(months: Int, endOfTermAction: String) -> JSONValue {
        var term: JSONObject = [
            "name": .string("\(months) months"),
            "duration": MEFDuration(amount: months, units: .calendarMonths).json,
            "endOfTermAction": .string(endOfTermAction),
        ]
        if endOfTermAction == "roll" { term["rollInterval"] = MEFDuration(amount: 1, units: .calendarMonths).json }
        return .object(term)
    }

    func state(of quote: StoredQuote, justCreated: Bool) -> String {
        if let final = quote.finalState { return final }
        guard isDone(createdAt: quote.created, deferred: quote.deferred) else {
            return justCreated ? QuoteState.acknowledged : QuoteState.inProgress
        }
        let states = quote.results.map(\.state)
        let answered: String
        if states.allSatisfy({ $0 == QuoteItemState.unableToProvide }) {
            return QuoteState.unableToProvide
        } else if quote.level == "budgetary" {
            answered = QuoteState.answered
        } else {
            answered =
                states.contains(QuoteItemState.approvedOrderableAlternate)
                ? QuoteState.approvedOrderableAlternate : QuoteState.approvedOrderable
        }
        return now() > quote.validUntil ? QuoteState.expired : answered
    }

    /// `items`: the request's items when the caller has them parsed already (as it was just created).
    private func render(_ quote: StoredQuote, justCreated: Bool, items: [JSONValue]? = nil) -> JSONValue {
        let state = state(of: quote, justCreated: justCreated)
        let done = isDone(createdAt: quote.created, deferred: quote.deferred)
        let completion = quote.created.addingTimeInterval(quote.deferred ? emulation.deferredSeconds : 0)
        var response = quote.request.members
        response["id"] = .string(quote.id)
        response["href"] = .string(href(.retrieveQuote, id: quote.id))
        response["state"] = .string(state)
        response["quoteDate"] = timestamp(quote.created)
        response["quoteLevel"] = .string(quote.level)
        if quote.deferred { response["expectedQuoteCompletionDate"] = completionTimestamp(completion) }
        if done {
            response["effectiveQuoteCompletionDate"] = timestamp(completion)
            response["validFor"] = .object([
                "startDateTime": timestamp(completion), "endDateTime": timestamp(quote.validUntil),
            ])
        }
        var history: [(String, Date)] = [(QuoteState.acknowledged, quote.created)]
        if state != QuoteState.acknowledged { history.append((state, done ? completion : quote.created)) }
        response["stateChange"] = stateChange(history)
        let items = items ?? quote.request.items
        response[QuoteItems.key] = .array(
            zip(items, quote.results).map { item, result in
                guard case .object(var rendered) = item else { return item }
                guard done else {
                    rendered["state"] = .string(state)
                    return .object(rendered)
                }
                rendered["state"] = .string(result.state)
                if let error = result.terminationError { rendered["terminationError"] = error }
                guard result.state != QuoteItemState.unableToProvide else { return .object(rendered) }
                rendered["quoteItemPrice"] = .array(prices(result.charge))
                if let term = result.term { rendered["quoteItemTerm"] = .array([term]) }
                if let interval = result.interval { rendered["quoteItemInstallationInterval"] = interval.json }
                if quote.level == "firm" { rendered["subjectToFeasibilityCheck"] = false }
                rendered["product"] = withSellerDefaults(rendered["product"])
                return .object(rendered)
            })
        return .object(response)
    }

    /// The echoed product with the seller's default service level filled in where the buyer left it out (a
    /// seller may return its defaults for omitted optional attributes, W139 section 9).
    private func withSellerDefaults(_ product: JSONValue?) -> JSONValue? {
        guard case .object(var object) = product, case .object(var configuration) = object["productConfiguration"],
            case .object(var ipvc) = configuration["ipvc"], ipvc["serviceLevelSpecification"] == nil
        else { return product }
        ipvc["serviceLevelSpecification"] = [
            [
                "periodOfTime": ["timeDurationValue": 1, "timeDurationUnits": "MONTH"],
                "serviceUptime": [["serviceUptimeObjective": .double(emulation.slaUptime)]],
            ]
        ]
        configuration["ipvc"] = .object(ipvc)
        object["productConfiguration"] = .object(configuration)
        return .object(object)
    }

    private func prices(_ charge: Charge) -> [JSONValue] {
        func money(_ amount: Decimal) -> JSONValue {
            .object([
                "unit": .string(emulation.currency), "value": .double(NSDecimalNumber(decimal: amount).doubleValue),
            ])
        }
        let entry: PriceBookEntry
        switch charge {
        case .access(let line): entry = line
        case .included, .disconnection:
            return [
                .object([
                    "name": .string(charge.isDisconnection ? "Disconnection" : "Included in the access price"),
                    "priceType": "nonRecurring", "price": .object(["dutyFreeAmount": money(0)]),
                ])
            ]
        }
        return [
            .object([
                "name": .string("Internet Access \(entry.mbps) Mbit/s, \(entry.termMonths) months"),
                "priceType": "recurring", "recurringChargePeriod": "month",
                "price": .object(["dutyFreeAmount": money(entry.mrc)]),
            ]),
            .object([
                "name": "Installation", "priceType": "nonRecurring",
                "price": .object(["dutyFreeAmount": money(entry.nrc)]),
            ]),
        ]
    }
}
