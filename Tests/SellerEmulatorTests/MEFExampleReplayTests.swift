import BlackHailCore
import Foundation
import OpenAPIAsyncHTTPClient
import OpenAPIRuntime
import SellerEmulator
import SonataAddress
import SonataOrder
import SonataPOQ
import SonataQuote
import TestSupport
import Testing

/// Every MEF 139 example request, sent over HTTP with the clients generated from the official specs: the
/// emulator must answer 2xx with a body that decodes as the spec's response type.
@Suite(.enabled(if: TestEnvironment.hasMEFExamples, "../shared/mef/examples is not present"))
struct MEFExampleReplayTests {
    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let text = try decoder.singleValueContainer().decode(String.self)
            guard let date = MEFDateTime.date(from: text) else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: text))
            }
            return date
        }
        return decoder
    }()

    /// RFC 3339 dates with or without fractional seconds, as sellers send them: the generated clients' default
    /// refuses a fraction, which the emulator gives in completion dates.
    struct MEFDateTranscoder: DateTranscoder {
        func encode(_ date: Date) throws -> String { MEFDateTime.string(from: date) }

        func decode(_ text: String) throws -> Date {
            guard let date = MEFDateTime.date(from: text) else {
                throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: text))
            }
            return date
        }
    }

    static let configuration = Configuration(dateTranscoder: MEFDateTranscoder())

    static func example<T: Decodable>(_ name: String, as type: T.Type) throws -> T {
        let data = try Data(contentsOf: TestEnvironment.mefExamples.appendingPathComponent(name))
        return try decoder.decode(T.self, from: data)
    }

    static let poqExamples = [
        "uc2-poq-basic-internet-access.json", "uc3-poq-advanced-internet-access.json",
        "uc4-poq-exclusive-advanced-internet-access.json", "uc7-poq-advanced-internet-access-bandwidth-change.json",
    ]
    static let quoteExamples = ["uc5-quote-basic-internet-access.json", "uc8-quote-basic-internet-access-delete.json"]
    static let orderExamples = [
        "uc6-product-order-basic-internet-access.json", "uc9-product-order-advanced-internet-access-delete.json",
        "uc10-product-order-exclusive-advanced-internet-access-delete.json",
    ]

    /// Every example request file is replayed by one of the tests below.
    @Test func everyExampleRequestIsCovered() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: TestEnvironment.mefExamples.path)
            .filter { $0.hasPrefix("uc") && !$0.contains("response") }
        let replayed = Set(
            Self.poqExamples + Self.quoteExamples + Self.orderExamples + ["uc1-address-validation-request.json"])
        #expect(Set(files) == replayed)
    }

    @Test(arguments: poqExamples)
    func poqExample(_ name: String) async throws {
        let request = try Self.example(name, as: SonataPOQ.Components.Schemas.ProductOfferingQualification_Create.self)
        try await withSeller { url in
            let client = SonataPOQ.Client(
                serverURL: url(.poq), configuration: Self.configuration, transport: AsyncHTTPClientTransport())
            let response = try await client.createProductOfferingQualification(
                body: .application_json_charset_utf_hyphen_8(request))
            let poq = try response.created.body.application_json_charset_utf_hyphen_8
            #expect(!poq.value2.id.isEmpty)
            #expect(
                poq.value2.productOfferingQualificationItem.count
                    == request.value2.productOfferingQualificationItem.count)
            // The buyer's configuration is echoed unchanged.
            #expect(
                poq.value2.productOfferingQualificationItem.map(\.value1.product.productConfiguration)
                    == request.value2.productOfferingQualificationItem.map(\.value1.product.productConfiguration))
        }
    }

    @Test(arguments: quoteExamples)
    func quoteExample(_ name: String) async throws {
        let request = try Self.example(name, as: SonataQuote.Components.Schemas.Quote_Create.self)
        try await withSeller { url in
            let client = SonataQuote.Client(
                serverURL: url(.quote), configuration: Self.configuration, transport: AsyncHTTPClientTransport())
            let response = try await client.createQuote(body: .application_json_charset_utf_hyphen_8(request))
            let quote = try response.created.body.application_json_charset_utf_hyphen_8
            #expect(!quote.value2.id.isEmpty)
            #expect(quote.value2.quoteItem.count == request.value2.quoteItem.count)
        }
    }

    @Test(arguments: orderExamples)
    func orderExample(_ name: String) async throws {
        let request = try Self.example(name, as: SonataOrder.Components.Schemas.ProductOrder_Create.self)
        try await withSeller { url in
            let client = SonataOrder.Client(
                serverURL: url(.order), configuration: Self.configuration, transport: AsyncHTTPClientTransport())
            let response = try await client.createProductOrder(body: .application_json_charset_utf_hyphen_8(request))
            let order = try response.created.body.application_json_charset_utf_hyphen_8
            #expect(order.value2.state == .acknowledged)
            #expect(order.value2.productOrderItem.count == request.value2.productOrderItem.count)
        }
    }

    @Test func addressValidationExample() async throws {
        let request = try Self.example(
            "uc1-address-validation-request.json",
            as: SonataAddress.Components.Schemas.GeographicAddressValidation_Create.self)
        try await withSeller { url in
            let client = SonataAddress.Client(
                serverURL: url(.address), configuration: Self.configuration, transport: AsyncHTTPClientTransport())
            let response = try await client.createGeographicAddressValidation(
                body: .application_json_charset_utf_hyphen_8(request))
            let validation = try response.ok.body.application_json_charset_utf_hyphen_8
            // Budapest is outside Northwind's footprint: a 200 with no match (MEF 121 R18).
            #expect(validation.validationResult == .fail)
            #expect(validation.bestMatchGeographicAddress == nil)
        }
    }

    private func withSeller(_ body: @Sendable (@Sendable (SonataAPI) -> URL) async throws -> Void) async throws {
        let profile = try TestEnvironment.quietSeller("northwind")
        try await SellerEmulator(profiles: [profile]).run { running in
            let base = running.baseURL(for: profile.id)
            try await body { api in URL(string: base + profile.sonata.path(for: api))! }
        }
    }
}
