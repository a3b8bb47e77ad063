import Foundation
import JSONCore

/// One offer blackhail asks for: a qualified line (or one of its alternates) for one term, as one quote item
/// per component of the product.
struct QuoteItemRequest: Sendable {
    var qualified: QualifiedLine
    var termMonths: Int
    var alternate: AlternateProposal?

    var line: PlanLine { qualified.line }

    /// The quote item id of a component: its POQ item id, the alternate, the term.
    func itemId(_ component: PlanComponent) -> String {
        itemId(forPOQItem: component.itemId)
    }

    func itemId(forPOQItem poqItemId: String) -> String {
        let alternatePart = alternate.map { "~alt-\($0.id)" } ?? ""
        return "\(poqItemId)\(alternatePart)~\(termMonths)m"
    }

    /// The configuration asked for: the alternate's where the seller proposed one.
    func configuration(_ component: PlanComponent) -> JSONValue {
        alternate?.configuration ?? component.configuration
    }
}

extension SellerSession {
    /// MEF 115 quotes for everything that qualified, one quote per quote level and batch.
    func quote(_ qualified: [QualifiedLine], tracker: SiteTracker) async -> [Offer] {
        var requests: [QuoteItemRequest] = []
        for line in qualified {
            for term in line.line.site.termsMonths {
                if line.serviceable { requests.append(QuoteItemRequest(qualified: line, termMonths: term)) }
                for alternate in line.alternates {
                    requests.append(QuoteItemRequest(qualified: line, termMonths: term, alternate: alternate))
                }
            }
        }
        // Per POQ batch and quote level, so that a quote's items and number depend only on its POQ's answer: a
        // resumed run whose POQ changes asks again for that POQ's quotes, not for every quote after it.
        var batches: [(label: String, level: QuoteLevel, requests: [QuoteItemRequest])] = []
        let byPOQ = Dictionary(grouping: requests, by: \.qualified.batch)
        for poqBatch in byPOQ.keys.sorted() {
            let byLevel = Dictionary(grouping: byPOQ[poqBatch] ?? [], by: \.line.site.quoteLevel)
            for level in QuoteLevel.allCases {
                let packed = (byLevel[level] ?? []).packed(
                    limit: profile.limits.itemsPerRequest, weight: \.line.components.count)
                for (index, batch) in packed.enumerated() {
                    batches.append(("\(poqBatch)-\(level.rawValue)-\(index + 1)", level, batch))
                }
            }
        }
        activity?.plan(.quoting, requests: batches.count)
        // Every batch at once: the session's `slots` keep the seller's concurrency (see `createAndAwait`).
        var byBatch = await batches.concurrentMap(limit: batches.count) { entry in
            let offers = await quoteBatch(entry.requests, level: entry.level, label: entry.label, tracker: tracker)
            tracker.complete(entry.requests.map(\.line.site.id))
            return offers
        }
        // Each batch's offers move into one array, each batch's emptied as it goes: `flatMap` would hold all of them
        // twice at the end of every seller's quotes.
        var offers: [Offer] = []
        offers.reserveCapacity(byBatch.reduce(0) { $0 + $1.count })
        for index in byBatch.indices {
            offers.append(contentsOf: byBatch[index])
            byBatch[index] = []
        }
        return offers
    }

    private func quoteBatch(
        _ batch: [QuoteItemRequest], level: QuoteLevel, label: String, tracker: SiteTracker
    ) async -> [Offer] {
        let quote: JSONValue
        do {
            let outcome = try await createAndAwait(
                .createQuote, body: { quoteRequest(batch, level: level, label: label) }, retrieve: .retrieveQuote,
                expectedKey: "expectedQuoteCompletionDate",
                finalStates: QuoteState.finalStates)
            activity?.finished(outcome)
            switch outcome {
            case .completed(let answer): quote = answer
            case .refused(let reply):
                let status: SiteSellerOutcome.Status = (400..<500).contains(reply.status) ? .declined : .failed
                for request in batch {
                    tracker.note(request.line.site.id, status, "quote: \(SellerSession.describe(reply))")
                }
                return []
            }
        } catch {
            activity?.finished(status: nil)
            for request in batch { tracker.note(request.line.site.id, .failed, "quote: \(error)") }
            return []
        }
        let normaliser = OfferNormaliser(seller: profile, now: now(), validator: validator)
        let answered = AnsweredQuote(quote)
        var offers: [Offer] = []
        // Kept until the run ends: no room to spare (appending one by one leaves up to twice the room needed).
        offers.reserveCapacity(batch.count)
        for request in batch {
            switch normaliser.offer(for: request, in: answered) {
            case .success(let offer): offers.append(offer)
            case .failure(let failure): tracker.note(request.line.site.id, failure.status, failure.reason)
            }
        }
        return offers
    }

    /// The quote body, with each configuration spliced in from its once-encoded bytes.
    private func quoteRequest(
        _ batch: [QuoteItemRequest], level: QuoteLevel, label: String
    ) -> SplicedBody {
        var splice = JSONSplice()
        var items: [JSONValue] = []
        for request in batch {
            for component in request.line.components { items.append(quoteItem(request, component, splice: &splice)) }
        }
        var body: JSONObject = [
            "buyerRequestedQuoteLevel": .string(level.rawValue),
            "instantSyncQuote": true,
            "externalId": .string("\(runId)-quote-\(label)"),
            "quoteItem": .array(items),
        ]
        if let buyer = profile.buyer {
            body["relatedContactInformation"] = [SonataRequests.contact(buyer.contact, role: "buyerContactInformation")]
        }
        return SplicedBody(.object(body), splice: splice)
    }

    private func quoteItem(
        _ request: QuoteItemRequest, _ component: PlanComponent, splice: inout JSONSplice
    ) -> JSONValue {
        let site = request.line.site
        var reference: JSONObject = [
            "productOfferingQualificationId": .string(request.qualified.poqId), "id": .string(component.itemId),
        ]
        reference["alternateProductProposalId"] = request.alternate.map { .string($0.id) }
        var product: JSONObject = [
            "productOffering": request.alternate?.productOffering
                ?? ["id": .string(profile.products.offering(for: site.product) ?? "")]
        ]
        if component.carriesPlace { product["place"] = [request.qualified.place.json] }
        product["productConfiguration"] =
            request.alternate.map(\.configuration)
            ?? splice.embed(
                component.configuration, encoded: component.encodedConfiguration, key: component.itemId)
        var item: JSONObject = [
            "id": .string(request.itemId(component)),
            "action": "add",
            "product": .object(product),
            "productOfferingQualificationItem": .object(reference),
            "requestedQuoteItemTerm": SonataRequests.term(months: request.termMonths),
        ]
        if !component.relationships.isEmpty {
            item["quoteItemRelationship"] = .array(
                component.relationships.map {
                    ["id": .string(request.itemId(forPOQItem: $0.target)), "relationshipType": .string($0.type)]
                })
        }
        if let days = site.maxInstallDays {
            item["requestedQuoteItemInstallationInterval"] = ["amount": .integer(Int64(days)), "units": "calendarDays"]
        }
        if component.carriesPlace, let contact = SonataRequests.siteContact(site, role: "quoteItemLocationContact") {
            item["relatedContactInformation"] = [contact]
        }
        return .object(item)
    }
}
