import Foundation
import JSONCore

/// A line the seller answered `done.ready` for: qualified (every component green or yellow), or red with
/// alternates (Basic IA only).
///
/// A class, like `PlanLine`: each of a line's quote item requests (one per term and alternate) refers to it, and the
/// requests are grouped and batched, so a copy per request and grouping grew with sites x sellers.
final class QualifiedLine: Sendable {
    let line: PlanLine
    /// The POQ batch it was qualified in (see `qualify`).
    let batch: Int
    let place: SellerPlace
    let poqId: String
    let serviceable: Bool
    /// The weakest confidence over the line's components.
    let confidence: String?
    /// The longest installation interval over the line's components.
    let installationInterval: MEFDuration?
    let alternates: [AlternateProposal]

    init(
        line: PlanLine, batch: Int, place: SellerPlace, poqId: String, serviceable: Bool, confidence: String?,
        installationInterval: MEFDuration?, alternates: [AlternateProposal]
    ) {
        self.line = line
        self.batch = batch
        self.place = place
        self.poqId = poqId
        self.serviceable = serviceable
        self.confidence = confidence
        self.installationInterval = installationInterval
        self.alternates = alternates
    }
}

/// A line quoted on a qualification from an earlier run: its POQ and the items the seller answered there.
struct ReusedQualification: Sendable {
    var poqId: String
    var items: [JSONValue]
}

/// A seller's alternate to what was asked (MEF 87 `alternateProductOfferingProposal`).
///
/// A class: every quote item request refers to its line's alternate, if any (`QuoteItemRequest`), and a request
/// carrying one inline was 96 bytes, 200,000 of them at 10,000 sites x 20 sellers; with a reference, 24.
final class AlternateProposal: Sendable {
    let id: String
    let productOffering: JSONValue
    let configuration: JSONValue
    let installationInterval: MEFDuration?

    init(id: String, productOffering: JSONValue, configuration: JSONValue, installationInterval: MEFDuration?) {
        self.id = id
        self.productOffering = productOffering
        self.configuration = configuration
        self.installationInterval = installationInterval
    }
}

extension SellerSession {
    /// MEF 87 POQs, batched to the seller's items-per-request limit (a line's components stay in one request,
    /// since they reference each other), polled when deferred; lines whose address the seller did not place are
    /// left out of their batch.
    ///
    /// Batches are cut from all the lines before that, so that a batch's lines and number depend on nothing any
    /// seller answered: a resumed run whose address validation now succeeds changes one POQ, not every one after it.
    ///
    /// Lines in `reused` send no POQ: their earlier answer is read again, as batch 0 (see `QualificationReuse`).
    func qualify(
        _ lines: [PlanLine], reused: [String: ReusedQualification] = [:], places: [String: SellerPlace],
        tracker: SiteTracker
    ) async -> [QualifiedLine] {
        let again = reread(lines.filter { reused[$0.itemId] != nil }, reused: reused, places: places, tracker: tracker)
        let batches = qualificationBatches(lines.filter { reused[$0.itemId] == nil })
        // Every batch at once: the session's `slots` keep the seller's concurrency (see `createAndAwait`).
        let results = await batches.enumerated().map { ($0, $1) }.concurrentMap(limit: batches.count) {
            index, batch in
            let placed = batch.filter { places[$0.site.id] != nil }
            guard !placed.isEmpty else {
                activity?.unplan(.qualification)
                return [QualifiedLine]()
            }
            return await qualifyBatch(placed, number: index + 1, places: places, tracker: tracker)
        }
        return again + results.flatMap { $0 }
    }

    /// Per line item id, the earlier qualification each line can be quoted on (`qualifications`); placed or not,
    /// since the addresses are resolved after this is planned.
    func reusedQualifications(_ lines: [PlanLine]) -> [String: ReusedQualification] {
        guard let qualifications else { return [:] }
        let now = now()
        var reused: [String: ReusedQualification] = [:]
        for line in lines {
            guard let offering = profile.products.offering(for: line.site.product),
                let found = qualifications.reusable(line, sellerId: profile.id, offeringId: offering, now: now)
            else { continue }
            reused[line.itemId] = ReusedQualification(poqId: found.poqId, items: found.items)
        }
        return reused
    }

