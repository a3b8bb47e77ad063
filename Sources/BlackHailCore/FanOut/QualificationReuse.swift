import Foundation
import JSONCore

/// Qualifications sellers answered in an earlier run that they still guarantee, for `quote --refresh`: a line whose
/// every POQ item the seller answered `done.ready` green or yellow, with a `guaranteedUntilDate` at least
/// `minimumRemaining` away, for the same product offering and configuration, is quoted by reference to that POQ
/// (MEF 115 quote items cite their `productOfferingQualificationItem`) and sends no POQ of its own.
///
/// The seller allows reuse by giving `guaranteedUntilDate` (MEF 87, optional): without it a qualification holds
/// only for the run that asked, and is asked again. Red answers, alternates and declines are always asked again:
/// a refresh is where a seller's "no" may have become a "yes".
package struct QualificationReuse: Sendable {
    /// A POQ item as the seller answered it, with what was asked for it.
    struct Item: Sendable {
        var poqId: String
        var offeringId: String?
        var configuration: JSONValue?
        /// The item as answered (state, confidence, interval), read again as a POQ answer is.
        var answer: JSONValue
        var guaranteedUntil: Date
    }

    /// A qualification that runs out within this time of the refresh is asked again: the quote, and an order
    /// placed from it, cite the POQ, and a seller may refuse a reference to a lapsed one.
    package static let minimumRemaining: TimeInterval = 86_400

    /// The run the qualifications were answered in.
    package let runId: String
    /// Per seller id, per POQ item id.
    let items: [String: [String: Item]]

    /// The qualifications in `exchanges` (an earlier run's, from the journal) for the sites `siteIds`: the last
    /// answer read for each POQ, matched to the create request that asked it.
    package init(runId: String, exchanges: [ExchangeRecord], siteIds: Set<String>) {
        self.runId = runId
        let create = SonataEndpoint.createProductOfferingQualification.name
        let retrieve = SonataEndpoint.retrieveProductOfferingQualification.name
        // Per seller and POQ id: the items asked (by item id), and the latest reading of the POQ.
        var asked: [String: [String: [String: JSONValue]]] = [:]
        var latest: [String: [String: JSONValue]] = [:]
        for exchange in exchanges
        where exchange.isFinal && (exchange.operation == create || exchange.operation == retrieve)
            && (exchange.status == 200 || exchange.status == 201)
        {
            guard let response = exchange.responseBody.flatMap({ try? JSONValue(parsing: Data($0.bytes)) }),
                let poqId = response["id"]?.stringValue
            else { continue }
            if exchange.operation == create,
                let request = exchange.requestBody.flatMap({ try? JSONValue(parsing: Data($0.bytes)) })
            {
                var byId: [String: JSONValue] = [:]
                for item in request["productOfferingQualificationItem"]?.arrayValue ?? [] {
                    if let id = item["id"]?.stringValue, siteIds.contains(Self.siteId(ofItem: id)) { byId[id] = item }
                }
                asked[exchange.sellerId, default: [:]][poqId] = byId
            }
            latest[exchange.sellerId, default: [:]][poqId] = response
        }
        var items: [String: [String: Item]] = [:]
        for (sellerId, poqs) in latest {
            for (poqId, poq) in poqs {
                guard let requested = asked[sellerId]?[poqId], !requested.isEmpty else { continue }
                var reader = TolerantReader()
                for answer in reader.list(poq["productOfferingQualificationItem"], field: "item") {
                    guard let id = reader.string(answer["id"]), let request = requested[id],
                        reader.string(answer["state"]) == POQItemState.doneReady,
                        let confidence = reader.string(answer["serviceabilityConfidence"]),
                        confidence == "green" || confidence == "yellow",
                        let until = reader.string(answer["guaranteedUntilDate"]).flatMap(MEFDateTime.date(from:))
                    else { continue }
                    items[sellerId, default: [:]][id] = Item(
                        poqId: poqId, offeringId: request["product"]?["productOffering"]?["id"]?.stringValue,
                        configuration: request["product"]?["productConfiguration"], answer: answer,
                        guaranteedUntil: until)
                }
            }
        }
        self.items = items
    }

    /// The site an item id belongs to: item ids are `SITE~LINE` or `SITE~LINE-ROLE` (`QuotePlan`). A site id with
    /// a `~` of its own matches nothing, and is qualified again.
    static func siteId(ofItem id: String) -> String {
        String(id.prefix { $0 != "~" })
    }

    /// Qualifications kept, over all sellers.
    package var count: Int { items.values.reduce(0) { $0 + $1.count } }

    /// Qualifications kept for one seller.
    package func count(seller: String) -> Int { items[seller]?.count ?? 0 }

    /// The POQ and its answered items for `line` at `sellerId`, when every component was qualified there for
    /// `offeringId` and the same configuration, all in one POQ, and stays guaranteed past `now` plus
    /// `minimumRemaining`; nil otherwise.
    func reusable(
        _ line: PlanLine, sellerId: String, offeringId: String, now: Date
    ) -> (poqId: String, items: [JSONValue])? {
        guard let known = items[sellerId] else { return nil }
        var poqId: String?
        var answers: [JSONValue] = []
        for component in line.components {
            guard let item = known[component.itemId], item.offeringId == offeringId,
                item.configuration == component.configuration,
                item.guaranteedUntil >= now.addingTimeInterval(Self.minimumRemaining),
                poqId == nil || poqId == item.poqId
            else { return nil }
            poqId = item.poqId
            answers.append(item.answer)
        }
        guard let poqId else { return nil }
        return (poqId, answers)
    }
}
