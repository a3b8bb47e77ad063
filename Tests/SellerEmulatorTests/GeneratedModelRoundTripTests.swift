import BlackHailCore
import Foundation
import JSONCore
import SonataAddress
import SonataOrder
import SonataPOQ
import SonataQuote
import TestSupport
import Testing

/// The generated MEF types keep every field of the payloads blackhail exchanges: without the spec edits of
/// Scripts/edit-specs.py they silently drop the MEF 139 configuration, places and money precision.
@Suite(.enabled(if: TestEnvironment.hasMEFExamples, "../shared/mef/examples is not present"))
struct GeneratedModelRoundTripTests {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(MEFDateTime.string(from: date))
        }
        return encoder
    }()

    /// Decodes `json` as `type`, encodes it again, and returns both documents for comparison.
    static func roundTrip<T: Codable>(_ json: JSONValue, as type: T.Type) throws -> JSONValue {
        let decoded = try MEFExampleReplayTests.decoder.decode(T.self, from: Data(json.serializedBytes()))
        return try JSONValue(parsing: try encoder.encode(decoded))
    }

    static func example(_ name: String) throws -> JSONValue {
        try JSONValue(parsing: Data(contentsOf: TestEnvironment.mefExamples.appendingPathComponent(name)))
    }

    static let fieldedAddress: JSONValue = [
        "@type": "FieldedAddress", "role": "INSTALL_LOCATION", "streetNr": "350", "streetName": "Fifth",
        "streetType": "Avenue", "city": "New York", "stateOrProvince": "NY", "postcode": "10118", "country": "US",
        "geographicSubAddress": [
            "buildingName": "Empire", "subUnit": [["subUnitType": "FLOOR", "subUnitNumber": "86"]],
        ],
    ]

    @Test func poqWithAFullPayloadAndAFieldedAddress() throws {
        guard case .object(var poq) = try Self.example("uc2-poq-basic-internet-access.json"),
            case .array(var items) = poq["productOfferingQualificationItem"], case .object(var item) = items[0],
            case .object(var product) = item["product"]
        else { throw TestFailure("unexpected example shape") }
        product["place"] = [Self.fieldedAddress]
        item["product"] = .object(product)
        items[0] = .object(item)
        poq["productOfferingQualificationItem"] = .array(items)
        let original = JSONValue.object(poq)
        #expect(
            try Self.roundTrip(original, as: SonataPOQ.Components.Schemas.ProductOfferingQualification_Create.self)
                == original)
    }

    @Test func quoteWithPrices() throws {
        let quote: JSONValue = try JSONValue(
            parsing: """
                {"id": "Q-1", "state": "approved.orderable", "quoteLevel": "firm", "quoteDate": "2020-08-10T16:40:33Z",
                 "validFor": {"endDateTime": "2020-08-17T16:45:39Z"}, "instantSyncQuote": true, "buyerRequestedQuoteLevel": "firm",
                 "quoteItem": [{"id": "item-1", "action": "add", "state": "approved.orderable", "subjectToFeasibilityCheck": false,
                   "product": {"productOffering": {"id": "BIA-1"}, "place": [\(Self.fieldedAddress.serialized())],
                     "productConfiguration": \(try Self.example("uc5-quote-basic-internet-access.json")[pointer: "/quoteItem/0/product/productConfiguration"]!.serialized())},
                   "quoteItemTerm": [{"name": "36 months", "duration": {"amount": 36, "units": "calendarMonths"}, "endOfTermAction": "autoRenew"}],
                   "quoteItemInstallationInterval": {"amount": 30, "units": "calendarDays"},
                   "quoteItemPrice": [
                     {"name": "Monthly", "priceType": "recurring", "recurringChargePeriod": "month",
                      "price": {"taxRate": 16.5, "dutyFreeAmount": {"unit": "EUR", "value": 1234567.89}, "taxIncludedAmount": {"unit": "EUR", "value": 1438271.19}}},
                     {"name": "Installation", "priceType": "nonRecurring", "price": {"dutyFreeAmount": {"unit": "EUR", "value": 500.01}}}]}]}
                """)
        #expect(try Self.roundTrip(quote, as: SonataQuote.Components.Schemas.Quote.self) == quote)
    }

    @Test func orderWithAFullPayloadAndAFieldedAddress() throws {
        guard case .object(var order) = try Self.example("uc6-product-order-basic-internet-access.json"),
            case .array(var items) = order["productOrderItem"], case .object(var item) = items[0],
            case .object(var product) = item["product"], case .object(var billing) = item["billingAccount"]
        else { throw TestFailure("unexpected example shape") }
        product["place"] = [Self.fieldedAddress]
        item["product"] = .object(product)
        billing["billingContact"] = nil  // not in MEFBillingAccountRef (mef-sonata-digest.md section 12)
        item["billingAccount"] = .object(billing)
        item["quoteItem"] = ["quoteId": "Q-1", "id": "item-1"]
        items[0] = .object(item)
        order["productOrderItem"] = .array(items)
        let original = JSONValue.object(order)
        #expect(try Self.roundTrip(original, as: SonataOrder.Components.Schemas.ProductOrder_Create.self) == original)
    }

    @Test func addressValidationWithAFieldedAddress() throws {
        var address = Self.fieldedAddress.objectValue!
        address["role"] = nil
        address["id"] = "A-1"
        address["allowsNewSite"] = true
        let validation: JSONValue = [
            "provideAlternative": true, "validationResult": "success", "submittedGeographicAddress": .object(address),
            "bestMatchGeographicAddress": .object(address), "alternateGeographicAddress": [],
        ]
        #expect(
            try Self.roundTrip(validation, as: SonataAddress.Components.Schemas.GeographicAddressValidation.self)
                == validation)
    }

    @Test func blackhailsPayloadsGoThroughTheGeneratedTypesUnchanged() throws {
        let site = try #require(try TestEnvironment.exampleSites().first { $0.product == .advanced })
        for component in ProductConfigurationBuilder.components(site: site, bandwidth: site.bandwidths[0], lineId: "L")
        {
            guard case .object(var members) = component.configuration, let urn = members["@type"]?.stringValue else {
                throw TestFailure("a configuration without @type")
            }
            members["@type"] = nil
            let generated = SonataPOQ.Components.Schemas.MEFProductConfiguration(
                _commat_type: urn, additionalProperties: try members.openAPIContainer())
            let decoded = try JSONDecoder().decode(
                SonataPOQ.Components.Schemas.MEFProductConfiguration.self, from: JSONEncoder().encode(generated))
            var back = try JSONValue(decoded.additionalProperties)
            if case .object(var object) = back {
                object["@type"] = .string(decoded._commat_type)
                back = .object(object)
            }
            #expect(back == component.configuration)
        }
    }
}
