import AsyncHTTPClient
import BlackHailCore
import Foundation
import JSONCore
import Logging
import SellerEmulator
import TestSupport
import Testing

/// The emulator echoes the configuration byte for byte, so the client's echo elision applies (the hot path of
/// reading POQ and quote answers): the echo reads as the configuration sent, without being parsed again.
@Suite struct EchoElisionTests {
    @Test func verbatimEchoesFromASellerAreNotParsed() async throws {
        let profile = try TestEnvironment.quietSeller("northwind")
        let site = try #require(try TestEnvironment.exampleSites().first { $0.id == "US-SFO-01" })
        let configuration = ProductConfigurationBuilder.basicInternetAccess(site: site, bandwidth: site.bandwidths[0])
        try await SellerEmulator(profiles: [profile]).run { running in
            let resolved = try #require(running.resolvedProfiles.first)
            try await HTTPClient.withHTTPClient { http in
                let client = SonataClient(
                    profile: resolved, http: http, globalLimit: ConcurrencyLimit(4), logger: Logger(label: "test"))
                var splice = JSONSplice()
                let document: JSONValue = [
                    "instantSyncQualification": true,
                    "relatedContactInformation": [
                        ["role": "buyerContactInformation", "name": "A", "emailAddress": "a@b.example", "number": "1"]
                    ],
                    "productOfferingQualificationItem": [
                        [
                            "id": "1", "action": "add",
                            "product": [
                                "productOffering": ["id": "NWF-BIA-0001"],
                                "place": [
                                    [
                                        "@type": "FieldedAddress", "role": "INSTALL_LOCATION", "streetName": "Market",
                                        "city": "San Francisco", "country": "US",
                                    ]
                                ],
                                "productConfiguration": splice.embed(
                                    configuration, encoded: configuration.serializedBytes()),
                            ],
                        ]
                    ],
                ]
                let reply = try await client.send(
                    SonataOperation(.createProductOfferingQualification),
                    body: SplicedBody(document, splice: splice))
                #expect(reply.status == 201)
                let echoed = reply.body[pointer: "/productOfferingQualificationItem/0/product/productConfiguration"]
                // The very value sent (its storage, not a parsed copy), as a verbatim echo reads.
                #expect(echoed?.objectValue?.storageIdentity == configuration.objectValue?.storageIdentity)
                #expect(echoed == configuration)
            }
        }
    }
}
