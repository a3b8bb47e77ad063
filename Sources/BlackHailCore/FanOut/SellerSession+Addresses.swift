import JSONCore
import NIOHTTP1

/// Where a site is for one seller, as its POQ and quote items send it (`place`): by reference to the seller's id for
/// the address, or by value when the seller gave no id. Kept per site and seller for the whole run, so a reference is
/// kept as its id and made JSON only while a request body is built: as a JSON object each was about 350 bytes of heap
/// (heaptrack, 3,000 sites x 20 sellers: 21 MB).
enum SellerPlace: Sendable {
    case address(id: String)
    case value(JSONValue)

    /// No place (JSON `null`).
    static let null = SellerPlace.value(.null)

    static let addressReferenceType = "GeographicAddressRef"

    var json: JSONValue {
        switch self {
        case .address(let id):
            ["@type": .string(Self.addressReferenceType), "id": .string(id), "role": "INSTALL_LOCATION"]
        case .value(let value): value
        }
    }
}

extension SellerSession {
    /// MEF 121 address validation of every site with this seller. Returns the `place` to send for each site
    /// the seller knows: by reference to its address id, or by value when it returned no id. A site whose id the
    /// seller gave in an earlier run (`AddressIdCache`) is not validated again.
    func resolveAddresses(for lines: [PlanLine], tracker: SiteTracker) async -> [String: SellerPlace] {
        // The run's shared lines, one per site, never copies of their sites: a `Site` is most of a kilobyte, and
        // every seller's copies of every site were a third of a run's peak at 10,000 sites (heaptrack: 142 MB).
        var seen = Set<String>()
        let siteLines = lines.filter { seen.insert($0.site.id).inserted }
        let started = now()
        let known =
            await addressIds?.known(
                seller: profile, keys: Set(siteLines.compactMap { plan.addressKeys[$0.site.id] }), now: started) ?? [:]
        var places: [String: SellerPlace] = [:]
        var unknown: [PlanLine] = []
        for line in siteLines {
            if let id = plan.addressKeys[line.site.id].flatMap({ known[$0] }) {
                places[line.site.id] = .address(id: id)
            } else {
                unknown.append(line)
            }
        }
        let operation = SonataOperation(.createGeographicAddressValidation)
        let resolved = await unknown.concurrentMap(limit: profile.limits.concurrency) {
            line -> (String, SellerPlace?) in
            let site = line.site
            tracker.ask([site.id])
            do {
                let body =
                    plan.addressValidations[site.id] ?? SonataRequests.addressValidation(site.address).serializedBytes()
                let reply = try await client.send(operation, encodedBody: body)
                activity?.finished(status: reply.status)
                return (site.id, place(from: reply, site: site, tracker: tracker))
            } catch {
                activity?.finished(status: nil)
                tracker.finish(site.id, .failed, "address validation: \(error)")
                return (site.id, nil)
            }
        }
        var validated: [String: String] = [:]
        for case (let siteId, let place?) in resolved {
            places[siteId] = place
            if case .address(let id) = place, let key = plan.addressKeys[siteId] {
                validated[key] = id
            }
        }
        await addressIds?.remember(seller: profile, validated, now: started)
        return places
    }

    /// MEF 121's `validationResult` values.
    static let validationResults: Set<String> = ["success", "partial", "fail"]

    private func place(from reply: SonataReply, site: Site, tracker: SiteTracker) -> SellerPlace? {
        guard reply.status == 200 else {
            // 422 (otherIssue, tooManyRecords) is how a seller says it cannot place the address.
            let status: SiteSellerOutcome.Status = reply.status == 422 ? .notServiceable : .failed
            tracker.finish(site.id, status, "address validation: \(SellerSession.describe(reply))")
            return nil
        }
        var reader = TolerantReader()
        _ = reader.bool(reply.body["provideAlternative"], field: "provideAlternative")
        let result = reader.string(reply.body["validationResult"])
        let best = reply.body["bestMatchGeographicAddress"]
        if let best { _ = reader.bool(best["allowsNewSite"], field: "allowsNewSite") }
        tracker.warn(site.id, reader.warnings)
        // An answer that says nothing (an empty body, an unknown result, a success without its match) is a broken
        // seller API, not an address the seller does not know: reported as a failure, never as not serviceable.
        guard let result, Self.validationResults.contains(result) else {
            let said = result.map { "validationResult '\(SellerText.id($0))'" } ?? "no validationResult"
            tracker.finish(site.id, .failed, "address validation: meaningless answer (HTTP 200 with \(said))")
            return nil
        }
        if result == "success", best?.objectValue == nil {
            tracker.finish(
                site.id, .failed, "address validation: meaningless answer (success without bestMatchGeographicAddress)")
            return nil
        }
        guard result == "success", let best, best.objectValue != nil else {
            let alternates = reader.list(reply.body["alternateGeographicAddress"], field: "alternateGeographicAddress")
                .count
            let detail =
                alternates > 0 ? " (\(alternates) alternative address(es) proposed; check the site's address)" : ""
            let reason = "address not known to the seller (validation result: \(result))"
            tracker.finish(site.id, .notServiceable, reason + detail)
            return nil
        }
        if let id = reader.string(best["id"]) { return .address(id: id) }
        // No id (MEF 121 only recommends one): send the address the seller matched, by value.
        var fields = SonataRequests.fieldedAddress(site.address)
        for key in ["streetNr", "streetName", "streetType", "postcode", "city", "stateOrProvince", "country"] {
            if let value = best[key]?.stringValue { fields[key] = .string(value) }
        }
        fields["role"] = "INSTALL_LOCATION"
        return .value(.object(fields))
    }

    /// A seller's error answer in one line: the MEF `reason`, and the property paths of a 422; bounded, whatever the
    /// seller sent (`SellerText`).
    package static func describe(_ reply: SonataReply) -> String {
        if (300..<400).contains(reply.status) {
            // Never followed: it could carry the buyer's sites and token to another origin.
            let target = reply.headers.first(name: "Location").map { " to \(SellerText.bounded($0, limit: 200))" } ?? ""
            return "HTTP \(reply.status): redirect\(target) not followed"
        }
        if case .array(let problems) = reply.body, !problems.isEmpty {
            let details = problems.prefix(5).map { problem -> String in
                let reason = problem["reason"]?.stringValue ?? problem["code"]?.stringValue ?? "invalid"
                return problem["propertyPath"]?.stringValue.map { "\(SellerText.id($0)): \(reason)" } ?? reason
            }
            return "HTTP \(reply.status): " + SellerText.bounded(details.joined(separator: "; "))
        }
        let reason = reply.body["reason"]?.stringValue ?? reply.body["message"]?.stringValue
        return "HTTP \(reply.status)" + (reason.map { ": \(SellerText.bounded($0))" } ?? "")
    }
}