    /// The reused lines that are placed, read from their earlier answers as one POQ per earlier POQ.
    private func reread(
        _ lines: [PlanLine], reused: [String: ReusedQualification], places: [String: SellerPlace], tracker: SiteTracker
    ) -> [QualifiedLine] {
        let placed = lines.filter { places[$0.site.id] != nil }
        // Asked as a POQ's lines are: their quotes follow, so a deadline leaves them an outcome, not `notAsked`.
        tracker.ask(placed.map(\.site.id))
        let byPOQ = Dictionary(grouping: placed) { reused[$0.itemId]?.poqId ?? "" }
        return byPOQ.keys.sorted().flatMap { poqId in
            let batch = byPOQ[poqId] ?? []
            let items = batch.flatMap { reused[$0.itemId]?.items ?? [] }
            let poq: JSONValue = ["id": .string(poqId), "productOfferingQualificationItem": .array(items)]
            return read(poq, batch: batch, number: 0, places: places, tracker: tracker)
        }
    }

    /// The POQ batches: lines packed to the seller's items-per-request limit.
    func qualificationBatches(_ lines: [PlanLine]) -> [[PlanLine]] {
        lines.packed(limit: profile.limits.itemsPerRequest) { $0.components.count }
    }

    private func qualifyBatch(
        _ batch: [PlanLine], number: Int, places: [String: SellerPlace], tracker: SiteTracker
    ) async -> [QualifiedLine] {
        let poq: JSONValue
        var sent = false
        do {
            let outcome = try await createAndAwait(
                .createProductOfferingQualification,
                body: {
                    sent = true
                    tracker.ask(batch.map(\.site.id))
                    var splice = JSONSplice()
                    let document = qualificationRequest(batch, number: number, places: places, splice: &splice)
                    return SplicedBody(document, splice: splice)
                }, retrieve: .retrieveProductOfferingQualification,
                expectedKey: "expectedPOQCompletionDate", finalStates: POQState.finalStates)
            activity?.finished(outcome)
            switch outcome {
            case .completed(let answer): poq = answer
            case .refused(let reply):
                let status: SiteSellerOutcome.Status = (400..<500).contains(reply.status) ? .declined : .failed
                for line in batch { tracker.note(line.site.id, status, "POQ: \(SellerSession.describe(reply))") }
                return []
            }
        } catch {
            activity?.finished(status: nil)
            // Cancelled by the deadline before it was built: not asked, which the tracker records per seller.
            if case SonataFailure.cancelled = error, !sent { return [] }
            for line in batch { tracker.note(line.site.id, .failed, "POQ: \(error)") }
            return []
        }
        return read(poq, batch: batch, number: number, places: places, tracker: tracker)
    }

    /// The POQ body; each configuration goes in as a fragment of `splice`, encoded once per run.
    private func qualificationRequest(
        _ batch: [PlanLine], number: Int, places: [String: SellerPlace], splice: inout JSONSplice
    ) -> JSONValue {
        var items: [JSONValue] = []
        for line in batch {
            for component in line.components {
                var product: JSONObject = [
                    "productOffering": ["id": .string(profile.products.offering(for: line.site.product) ?? "")]
                ]
                if component.carriesPlace { product["place"] = [places[line.site.id]?.json ?? .null] }
                product["productConfiguration"] = splice.embed(
                    component.configuration, encoded: component.encodedConfiguration, key: component.itemId)
                var item: JSONObject = ["id": .string(component.itemId), "action": "add", "product": .object(product)]
                if !component.relationships.isEmpty {
                    item["qualificationItemRelationship"] = .array(
                        component.relationships.map {
                            ["id": .string($0.target), "relationshipType": .string($0.type)]
                        })
                }
                if component.carriesPlace,
                    let contact = SonataRequests.siteContact(line.site, role: "locationContact")
                {
                    item["relatedContactInformation"] = [contact]
                }
                items.append(.object(item))
            }
        }
        var body: JSONObject = [
            "instantSyncQualification": true,
            "provideAlternative": true,
            "externalId": .string("\(runId)-poq-\(number)"),
            "productOfferingQualificationItem": .array(items),
        ]
        if let buyer = profile.buyer {
            body["relatedContactInformation"] = [SonataRequests.contact(buyer.contact, role: "buyerContactInformation")]
        }
        return .object(body)
    }

