import JSONCore
import MEF139

/// What a look-up of an order by its `externalId` (`GET /productOrder?externalId=`) established. Only a
/// definitive "absent" may lead to a create: a look-up that failed, or whose answer blackhail cannot read, says
/// nothing about whether the order exists.
package enum OrderLookup: Sendable, Hashable {
    /// The seller has the order.
    case found(id: String, state: String?)
    /// The seller answered 200 with an empty list: it has no order with this `externalId`.
    case absent
    /// The look-up established nothing, for this reason.
    case unknown(String)

    /// Reads the seller's answer. Entries that carry another `externalId` are other orders (a seller ignoring the
    /// filter); entries without one are taken as the filter's matches.
    package static func reading(status: Int, body: JSONValue, externalId: String) -> OrderLookup {
        guard status == 200 else { return .unknown("the order look-up was answered HTTP \(status)") }
        guard let entries = body.arrayValue else { return .unknown("the order look-up was answered without a list") }
        var matches: [JSONValue] = []
        for entry in entries {
            guard entry.objectValue != nil else {
                return .unknown("the order look-up listed something that is not an order")
            }
            if let listed = entry["externalId"], listed != .null, listed.stringValue != externalId { continue }
            matches.append(entry)
        }
        if let order = matches.first(where: { !($0["id"]?.stringValue ?? "").isEmpty }),
            let id = order["id"]?.stringValue
        {
            return .found(id: id, state: order["state"]?.stringValue)
        }
        if !matches.isEmpty { return .unknown("the order look-up listed the order without its id") }
        if !entries.isEmpty { return .unknown(onlyOthers) }
        return .absent
    }

    /// A page that lists only other orders: a seller ignoring the filter, whose next page may hold this one.
    static let onlyOthers = "the order look-up listed only other orders (the seller ignored the externalId filter)"

    /// Asks the seller for the order with this external id (`GET /productOrder?externalId=`), page after page
    /// while it lists only other orders: the order is absent only when no page listed anything.
    package static func lookUp(
        _ externalId: String, with client: SonataClient, listing: SonataListing = SonataListing()
    ) async -> OrderLookup {
        var othersListed = false
        do {
            let end = try await listing.read(.listProductOrder, query: [("externalId", externalId)], with: client) {
                reply -> SonataListing.Visit<OrderLookup> in
                let page = reading(status: reply.status, body: reply.body, externalId: externalId)
                switch page {
                case .absent: return .next
                case .unknown(onlyOthers):
                    othersListed = true
                    return .next
                default: return .stop(page)
                }
            }
            switch end {
            case .stopped(let lookup): return lookup
            case .ended: return othersListed ? .unknown(onlyOthers) : .absent
            case .truncated(let pages):
                return .unknown("the order look-up listed \(pages) pages of other orders and did not end")
            }
        } catch {
            return .failed(error)
        }
    }

    /// A look-up that got no readable answer.
    package static func failed(_ failure: SonataFailure) -> OrderLookup {
        .unknown("the order look-up failed: \(failure)")
    }
}
