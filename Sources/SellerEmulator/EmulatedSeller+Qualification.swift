import BlackHailCore
import Foundation
import JSONCore
import MEF139

/// A POQ as the buyer sent it, with the answer the seller settled on when it arrived.
struct StoredQualification: Codable {
    var id: String
    var request: StoredRequest<QualificationItems>
    var created: Date
    var deferred: Bool
    var results: [QualificationResult]
}

/// The seller's answer for one POQ item.
struct QualificationResult: Codable {
    var state: String
    var confidence: String?
    var reason: String?
    var interval: MEFDuration?
    var alternates: [JSONValue] = []
    var terminationError: JSONValue?
    /// Where the item is installed, as the seller resolved it (directly or through related items).
    var location: SiteLocation?
}

extension EmulatedSeller {
    static let itemActions: Set<String> = ["add", "modify", "delete"]

    func createQualification(_ body: JSONObject) throws(RequestFailure) -> JSONValue {
        var checks = RequiredFields()
        let items = checks.requireObjects(body, "productOfferingQualificationItem", at: "")
        _ = checks.requireObjects(body, "relatedContactInformation", at: "")
        checks.requireBool(body, "instantSyncQualification", at: "", required: false)
        checks.requireBool(body, "provideAlternative", at: "", required: false)
        for (index, item) in items.enumerated() {
            let pointer = "/productOfferingQualificationItem/\(index)"
            checks.require(item, "id", at: pointer)
            checks.requireEnum(item, "action", in: Self.itemActions, at: pointer)
            checks.require(item, "product", at: pointer)
            checkProduct(item["product"], action: item["action"]?.stringValue, at: "\(pointer)/product", into: &checks)
        }
        guard checks.problems.isEmpty else { throw .unprocessable(checks.problems) }

        let sync = body["instantSyncQualification"]?.boolValue ?? false
        let wantsAlternates = body["provideAlternative"]?.boolValue ?? false
        let qualification = StoredQualification(
            id: makeId("poq"), request: StoredRequest(body), created: now(),
            deferred: answersDeferred(buyerAskedForSync: sync),
            results: items.indices.map { qualify($0, of: items, wantsAlternates: wantsAlternates) })
        qualifications[qualification.id] = qualification
        qualificationOrder.append(qualification.id)
        return render(qualification, justCreated: true, items: items.map(JSONValue.object))
    }

    func qualification(id: String) -> JSONValue? {
        qualifications[id].map { render($0, justCreated: false) }
    }

    func qualificationSummaries() -> [JSONObject] {
        qualificationOrder.compactMap { qualifications[$0] }.map { poq in
            var summary: JSONObject = ["id": .string(poq.id), "state": .string(overallState(poq, justCreated: false))]
            for key in ["externalId", "projectId"] { summary[key] = poq.request[key] }
            return summary
        }
    }

    /// The install location the seller resolved for a stored POQ item.
    func qualifiedLocation(poqId: String, itemId: String) -> SiteLocation? {
        guard let poq = qualifications[poqId], let index = poq.request.itemIndex(id: itemId) else { return nil }
        return poq.results[index].location
    }

    /// The stored POQ item a quote or order refers to, with the configuration of the alternate it names.
    func qualifiedProduct(poqId: String, itemId: String, alternateId: String?) -> JSONValue? {
        guard let poq = qualifications[poqId], let index = poq.request.itemIndex(id: itemId),
            let product = poq.request.item(at: index)?["product"]
        else { return nil }
        guard let alternateId else { return product }
        guard let proposal = poq.results[index].alternates.first(where: { $0["id"]?.stringValue == alternateId }),
            case .object(var alternate) = proposal["alternateProduct"]
        else { return nil }
        alternate["place"] = product["place"]
        return .object(alternate)
    }

    /// Checks a `MEFProductRefOrValue`: offering or specification on add, a configuration on add and modify, and
    /// the MEF 139 payload itself when the profile asks for strict checking.
    func checkProduct(_ product: JSONValue?, action: String?, at pointer: String, into checks: inout RequiredFields) {
        guard let product = product?.objectValue else { return }
        if action == "add", product["productOffering"] == nil, product["productSpecification"] == nil {
            checks.add(.missing("\(pointer)/productOffering"))
        }
        if action == "add" || action == "modify" {
            guard let configuration = product["productConfiguration"] else {
                checks.add(.missing("\(pointer)/productConfiguration"))
                return
            }
            if configuration["@type"]?.stringValue == nil {
                checks.add(.missing("\(pointer)/productConfiguration/@type"))
            } else if emulation.strictPayload, let validator {
                for issue in validator.validate(configuration) {
                    checks.add(.invalid("\(pointer)/productConfiguration\(issue.pointer)", issue.message))
                }
            }
        }
    }