    /// Each line's answer: qualified when every component is `done.ready` green or yellow; red is not
    /// serviceable unless it carries alternates (quoted in its place); terminated or abandoned is declined.
    private func read(
        _ poq: JSONValue, batch: [PlanLine], number: Int, places: [String: SellerPlace], tracker: SiteTracker
    ) -> [QualifiedLine] {
        var reader = TolerantReader()
        let poqId = reader.string(poq["id"]) ?? ""
        let items = reader.list(poq["productOfferingQualificationItem"], field: "productOfferingQualificationItem")
        var byId: [String: JSONValue] = [:]
        for item in items { if let id = reader.string(item["id"]) { byId[id] = item } }
        var qualified: [QualifiedLine] = []
        lines: for line in batch {
            var confidences: [String] = []
            var intervals: [MEFDuration] = []
            var alternates: [AlternateProposal] = []
            var redReason: String?
            for component in line.components {
                guard let item = byId[component.itemId] else {
                    tracker.note(line.site.id, .failed, "POQ \(poqId) has no item \(component.itemId)")
                    continue lines
                }
                let state = reader.string(item["state"]) ?? "unknown"
                guard state == POQItemState.doneReady else {
                    let errors = reader.list(item["terminationError"], field: "terminationError")
                        .compactMap { $0["value"]?.stringValue ?? $0["code"]?.stringValue }
                    tracker.note(
                        line.site.id, .declined,
                        "POQ item \(state)" + (errors.isEmpty ? "" : ": " + errors.joined(separator: "; ")))
                    continue lines
                }
                let confidence = reader.string(item["serviceabilityConfidence"]) ?? "missing"
                confidences.append(confidence)
                if let interval = reader.duration(item["installationInterval"]) { intervals.append(interval) }
                if confidence != "green", confidence != "yellow", redReason == nil {
                    redReason = reader.string(item["serviceabilityConfidenceReason"]) ?? "confidence \(confidence)"
                }
                // Alternates replace a whole product; for multi-item products there is no one-to-one swap.
                if line.components.count == 1 { alternates = Self.alternates(of: item, reader: &reader) }
            }
            if let redReason {
                tracker.note(line.site.id, .notServiceable, redReason)
                if alternates.isEmpty { continue }
            }
            qualified.append(
                QualifiedLine(
                    line: line, batch: number, place: places[line.site.id] ?? .null, poqId: poqId,
                    serviceable: redReason == nil,
                    confidence: confidences.contains("yellow") ? "yellow" : confidences.first,
                    installationInterval: intervals.max { $0.calendarDays < $1.calendarDays },
                    alternates: alternates))
        }
        for line in batch { tracker.warn(line.site.id, reader.warnings) }
        return qualified
    }

    /// Most alternate proposals quoted per POQ item: each becomes a quote item, so a seller proposing thousands
    /// would multiply the run's requests.
    static let maximumAlternates = 10

    static func alternates(of item: JSONValue, reader: inout TolerantReader) -> [AlternateProposal] {
        let proposals = reader.list(
            item["alternateProductOfferingProposal"], field: "alternateProductOfferingProposal")
        if proposals.count > maximumAlternates {
            reader.note(
                "\(proposals.count) alternate proposals for one POQ item; the first \(maximumAlternates) are quoted")
        }
        return proposals.prefix(maximumAlternates)
            .compactMap { proposal -> AlternateProposal? in
                guard let id = reader.string(proposal["id"]), let product = proposal["alternateProduct"],
                    let configuration = product["productConfiguration"], let offering = product["productOffering"]
                else { return nil }
                return AlternateProposal(
                    id: id, productOffering: offering, configuration: configuration,
                    installationInterval: reader.duration(proposal["installationInterval"]))
            }
    }
}

extension Array {
    /// Consecutive groups whose summed `weight` stays within `limit` (an element heavier than the limit gets a
    /// group of its own).
    func packed(limit: Int, weight: (Element) -> Int) -> [[Element]] {
        var groups: [[Element]] = []
        var current: [Element] = []
        var load = 0
        for element in self {
            let cost = weight(element)
            if !current.isEmpty, load + cost > limit {
                groups.append(current)
                current = []
                load = 0
            }
            current.append(element)
            load += cost
        }
        if !current.isEmpty { groups.append(current) }
        return groups
    }
}
