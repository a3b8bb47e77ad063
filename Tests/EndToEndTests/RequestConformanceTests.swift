import BlackHailCore
import Foundation
import JSONCore
import SellerEmulator
import SonataAddress
import SonataPOQ
import SonataQuote
import TestSupport
import Testing

/// Every body blackhail sends during a quote run decodes as the request type generated from the official MEF
/// specs: required properties present, enums and types as declared.
@Suite struct RequestConformanceTests {
    @Test func everyRequestOfAQuoteRunMatchesTheSpecs() async throws {
        let profiles = try TestEnvironment.demoSellers().map { TestEnvironment.quiet($0) { $0.deferredSeconds = 0.1 } }
        let sites = try TestEnvironment.exampleSites()
        let (_, statistics) = try await QuoteRunTests.run(profiles, sites: sites, recordsBodies: true)
        let bodies = statistics.recordedBodies
        var seen: [String: Int] = [:]
        for recorded in bodies {
            let data = Data(JSONValue.object(recorded.body).serializedBytes())
            let decoder = JSONDecoder()
            switch recorded.operation {
            case "createGeographicAddressValidation":
                let request = try decoder.decode(
                    SonataAddress.Components.Schemas.GeographicAddressValidation_Create.self, from: data)
                #expect(request.provideAlternative)
            case "createProductOfferingQualification":
                let request = try decoder.decode(
                    SonataPOQ.Components.Schemas.ProductOfferingQualification_Create.self, from: data)
                #expect(request.value1.relatedContactInformation.contains { $0.role == "buyerContactInformation" })
                let items = request.value2.productOfferingQualificationItem
                for item in items {
                    // One install location per product; the other components of Advanced IA are linked to it.
                    #expect([nil, 1].contains(item.value1.product.place?.count))
                    #expect(item.value1.product.productConfiguration != nil)
                }
                let linked = Set(
                    items.flatMap { item in
                        (item.value1.qualificationItemRelationship ?? []).flatMap { [item.value1.id, $0.id] }
                    })
                for item in items where item.value1.product.place == nil { #expect(linked.contains(item.value1.id)) }
            case "createQuote":
                let request = try decoder.decode(SonataQuote.Components.Schemas.Quote_Create.self, from: data)
                for item in request.value2.quoteItem {
                    #expect(item.value1.productOfferingQualificationItem != nil)
                    #expect(item.value1.requestedQuoteItemTerm != nil)
                }
            default:
                Issue.record("unexpected operation \(recorded.operation)")
            }
            seen[recorded.operation, default: 0] += 1
        }
        #expect(seen["createGeographicAddressValidation", default: 0] > 0)
        #expect(seen["createProductOfferingQualification", default: 0] > 0)
        #expect(seen["createQuote", default: 0] > 0)
    }
}