    private func qualify(_ index: Int, of items: [JSONObject], wantsAlternates: Bool) -> QualificationResult {
        let item = items[index]
        guard item["action"]?.stringValue == "add" else {
            // Changes to and removals of existing products: the seller knows the site already.
            return QualificationResult(
                state: POQItemState.doneReady, confidence: "green", interval: emulation.installInterval)
        }
        guard
            let location = SiteLocation(
                item: index, of: items, relationshipKey: "qualificationItemRelationship", sellerId: profile.id)
        else {
            return QualificationResult(
                state: POQItemState.terminatedWithError,
                terminationError: .array([
                    .object([
                        "code": "referenceNotFound", "propertyPath": "/product/place",
                        "value": "no install location this seller knows",
                    ])
                ]))
        }
        guard location.isCovered(by: emulation.coverage) else {
            return QualificationResult(
                state: POQItemState.doneReady, confidence: "red", reason: "The site is outside our network footprint")
        }
        let configuration = item["product"]?["productConfiguration"]
        let requested = RequestedService(configuration: configuration)
        let interval = installationInterval(at: location)
        let tooFast = (requested.bitsPerSecond ?? 0) > priceBook.maximumBitsPerSecond
        let tooDemanding = (requested.uptimeObjective ?? 0) > emulation.slaUptime
        guard tooFast || tooDemanding else {
            let uncertain = isUncertain(location)
            return QualificationResult(
                state: POQItemState.doneReady, confidence: uncertain ? "yellow" : "green",
                reason: uncertain ? "Capacity at the serving node is being confirmed" : nil, interval: interval,
                location: location)
        }
        var result = QualificationResult(
            state: POQItemState.doneReady, confidence: "red",
            reason: tooFast
                ? "The requested bandwidth exceeds what we offer at this site"
                : "We cannot commit to the requested service uptime",
            location: location)
        if wantsAlternates, emulation.alternates, let configuration, let offering = item["product"]?["productOffering"]
        {
            let capped = AlternateConfiguration.capped(
                configuration, maximumBitsPerSecond: priceBook.maximumBitsPerSecond, uptime: emulation.slaUptime)
            result.alternates = [
                .object([
                    "id": "alternate-1", "installationInterval": interval.json,
                    "alternateProduct": .object(["productOffering": offering, "productConfiguration": capped]),
                ])
            ]
        }
        return result
    }

    private func overallState(_ poq: StoredQualification, justCreated: Bool) -> String {
        guard isDone(createdAt: poq.created, deferred: poq.deferred) else {
            return justCreated ? POQState.acknowledged : POQState.inProgress
        }
        return poq.results.allSatisfy { $0.state == POQItemState.terminatedWithError }
            ? POQState.terminatedWithError : POQState.doneReady
    }

    /// `items`: the request's items when the caller has them parsed already (as it was just created).
    private func render(_ poq: StoredQualification, justCreated: Bool, items: [JSONValue]? = nil) -> JSONValue {
        let state = overallState(poq, justCreated: justCreated)
        let done = isDone(createdAt: poq.created, deferred: poq.deferred)
        let completion = poq.created.addingTimeInterval(poq.deferred ? emulation.deferredSeconds : 0)
        var response = poq.request.members
        response["id"] = .string(poq.id)
        response["href"] = .string(href(.retrieveProductOfferingQualification, id: poq.id))
        response["state"] = .string(state)
        if poq.deferred { response["expectedPOQCompletionDate"] = completionTimestamp(completion) }
        if done { response["effectiveQualificationDate"] = timestamp(completion) }
        response["stateChange"] = stateChange(history(state, created: poq.created, completion: completion))
        let items = items ?? poq.request.items
        response[QualificationItems.key] = .array(
            zip(items, poq.results).map { item, result in
                guard case .object(var rendered) = item else { return item }
                let itemState = done ? result.state : state
                rendered["state"] = .string(itemState)
                rendered["stateChange"] = stateChange(history(itemState, created: poq.created, completion: completion))
                guard done else { return .object(rendered) }
                if let confidence = result.confidence { rendered["serviceabilityConfidence"] = .string(confidence) }
                if let reason = result.reason { rendered["serviceabilityConfidenceReason"] = .string(reason) }
                if let interval = result.interval {
                    rendered["installationInterval"] = interval.json
                    rendered["guaranteedUntilDate"] = timestamp(completion.addingTimeInterval(30 * 86_400))
                }
                if !result.alternates.isEmpty {
                    rendered["alternateProductOfferingProposal"] = .array(result.alternates)
                }
                if let error = result.terminationError { rendered["terminationError"] = error }
                return .object(rendered)
            })
        return .object(response)
    }

    private func history(_ state: String, created: Date, completion: Date) -> [(String, Date)] {
        switch state {
        case POQState.acknowledged: [(POQState.acknowledged, created)]
        case POQState.inProgress: [(POQState.acknowledged, created), (POQState.inProgress, created)]
        default: [(POQState.acknowledged, created), (state, completion)]
        }
    }
}

/// A request the seller refuses before acknowledging it.
enum RequestFailure: Error {
    case unprocessable([RequestProblem])
    case notFound(String)
}
