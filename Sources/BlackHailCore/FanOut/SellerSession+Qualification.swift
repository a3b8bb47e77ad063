import Foundation
import MEF139

/// A POQ item the seller answered `done.ready` for: qualified (green or yellow), or red with alternates.
struct QualifiedLine: Sendable {
    var line: PlanLine
    var place: JSONValue
    var poqId: String
    var serviceable: Bool
    var confidence: String?
    var installationInterval: MEFDuration?
    var alternates: [AlternateProposal]
}

/// A seller's alternate to what was asked (MEF 87 `alternateProductOfferingProposal`).
struct AlternateProposal: Sendable {
    var id: String
    var productOffering: JSONValue
    var configuration: JSONValue
    var installationInterval: MEFDuration?
}

extension SellerSession {
    static let poqFinalStates: Set<String> = ["done.ready", "done.unableToProvide", "terminatedWithError"]

    /// MEF 87 POQs, batched to the seller's items-per-request limit, polled when deferred.
    func qualify(_ lines: [PlanLine], places: [String: JSONValue], tracker: SiteTracker) async -> [QualifiedLine] {
        let batches = lines.chunked(into: profile.limits.itemsPerRequest)
        let results = await batches.enumerated().map { ($0, $1) }.concurrentMap(limit: profile.limits.concurrency) {
            index, batch in
            await qualifyBatch(batch, number: index + 1, places: places, tracker: tracker)
        }
        return results.flatMap { $0 }
    }

    private func qualifyBatch(
        _ batch: [PlanLine], number: Int, places: [String: JSONValue], tracker: SiteTracker
    ) async -> [QualifiedLine] {
        let body = qualificationRequest(batch, number: number, places: places)
        let poq: JSONValue
        do {
            let reply = try await client.send(
                SonataOperation(
                    .poq, .post, "/productOfferingQualification", name: "createProductOfferingQualification"),
                body: body)
            guard reply.status == 201 || reply.status == 200 else {
                let status: SiteSellerOutcome.Status = (400..<500).contains(reply.status) ? .declined : .failed
                for line in batch { tracker.note(line.site.id, status, "POQ: \(SellerSession.describe(reply))") }
                return []
            }
            guard let id = reply.body["id"]?.stringValue else {
                throw SonataFailure.invalidResponse("POQ without an id")
            }
            poq = try await poll(
                .poq, path: "/productOfferingQualification/\(Self.pathComponent(id))",
                name: "retrieveProductOfferingQualification", from: reply.body,
                expectedKey: "expectedPOQCompletionDate",
                finalStates: Self.poqFinalStates)
        } catch {
            let reason = error is SonataFailure ? "\(error)" : "\(error)"
            for line in batch { tracker.note(line.site.id, .failed, "POQ: \(reason)") }
            return []
        }
        return read(poq, batch: batch, places: places, tracker: tracker)
    }

    private func qualificationRequest(_ batch: [PlanLine], number: Int, places: [String: JSONValue]) -> JSONValue {
        let items: [JSONValue] = batch.map { line in
            var product: JSONObject = [
                "productOffering": ["id": .string(profile.products.offering(for: line.site.product) ?? "")],
                "place": [places[line.site.id] ?? .null],
                "productConfiguration": line.configuration,
            ]
            product["productRelationship"] = nil
            var item: JSONObject = ["id": .string(line.itemId), "action": "add", "product": .object(product)]
            if let contact = SonataRequests.siteContact(line.site, role: "locationContact") {
                item["relatedContactInformation"] = [contact]
            }
            return .object(item)
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

    /// Each item's answer: green/yellow qualifies; red is not serviceable unless it carries alternates, which
    /// are quoted in its place; terminated or abandoned items are declined.
    private func read(
        _ poq: JSONValue, batch: [PlanLine], places: [String: JSONValue], tracker: SiteTracker
    ) -> [QualifiedLine] {
        var reader = TolerantReader()
        let poqId = reader.string(poq["id"]) ?? ""
        let items = reader.list(poq["productOfferingQualificationItem"], field: "productOfferingQualificationItem")
        var qualified: [QualifiedLine] = []
        for line in batch {
            guard let item = items.first(where: { reader.string($0["id"]) == line.itemId }) else {
                tracker.note(line.site.id, .failed, "POQ \(poqId) has no item \(line.itemId)")
                continue
            }
            let state = reader.string(item["state"]) ?? "unknown"
            guard state == "done.ready" else {
                let errors = reader.list(item["terminationError"], field: "terminationError")
                    .compactMap { $0["value"]?.stringValue ?? $0["code"]?.stringValue }
                tracker.note(
                    line.site.id, .declined,
                    "POQ item \(state)" + (errors.isEmpty ? "" : ": " + errors.joined(separator: "; ")))
                continue
            }
            let confidence = reader.string(item["serviceabilityConfidence"])
            let alternates = reader.list(
                item["alternateProductOfferingProposal"], field: "alternateProductOfferingProposal"
            )
            .compactMap { proposal -> AlternateProposal? in
                guard let id = reader.string(proposal["id"]), let product = proposal["alternateProduct"],
                    let configuration = product["productConfiguration"], let offering = product["productOffering"]
                else { return nil }
                return AlternateProposal(
                    id: id, productOffering: offering, configuration: configuration,
                    installationInterval: reader.duration(proposal["installationInterval"]))
            }
            let serviceable = confidence == "green" || confidence == "yellow"
            if !serviceable {
                let reason =
                    reader.string(item["serviceabilityConfidenceReason"]) ?? "confidence \(confidence ?? "missing")"
                tracker.note(line.site.id, .notServiceable, reason)
                if alternates.isEmpty { continue }
            }
            qualified.append(
                QualifiedLine(
                    line: line, place: places[line.site.id] ?? .null, poqId: poqId, serviceable: serviceable,
                    confidence: confidence, installationInterval: reader.duration(item["installationInterval"]),
                    alternates: alternates))
        }
        for line in batch { tracker.warn(line.site.id, reader.warnings) }
        return qualified
    }

    static func pathComponent(_ id: String) -> String {
        id.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/")))
            ?? id
    }
}

extension Array {
    func chunked(into size: Int) -> [[Element]] {
        stride(from: 0, to: count, by: Swift.max(size, 1)).map { Array(self[$0..<Swift.min($0 + size, count)]) }
    }
}
