import Foundation
import JSONCore
import MEF139
import Testing

/// Loads a JSON fixture from `Tests/MEF139Tests/Fixtures`.
func fixture(_ name: String) throws -> JSONValue {
    let url = try #require(Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil))
    return try JSONValue(parsing: try Data(contentsOf: url))
}

/// Returns `value` with the value at `pointer` replaced.
func replacing(_ pointer: String, in value: JSONValue, with replacement: JSONValue) throws -> JSONValue {
    let tokens = try #require(JSONPointer(pointer)).tokens
    func edit(_ current: JSONValue, _ remaining: ArraySlice<String>) throws -> JSONValue {
        guard let token = remaining.first else { return replacement }
        switch current {
        case .object(var object):
            object[token] = try edit(try #require(object[token]), remaining.dropFirst())
            return .object(object)
        case .array(var elements):
            let index = try #require(Int(token))
            elements[index] = try edit(elements[index], remaining.dropFirst())
            return .array(elements)
        default:
            throw FixtureEditError.notAContainer(pointer)
        }
    }
    return try edit(value, tokens[...])
}

enum FixtureEditError: Error {
    case notAContainer(String)
}

@Suite("PayloadValidator on the bundled MEF 139 schemas")
struct PayloadValidatorTests {
    @Test func bundledSchemasCoverTheSixProductsAndEveryKeyword() throws {
        let validator = try TestResources.validator()
        #expect(
            validator.productTypes == [
                "urn:mef:lso:spec:cantata-sonata:advanced-internet-access-ipvc:v1.0.0:all",
                "urn:mef:lso:spec:cantata-sonata:basic-internet-access:v1.0.0:all",
                "urn:mef:lso:spec:cantata-sonata:ethernet-uni-access-link-trunk:v1.0.0:all",
                "urn:mef:lso:spec:cantata-sonata:exclusive-advanced-internet-access:v1.0.0:all",
                "urn:mef:lso:spec:cantata-sonata:ip-uni-access-link:v1.0.0:all",
                "urn:mef:lso:spec:cantata-sonata:ip-uni:v1.0.0:all",
            ])
        // A keyword the compiler neither checks nor knows as an annotation would be silently
        // ignored; an updated schema that introduces one must fail here.
        #expect(validator.unknownKeywords.isEmpty)
    }

    @Test func bundledSchemasLoadFromAnyWorkingDirectory() throws {
        let original = FileManager.default.currentDirectoryPath
        defer { FileManager.default.changeCurrentDirectoryPath(original) }
        #expect(FileManager.default.changeCurrentDirectoryPath("/"))
        let root = try #require(PayloadValidator.bundledSchemaRoot)
        let validator = try PayloadValidator(schemaRoot: root)
        #expect(validator.productTypes.count == 6)
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("common/ipCommon.yaml").path))
    }

    @Test func theDigestsBasicInternetAccessExampleIsValid() throws {
        let validator = try TestResources.validator()
        let configuration = try fixture("basic-internet-access.json")
        #expect(validator.validate(configuration) == [])
        #expect(validator.isValid(configuration))
    }

    @Test func messagesReadLikeAnEngineerWouldSayThem() throws {
        let validator = try TestResources.validator()
        var configuration = try fixture("basic-internet-access.json")
        configuration = try replacing("/ipvc/mtu", in: configuration, with: 500)
        let envelope = try #require(configuration[pointer: "/ipUni/ingressBandwidthProfileEnvelope/0"])
        configuration = try replacing("/ipUni/ingressBandwidthProfileEnvelope", in: configuration, with: envelope)
        let addressing: JSONValue = [
            ["ipv4PrimarySubnet": ["ipv4Prefix": ["ipv4Address": "300.1.1.1", "prefixLength": 29]]]
        ]
        configuration = try replacing("/ipUniAccessLink/ipv4ConnectionAddressing", in: configuration, with: addressing)

        let issues = validator.validate(configuration)
        #expect(
            issues.map(\.message) == [
                "ipvc.mtu must be at least 576, got 500",
                "ipUni.ingressBandwidthProfileEnvelope must be a list of at most 1 item, got an object",
                "ipUniAccessLink.ipv4ConnectionAddressing[0].ipv4PrimarySubnet.ipv4Prefix.ipv4Address "
                    + "'300.1.1.1' is not an IPv4 address",
            ])
        #expect(
            issues.map(\.pointer) == [
                "/ipvc/mtu", "/ipUni/ingressBandwidthProfileEnvelope",
                "/ipUniAccessLink/ipv4ConnectionAddressing/0/ipv4PrimarySubnet/ipv4Prefix/ipv4Address",
            ])
        #expect(issues.map(\.kind) == [.minimum, .type, .format])
        #expect(issues[0].description == "/ipvc/mtu: ipvc.mtu must be at least 576, got 500")
    }

    @Test func longValueListsAreCutToExamples() throws {
        let validator = try TestResources.validator()
        let pointer = "/ipUniAccessLinkTrunk/ethernetPhysicalLink/0/physicalLayer"
        let configuration = try replacing(pointer, in: try fixture("basic-internet-access.json"), with: "1000BASE_XX")
        let issues = validator.validate(configuration)
        #expect(issues.map(\.pointer) == [pointer])
        let message = try #require(issues.first?.message)
        #expect(message.hasPrefix("ipUniAccessLinkTrunk.ethernetPhysicalLink[0].physicalLayer must be one of "))
        #expect(message.contains(" allowed values such as '"))
        #expect(message.hasSuffix(", got '1000BASE_XX'"))
    }

    @Test func missingRequiredComponentIsReportedAtTheConfiguration() throws {
        let validator = try TestResources.validator()
        guard case .object(var object) = try fixture("basic-internet-access.json") else {
            Issue.record("fixture is not an object")
            return
        }
        object["ipUni"] = nil
        let issues = validator.validate(.object(object))
        #expect(issues.map(\.pointer) == [""])
        #expect(issues.first?.message == "ipUni is required but missing")
        #expect(issues.first?.kind == .required)
    }

    @Test func exactlyOneOfIsExplainedByName() throws {
        let validator = try TestResources.validator()
        let configuration: JSONValue = [
            "@type": "urn:mef:lso:spec:cantata-sonata:basic-internet-access:v1.0.0:all",
            "ipvc": ["ipvcEndPoint": [:], "reservedPrefixes": [[:]]],
            "ipUni": [:], "ipUniAccessLink": [:], "ipUniAccessLinkTrunk": [:],
        ]
        let issues = validator.validate(configuration)
        #expect(issues.map(\.pointer).contains("/ipvc/reservedPrefixes/0"))
        let message = issues.first { $0.pointer == "/ipvc/reservedPrefixes/0" }?.message
        #expect(message == "ipvc.reservedPrefixes[0] must have exactly one of ipv4Prefix or ipv6Prefix, has none")
    }

    @Test func oneValidatorServesConcurrentTasks() async throws {
        let validator = try TestResources.validator()
        let valid = try fixture("basic-internet-access.json")
        let invalid = try replacing("/ipvc/mtu", in: valid, with: 500)
        let expected = [validator.validate(valid), validator.validate(invalid)]
        let results = await withTaskGroup(of: [[PayloadIssue]].self) { group in
            for _ in 0..<8 {
                group.addTask {
                    (0..<50).map { validator.validate($0.isMultiple(of: 2) ? valid : invalid) }
                }
            }
            var all: [[PayloadIssue]] = []
            for await batch in group { all += batch }
            return all
        }
        #expect(results.count == 400)
        #expect(results.allSatisfy { $0 == expected[0] || $0 == expected[1] })
        #expect(results.filter { $0 == expected[1] }.count == 200)
    }

    @Test func productTypeProblemsAreReportedAtTheType() throws {
        let validator = try TestResources.validator()
        let unknown = validator.validate(["@type": "urn:mef:lso:spec:cantata-sonata:no-such-product:v1.0.0:all"])
        #expect(unknown.map(\.pointer) == ["/@type"])
        #expect(unknown.map(\.kind) == [.unknownProductType])

        let preRelease = validator.validate(
            ["@type": "urn:mef:lso:spec:cantata-sonata:advanced-internet-access-ipvc:v0.2.0:all"])
        #expect(preRelease.map(\.kind) == [.unknownProductType])
        #expect(preRelease.first?.message.contains("advanced-internet-access-ipvc:v1.0.0:all") == true)

        let missing = validator.validate(["ipvc": [:]])
        #expect(missing.map(\.pointer) == ["/@type"])
        #expect(missing.map(\.kind) == [.missingProductType])

        let notAnObject = validator.validate([1, 2])
        #expect(notAnObject.map(\.pointer) == [""])
        #expect(notAnObject.first?.message == "the product configuration must be an object, got a list of 2 items")
    }
}
