import AsyncHTTPClient
import BlackHailCore
import Foundation
import JSONCore
import NIOCore
import NIOHTTP1
import SellerEmulator
import TestSupport
import Testing

/// The emulator over real HTTP on 127.0.0.1: deferred state machines, MEF error bodies, auth, faults.
@Suite struct EmulatorHTTPTests {
    /// A raw JSON exchange with a running emulator.
    struct Exchange {
        var status: Int
        var headers: [String: String]
        var body: JSONValue
    }

    static func send(
        _ method: HTTPMethod, _ url: String, body: String? = nil, headers: [(String, String)] = []
    ) async throws -> Exchange {
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "Content-Type", value: "application/json")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let bytes = try await response.body.collect(upTo: 16 * 1024 * 1024)
        let json = bytes.readableBytes == 0 ? JSONValue.null : try JSONValue(parsing: bytes.readableBytesView)
        var fields: [String: String] = [:]
        for header in response.headers { fields[header.name.lowercased()] = header.value }
        return Exchange(status: Int(response.status.code), headers: fields, body: json)
    }

    static let londonAddress = """
        {"provideAlternative": true, "submittedGeographicAddress": {"@type": "FieldedAddress", "streetNr": "10",
         "streetName": "Downing", "streetType": "Street", "city": "London", "postcode": "SW1A 2AA", "country": "GB"}}
        """

    static func poq(addressId: String, offering: String, sync: Bool) -> String {
        """
        {"instantSyncQualification": \(sync), "provideAlternative": false, "requestedPOQCompletionDate": "2030-01-01T00:00:00Z",
         "relatedContactInformation": [{"role": "buyerContactInformation", "name": "A Buyer", "emailAddress": "a@buyer.example", "number": "+1 555 0100"}],
         "productOfferingQualificationItem": [{"id": "item-1", "action": "add", "product": {
           "productOffering": {"id": "\(offering)"},
           "place": [{"@type": "GeographicAddressRef", "id": "\(addressId)", "role": "INSTALL_LOCATION"}],
           "productConfiguration": {"@type": "urn:mef:lso:spec:cantata-sonata:basic-internet-access:v1.0.0:all",
             "ipUni": {"ingressBandwidthProfileEnvelope": [{"maxIr": {"irValue": 100, "irUnits": "MBPS"}}]}}}}]}
        """
    }

    @Test func deferredQualificationAndQuoteWalkToCompletionByPolling() async throws {
        // A seller's deferral as long as a real one's: the emulator's clock is moved by hand, nothing waits.
        var albion = try TestEnvironment.quietSeller("albion") { $0.deferredSeconds = 30 }
        albion.auth = .none  // this test is about deferral; authentication has its own tests
        let profile = albion
        // Half past a second, so that a completion date in whole seconds would read early.
        let clock = ManualClock(Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down) + 0.5))
        try await SellerEmulator(profiles: [profile], now: clock.read).run { running in
            let base = running.baseURL(for: "albion")
            let address = try await Self.send(
                .POST, base + profile.sonata.path(for: .address) + "/geographicAddressValidation",
                body: Self.londonAddress)
            #expect(address.status == 200)
            #expect(address.body["validationResult"] == "success")
            let addressId = try #require(address.body["bestMatchGeographicAddress"]?["id"]?.stringValue)

            let poqURL = base + profile.sonata.path(for: .poq) + "/productOfferingQualification"
            let created = try await Self.send(
                .POST, poqURL, body: Self.poq(addressId: addressId, offering: "ALB-IA-BASIC", sync: false))
            #expect(created.status == 201)
            #expect(created.body["state"] == "acknowledged")
            // To the millisecond: a buyer that polls at the expected date finds the work done.
            let completion = try #require(
                created.body["expectedPOQCompletionDate"]?.stringValue.flatMap(MEFDateTime.date(from:)))
            #expect(abs(completion.timeIntervalSince(clock.now.addingTimeInterval(30))) < 0.001)
            let poqId = try #require(created.body["id"]?.stringValue)

            let working = try await Self.send(.GET, "\(poqURL)/\(poqId)").body
            #expect(working["state"] == "inProgress")
            #expect(working["productOfferingQualificationItem"]?[0]?["state"] == "inProgress")
            clock.advance(by: 29)
            #expect(try await Self.send(.GET, "\(poqURL)/\(poqId)").body["state"] == "inProgress")
            clock.advance(by: 1)
            let poq = try await Self.send(.GET, "\(poqURL)/\(poqId)").body
            #expect(poq["state"] == "done.ready")
            let item = try #require(poq["productOfferingQualificationItem"]?[0])
            #expect(item["state"] == "done.ready")
            #expect(["green", "yellow"].contains(item["serviceabilityConfidence"]?.stringValue))
            #expect(item["installationInterval"]?["units"] != nil)

            let quoteURL = base + profile.sonata.path(for: .quote) + "/quote"
            let quoteBody = """
                {"buyerRequestedQuoteLevel": "firm", "instantSyncQuote": false, "requestedQuoteCompletionDate": "2030-01-01T00:00:00Z",
                 "quoteItem": [{"id": "q-1", "action": "add",
                   "productOfferingQualificationItem": {"productOfferingQualificationId": "\(poqId)", "id": "item-1"},
                   "requestedQuoteItemTerm": {"name": "36 months", "duration": {"amount": 36, "units": "calendarMonths"}, "endOfTermAction": "autoRenew"}}]}
                """
            let quoteCreated = try await Self.send(.POST, quoteURL, body: quoteBody)
            #expect(quoteCreated.status == 201)
            #expect(quoteCreated.body["state"] == "acknowledged")
            let quoteId = try #require(quoteCreated.body["id"]?.stringValue)
            #expect(try await Self.send(.GET, "\(quoteURL)/\(quoteId)").body["state"] == "inProgress")
            clock.advance(by: 30)
            let quote = try await Self.send(.GET, "\(quoteURL)/\(quoteId)").body
            #expect(quote["state"] == "approved.orderable")
            let quoteItem = try #require(quote["quoteItem"]?[0])
            #expect(quoteItem["quoteItemTerm"]?[0]?["duration"]?["amount"] == 36)
            let prices = try #require(quoteItem["quoteItemPrice"]?.arrayValue)
            let monthly = try #require(prices.first { $0["priceType"] == "recurring" })
            // Albion's 100 Mbit/s, 36 month line in sellers/albion.yaml.
            let expected = try #require(profile.emulate?.priceBook.first { $0.mbps == 100 && $0.termMonths == 36 })
            #expect(
                monthly["price"]?["dutyFreeAmount"]?["value"]?.doubleValue
                    == NSDecimalNumber(decimal: expected.mrc).doubleValue)
            #expect(monthly["price"]?["dutyFreeAmount"]?["unit"] == "GBP")
            #expect(quote["validFor"]?["endDateTime"]?.stringValue != nil)

            let listed = try await Self.send(.GET, "\(poqURL)?state=done.ready&limit=1")
            #expect(listed.headers["x-total-count"] == "1")
            #expect(listed.body[0]?["id"]?.stringValue == poqId)
        }
    }

    @Test func malformedJSONIsA400WithAnInvalidBodyError() async throws {
        try await withNorthwind { base, profile in
            let response = try await Self.send(
                .POST, base + profile.sonata.path(for: .poq) + "/productOfferingQualification",
                body: "{\"productOfferingQualificationItem\": [")
            #expect(response.status == 400)
            #expect(response.body["code"] == "invalidBody")
            #expect(response.body["reason"]?.stringValue?.isEmpty == false)
        }
    }

    @Test func missingRequiredFieldsAreA422ArrayWithPropertyPaths() async throws {
        try await withNorthwind { base, profile in
            let response = try await Self.send(
                .POST, base + profile.sonata.path(for: .quote) + "/quote",
                body: #"{"instantSyncQuote": true, "quoteItem": [{"action": "add"}]}"#)
            #expect(response.status == 422)
            let problems = try #require(response.body.arrayValue)
            let paths = Set(problems.compactMap { $0["propertyPath"]?.stringValue })
            #expect(paths == ["/buyerRequestedQuoteLevel", "/quoteItem/0/id"])
            #expect(problems.allSatisfy { $0["code"] == "missingProperty" })
        }
    }

    @Test func unknownIdsAreA404NotFound() async throws {
        try await withNorthwind { base, profile in
            for path in [
                profile.sonata.path(for: .poq) + "/productOfferingQualification/nope",
                profile.sonata.path(for: .quote) + "/quote/nope",
                profile.sonata.path(for: .order) + "/productOrder/nope",
                profile.sonata.path(for: .address) + "/geographicAddress/nope",
            ] {
                let response = try await Self.send(.GET, base + path)
                #expect(response.status == 404, "\(path)")
                #expect(response.body["code"] == "notFound")
            }
        }
    }

    @Test func aSellerThatRequiresAuthRefusesAnonymousRequests() async throws {
        var secured = try TestEnvironment.quietSeller("northwind")
        secured.auth = .bearer(token: .environment("UNUSED"))
        let profile = secured
        try await SellerEmulator(profiles: [profile], credentials: [profile.id: .staticToken("token")]).run { running in
            let url =
                running.baseURL(for: profile.id) + profile.sonata.path(for: .poq) + "/productOfferingQualification"
            let anonymous = try await Self.send(.GET, url)
            #expect(anonymous.status == 401)
            #expect(anonymous.body["code"] == "missingCredentials")
            let wrong = try await Self.send(.GET, url, headers: [("Authorization", "Bearer guess")])
            #expect(wrong.status == 401)
            #expect(wrong.body["code"] == "invalidCredentials")
            let authorised = try await Self.send(.GET, url, headers: [("Authorization", "Bearer token")])
            #expect(authorised.status == 200)
        }
    }

    @Test func theFlakySellerThrottlesWithRetryAfterAndFails() async throws {
        let profile = try TestEnvironment.quietSeller("tempest") {
            $0.faults = FaultRates(serverErrorRate: 0.3, throttleRate: 0.3, retryAfterSeconds: 2)
        }
        try await SellerEmulator(profiles: [profile]).run { running in
            let url =
                running.baseURL(for: profile.id) + profile.sonata.path(for: .poq) + "/productOfferingQualification"
            var statuses: [Int: Int] = [:]
            for _ in 0..<60 {
                let response = try await Self.send(.GET, url)
                statuses[response.status, default: 0] += 1
                if response.status == 429 { #expect(response.headers["retry-after"] == "2") }
            }
            #expect(statuses[429, default: 0] > 0)
            #expect(statuses[503, default: 0] > 0)
            #expect(statuses[200, default: 0] > 0)
            #expect(running.statistics.requests(seller: profile.id)["listProductOfferingQualification"] == 60)
        }
    }

    @Test func aStrictSellerRejectsAnInvalidConfigurationNamingThePropertyPath() async throws {
        let profile = try TestEnvironment.quietSeller("northwind") { $0.strictPayload = true }
        try await SellerEmulator(profiles: [profile]).run { running in
            let url =
                running.baseURL(for: profile.id) + profile.sonata.path(for: .poq) + "/productOfferingQualification"
            let body = Self.poq(addressId: "unknown", offering: "NWF-BIA-0001", sync: true)
            let response = try await Self.send(.POST, url, body: body)
            #expect(response.status == 422)
            let paths = Set((response.body.arrayValue ?? []).compactMap { $0["propertyPath"]?.stringValue })
            // The test payload lacks ipvc, ipUniAccessLink and ipUniAccessLinkTrunk, all required by MEF 139.
            #expect(paths.contains("/productOfferingQualificationItem/0/product/productConfiguration"))
            let lenient = try TestEnvironment.quietSeller("northwind")
            #expect(lenient.emulate?.strictPayload == false)
        }
    }

    @Test func theDriftSellerAnswersWithDrift() async throws {
        let profile = try TestEnvironment.quietSeller("cascadia")
        try await SellerEmulator(profiles: [profile]).run { running in
            let base = running.baseURL(for: profile.id)
            let address = try await Self.send(
                .POST, base + profile.sonata.path(for: .address) + "/geographicAddressValidation",
                body:
                    #"{"provideAlternative": true, "submittedGeographicAddress": {"@type": "FieldedAddress", "streetName": "Market", "city": "San Francisco", "stateOrProvince": "CA", "postcode": "94105", "country": "US"}}"#
            )
            #expect(address.body["provideAlternative"] == "true")
            let addressId = try #require(address.body["bestMatchGeographicAddress"]?["id"]?.stringValue)
            let poq = try await Self.send(
                .POST, base + profile.sonata.path(for: .poq) + "/productOfferingQualification",
                body: Self.poq(addressId: addressId, offering: "CASC-BIA-100", sync: true))
            #expect(poq.body["instantSyncQualification"] == "true")
            let configuration = try #require(
                poq.body["productOfferingQualificationItem"]?[0]?["product"]?["productConfiguration"])
            #expect(configuration["@type"] == "urn:mef:lso:spec:cantata-sonata:basic-internet-access:v0.2.0:all")
            #expect(configuration["ipUni"]?["ingressBandwidthProfileEnvelope"]?.objectValue != nil)
        }
    }

    private func withNorthwind(_ body: @Sendable (String, SellerProfile) async throws -> Void) async throws {
        let profile = try TestEnvironment.quietSeller("northwind")
        try await SellerEmulator(profiles: [profile]).run { running in
            try await body(running.baseURL(for: profile.id), profile)
        }
    }
}
