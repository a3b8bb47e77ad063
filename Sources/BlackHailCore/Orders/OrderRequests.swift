import Foundation
import JSONCore

/// The MEF 123 `ProductOrder_Create` for one offer: one order item per product component, each referencing its
/// quote item and POQ item, repeating the product (offering, place, configuration), with the quoted term as
/// `requestedItemTerm`, the billing account, and the buyer contacts from the seller profile.
package enum OrderRequests {
    package static func create(_ candidate: OrderCandidate, profile: SellerProfile) -> JSONValue {
        let offer = candidate.offer
        let term = offer.termMonths ?? offer.requestedTermMonths
        let components = candidate.line?.components ?? []
        func quoteItemId(_ component: PlanComponent) -> String { "\(component.itemId)~\(term)m" }
        let items: [JSONValue] = components.map { component in
            var product: JSONObject = [
                "productOffering": ["id": .string(offer.productOfferingId ?? "")]
            ]
            if component.carriesPlace {
                var place = SonataRequests.fieldedAddress(candidate.site.address)
                place["role"] = "INSTALL_LOCATION"
                product["place"] = [.object(place)]
            }
            product["productConfiguration"] = component.configuration
            var item: JSONObject = [
                "id": .string(component.itemId),
                "action": "add",
                "product": .object(product),
                "requestedItemTerm": SonataRequests.term(months: term),
                "quoteItem": ["quoteId": .string(offer.quoteId), "id": .string(quoteItemId(component))],
                "productOfferingQualificationItem": [
                    "productOfferingQualificationId": .string(offer.poqId), "id": .string(component.itemId),
                ],
            ]
            if let account = profile.buyer?.billingAccount { item["billingAccount"] = ["id": .string(account)] }
            if !component.relationships.isEmpty {
                item["productOrderItemRelationship"] = .array(
                    component.relationships.map { ["id": .string($0.target), "relationshipType": .string($0.type)] })
            }
            var contacts: [JSONValue] = []
            if let buyer = profile.buyer?.contact {
                contacts += ["buyerProductOrderItemContact", "buyerImplementationContact", "buyerTechnicalContact"]
                    .map { SonataRequests.contact(buyer, role: $0) }
            }
            if component.carriesPlace, let site = SonataRequests.siteContact(candidate.site, role: "siteContact") {
                contacts.append(site)
            }
            if !contacts.isEmpty { item["relatedContactInformation"] = .array(contacts) }
            return .object(item)
        }
        var body: JSONObject = ["externalId": .string(candidate.externalId), "productOrderItem": .array(items)]
        if let buyer = profile.buyer?.contact {
            body["relatedContactInformation"] = [SonataRequests.contact(buyer, role: "productOrderContact")]
        }
        return .object(body)
    }
}
