import Foundation
import JSONCore
import MEF139
import Testing

@Suite("drift normaliser")
struct NormaliserTests {
    private let cloudService = "/ipvc/serviceLevelSpecification/0/locationList"

    @Test func objectWhereAListBelongsIsWrappedWithAWarning() throws {
        let validator = try TestResources.validator()
        let valid = try fixture("basic-internet-access.json")
        let envelope = try #require(valid[pointer: "/ipUni/ingressBandwidthProfileEnvelope/0"])
        let drifted = try replacing("/ipUni/ingressBandwidthProfileEnvelope", in: valid, with: envelope)

        // Strict validation reports the drift as an error...
        #expect(validator.validate(drifted).map(\.pointer) == ["/ipUni/ingressBandwidthProfileEnvelope"])
        // ...the normaliser rewrites it back to the schema's form and says so once.
        let (normalised, drifts) = validator.normalise(drifted)
        #expect(normalised == valid)
        #expect(drifts.map(\.kind) == [.objectWrappedInList])
        #expect(drifts.map(\.pointer) == ["/ipUni/ingressBandwidthProfileEnvelope"])
        #expect(
            drifts.first?.message
                == "ipUni.ingressBandwidthProfileEnvelope is an object where the schema expects a list; "
                + "read as a one-item list"
        )
        #expect(validator.validate(normalised) == [])
    }

    @Test func objectInsideAListItemIsWrappedToo() throws {
        let validator = try TestResources.validator()
        let configuration: JSONValue = [
            "@type": "urn:mef:lso:spec:cantata-sonata:ip-uni-access-link:v1.0.0:all",
            "ipv6ConnectionAddressing": [
                [
                    "ipv6AddressingType": "STATIC",
                    "ipv6Subnet": ["ipv6Prefix": ["ipv6Address": "2001:db8::", "prefixLength": 64]],
                ]
            ],
        ]
        let (normalised, drifts) = validator.normalise(configuration)
        #expect(drifts.map(\.pointer) == ["/ipv6ConnectionAddressing/0/ipv6Subnet"])
        #expect(normalised[pointer: "/ipv6ConnectionAddressing/0/ipv6Subnet/0/ipv6Prefix/prefixLength"] == 64)
    }

    @Test(arguments: ["true", "false", "TRUE"])
    func stringWhereABooleanBelongsIsReadAsTheBoolean(text: String) throws {
        let validator = try TestResources.validator()
        let location: JSONValue = [["name": "Budapest", "cloudService": .string(text)]]
        let configuration = try replacing(
            "/ipvc/serviceLevelSpecification/0/locationList", in: try locationReady(), with: location)
        #expect(validator.validate(configuration).map(\.pointer) == ["\(cloudService)/0/cloudService"])

        let (normalised, drifts) = validator.normalise(configuration)
        #expect(drifts.map(\.kind) == [.stringReadAsBoolean])
        #expect(drifts.map(\.pointer) == ["\(cloudService)/0/cloudService"])
        #expect(normalised[pointer: "\(cloudService)/0/cloudService"] == .bool(text.lowercased() == "true"))
        #expect(validator.validate(normalised) == [])
    }

    @Test func otherStringsWhereABooleanBelongsAreLeftForValidation() throws {
        let validator = try TestResources.validator()
        let location: JSONValue = [["cloudService": "yes"]]
        let configuration = try replacing(cloudService, in: try locationReady(), with: location)
        let (normalised, drifts) = validator.normalise(configuration)
        #expect(drifts.isEmpty)
        #expect(normalised == configuration)
    }

    @Test func preReleaseProductTypeIsRewrittenToTheReleasedSchema() throws {
        let validator = try TestResources.validator()
        let configuration: JSONValue = [
            "@type": "urn:mef:lso:spec:cantata-sonata:basic-internet-access:v0.2.0:all"
        ]
        #expect(validator.validate(configuration).map(\.kind) == [.unknownProductType])
        let (normalised, drifts) = validator.normalise(configuration)
        #expect(normalised["@type"] == "urn:mef:lso:spec:cantata-sonata:basic-internet-access:v1.0.0:all")
        #expect(drifts.map(\.kind) == [.productTypeVersionRewritten])
        #expect(drifts.map(\.pointer) == ["/@type"])
        // Now the real schema applies.
        #expect(validator.validate(normalised).map(\.kind) == [.required, .required, .required, .required])
    }

    @Test func unknownProductTypeIsReportedNotFatal() throws {
        let validator = try TestResources.validator()
        let configuration: JSONValue = ["@type": "urn:mef:lso:spec:cantata-sonata:no-such-product:v1.0.0:all", "x": 1]
        let (normalised, drifts) = validator.normalise(configuration)
        #expect(normalised == configuration)
        #expect(drifts.map(\.kind) == [.unknownProductType])
        let lenient = validator.validateLeniently(configuration)
        #expect(lenient.issues.map(\.kind) == [.unknownProductType])
        // A released version that differs (v2) is not guessed at either.
        let future: JSONValue = ["@type": "urn:mef:lso:spec:cantata-sonata:ip-uni:v2.0.0:all"]
        #expect(validator.normalise(future).1.map(\.kind) == [.unknownProductType])
    }

    @Test func validPayloadsComeBackUnchanged() throws {
        let validator = try TestResources.validator()
        let valid = try fixture("basic-internet-access.json")
        let (normalised, drifts) = validator.normalise(valid)
        #expect(drifts.isEmpty)
        #expect(normalised.serialized() == valid.serialized())
    }

    @Test(
        "the MEF examples' drift (digest section 12) is fixed",
        .enabled(
            if: TestResources.example("uc2-poq-basic-internet-access.json") != nil, "shared/mef/examples not found"))
    func mefExamples() throws {
        let validator = try TestResources.validator()
        for name in [
            "uc2-poq-basic-internet-access.json", "uc3-poq-advanced-internet-access.json",
            "uc4-poq-exclusive-advanced-internet-access.json", "uc5-quote-basic-internet-access.json",
            "uc6-product-order-basic-internet-access.json",
        ] {
            let document = try JSONValue(parsing: try Data(contentsOf: try #require(TestResources.example(name))))
            let report = validator.checkDocument(document)
            #expect(!report.isValid, "\(name) has known drift")
            for pointer in report.configurations {
                let configuration = try #require(document[pointer: pointer])
                let lenient = validator.validateLeniently(configuration)
                #expect(lenient.issues == [], "\(name) \(pointer): \(lenient.issues)")
            }
        }
    }

    /// The digest's configuration with one SLS location list slot.
    private func locationReady() throws -> JSONValue {
        try replacing(cloudService, in: try fixture("basic-internet-access.json").withLocationList(), with: [])
    }
}

extension JSONValue {
    /// Adds an empty `locationList` to the first SLS entry so tests can replace it.
    fileprivate func withLocationList() throws -> JSONValue {
        let path = "/ipvc/serviceLevelSpecification/0"
        guard case .object(var sls) = try #require(self[pointer: path]) else { return self }
        sls["locationList"] = []
        return try replacing(path, in: self, with: .object(sls))
    }
}
