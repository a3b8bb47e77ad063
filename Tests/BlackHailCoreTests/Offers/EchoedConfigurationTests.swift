import Foundation
import JSONCore
import MEF139
import TestSupport
import Testing

@testable import BlackHailCore

/// A quote item's `productConfiguration` as the seller echoed it: a verbatim echo (read by the client as the very
/// value sent) or an equal copy is what was asked for; a seller's own `null` is a seller value like any other,
/// inspected and warned about, never taken for the configuration sent.
@Suite struct EchoedConfigurationTests {
    static let validator = Result { try PayloadValidator.bundled() }

    enum Echo: String, CaseIterable {
        /// What the client reads for an echo byte for byte what it sent: the value sent itself.
        case verbatim
        /// An equal configuration parsed from the seller's bytes.
        case equalCopy
        /// The seller left the configuration out.
        case absent
        /// The seller wrote `"productConfiguration": null`.
        case literalNull
    }

    @Test(arguments: Echo.allCases)
    func anEchoIsTheConfigurationSentAndNullIsTheSellers(echo: Echo) throws {
        let offer = try Self.offer { sent in
            switch echo {
            case .verbatim: sent
            case .equalCopy: try? JSONValue(parsing: sent.serializedBytes())
            case .absent: nil
            case .literalNull: .null
            }
        }
        let warned = offer.warnings.filter { $0.contains("productConfiguration") }
        if echo == .literalNull {
            #expect(!warned.isEmpty, "a seller's null passed as the configuration sent")
        } else {
            #expect(warned.isEmpty, "\(warned)")
        }
    }

    /// An offer carries the seller's offering id as the seller wrote it: an order sends it back. The profile's string
    /// stands in for it (one string for every offer) only when the bytes are the same, not when the two are merely
    /// canonically equal (`é` precomposed in the profile, `e` and a combining accent from the seller).
    @Test func anOfferKeepsTheSellersOfferingIdByItsBytes() throws {
        let profile = "Acc\u{E8}s-IA"
        let seller = "Acce\u{300}s-IA"
        #expect(profile == seller, "canonically equal")
        let echoed = try Self.offer(offeringId: seller, profileOffering: profile) { $0 }
        #expect(echoed.productOfferingId.map { Array($0.utf8) } == Array(seller.utf8))
        let same = try Self.offer(offeringId: profile, profileOffering: profile) { $0 }
        #expect(same.productOfferingId.map { Array($0.utf8) } == Array(profile.utf8))
    }

    /// The offer for the first Basic IA example site's first line, quoted at 100 USD a month with the item's
    /// configuration as `echo` makes it from the configuration sent, for the product offering `offeringId` of a seller
    /// whose profile names `profileOffering` for Basic IA (its own when nil).
    static func offer(
        offeringId: String = "O", profileOffering: String? = nil, echo: (JSONValue) -> JSONValue?
    ) throws -> Offer {
        let site = try #require(try TestEnvironment.exampleSites().first { $0.product == .basic })
        let line = try #require(QuotePlan(sites: [site], validator: nil).lines.first)
        let component = try #require(line.components.first)
        let request = QuoteItemRequest(
            qualified: QualifiedLine(
                line: line, batch: 1, place: .null, poqId: "P", serviceable: true, confidence: "green",
                installationInterval: nil, alternates: []),
            termMonths: 36, alternate: nil)
        var product: JSONObject = ["productOffering": ["id": .string(offeringId)]]
        product["productConfiguration"] = echo(request.configuration(component))
        let price: JSONValue = [
            "priceType": "recurring", "recurringChargePeriod": "month",
            "price": ["dutyFreeAmount": ["value": 100, "unit": "USD"]],
        ]
        let quote: JSONValue = [
            "id": "Q", "state": "approved.orderable", "quoteLevel": "firm",
            "validFor": ["endDateTime": "2099-01-01T00:00:00Z"],
            "quoteItem": [
                [
                    "id": .string(request.itemId(component)), "state": "approved.orderable",
                    "product": .object(product), "quoteItemPrice": [price],
                ]
            ],
        ]
        var seller = try TestEnvironment.quietSeller("northwind")
        if let profileOffering { seller.products.basic = profileOffering }
        let normaliser = OfferNormaliser(seller: seller, now: Date(), validator: try validator.get())
        return try normaliser.offer(for: request, in: AnsweredQuote(quote)).get()
    }
}
