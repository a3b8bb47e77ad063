import Foundation
import JSONCore
import MEF139
import Testing

@Suite("file checker (blackhail validate FILE)")
struct FileCheckerTests {
    @Test func bareConfiguration() throws {
        let validator = try TestResources.validator()
        let bytes = try fixture("basic-internet-access.json").serializedBytes(pretty: true)
        let report = validator.checkFile(bytes)
        #expect(report.configurations == [""])
        #expect(report.isValid)

        let broken = try replacing("/ipvc/mtu", in: try fixture("basic-internet-access.json"), with: 500)
        let brokenReport = validator.checkFile(broken.serializedBytes())
        #expect(brokenReport.issues.map(\.pointer) == ["/ipvc/mtu"])
    }

    @Test func wholeRequestWithPointersFromTheFileRoot() throws {
        let validator = try TestResources.validator()
        let url = try #require(
            Bundle.module.url(forResource: "Fixtures/poq-basic-internet-access.json", withExtension: nil))
        let report = validator.checkFile(try Data(contentsOf: url))
        let item = "/productOfferingQualificationItem"
        #expect(
            report.configurations == [
                "\(item)/0/product/productConfiguration", "\(item)/1/product/productConfiguration",
            ])
        #expect(
            report.issues.map(\.pointer) == [
                "\(item)/1/product/productConfiguration/ipvc/mtu",
                "\(item)/1/product/productConfiguration/ipUni/ingressBandwidthProfileEnvelope",
                "\(item)/1/product/productConfiguration/ipUniAccessLink/ipv4ConnectionAddressing/0/ipv4PrimarySubnet"
                    + "/ipv4Prefix/ipv4Address",
            ])
        #expect(report.issues.first?.message == "ipvc.mtu must be at least 576, got 500")
    }

    @Test func malformedJSONGivesLineAndColumn() throws {
        let validator = try TestResources.validator()
        let text = "{\n  \"productOfferingQualificationItem\": [\n    {\"id\": \"1\",}\n  ]\n}\n"
        let report = validator.checkFile(Array(text.utf8))
        #expect(report.configurations == [])
        #expect(report.issues.count == 1)
        let issue = try #require(report.issues.first)
        #expect(issue.kind == .malformedJSON)
        #expect(issue.position == TextPosition(line: 3, column: 16, offset: 57))
        #expect(issue.message == "not valid JSON: expected an object key in double quotes, found '}'")
        #expect(issue.description == "3:16: not valid JSON: expected an object key in double quotes, found '}'")
    }

    @Test func fileWithoutConfigurationsHasNothingToReport() throws {
        let validator = try TestResources.validator()
        let report = validator.checkFile(Array(#"{"productOrderItem": [{"action": "delete", "id": "1"}]}"#.utf8))
        #expect(report.configurations == [])
        #expect(report.isValid)
    }

    @Test func configurationThatIsNotAnObject() throws {
        let validator = try TestResources.validator()
        let report = validator.checkFile(
            Array(#"{"quoteItem": [{"product": {"productConfiguration": "basic"}}]}"#.utf8))
        #expect(report.issues.map(\.pointer) == ["/quoteItem/0/product/productConfiguration"])
        #expect(report.issues.map(\.kind) == [.type])
    }

    @Test(
        "the published MEF examples",
        .enabled(
            if: TestResources.example("uc2-poq-basic-internet-access.json") != nil, "shared/mef/examples not found"))
    func mefExamples() throws {
        let validator = try TestResources.validator()
        func check(_ name: String) throws -> PayloadFileReport {
            validator.checkFile(try Data(contentsOf: try #require(TestResources.example(name))))
        }
        let uc2 = try check("uc2-poq-basic-internet-access.json")
        #expect(
            uc2.issues.map(\.pointer) == [
                "/productOfferingQualificationItem/0/product/productConfiguration/ipUni/ingressBandwidthProfileEnvelope"
            ])
        let uc9 = try check("uc9-product-order-advanced-internet-access-delete.json")
        #expect(
            uc9.issues.map(\.pointer) == [
                "/productOrderItem/1/product/productConfiguration/ingressBandwidthProfileEnvelope/0/bwpFlowPerIpvcEp"
            ])
        let uc7 = try check("uc7-poq-advanced-internet-access-bandwidth-change.json")
        #expect(uc7.configurations.count == 1)
        #expect(uc7.isValid)
    }
}
