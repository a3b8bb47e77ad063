import BlackHailCore
import Foundation
import JSONCore
import MEF139
import Testing

/// The MEF 139 configurations blackhail builds validate against the official schemas, for every product and
/// every variation the site list allows.
@Suite struct ProductConfigurationTests {
    static let validator: PayloadValidator = {
        do { return try PayloadValidator.bundled() } catch {
            fatalError("the bundled MEF 139 schemas do not load: \(error)")
        }
    }()

    static func sites() throws -> [Site] {
        var root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: root.appendingPathComponent("Package.swift").path) {
            root.deleteLastPathComponent()
        }
        return try SiteListReader.read(contentsOf: root.appendingPathComponent("examples/sites.csv")).sites
    }

    @Test func everyExampleSiteBuildsValidConfigurations() throws {
        let plan = QuotePlan(sites: try Self.sites(), validator: Self.validator)
        #expect(plan.rejected.isEmpty)
        var products: Set<String> = []
        for line in plan.lines {
            for component in line.components {
                let issues = Self.validator.validate(component.configuration)
                #expect(issues.isEmpty, "\(component.itemId): \(issues.map { "\($0.pointer): \($0.message)" })")
                products.insert(component.configuration["@type"]?.stringValue ?? "")
            }
        }
        // All six MEF 139 product types are exercised.
        #expect(products.count == 6)
    }

    @Test func planningStopsAtTheRunDeadline() throws {
        let sites = try Self.sites()
        let late = QuotePlan(sites: sites, validator: Self.validator, until: .now)
        #expect(late.plannedSites == 0)
        #expect(late.lines.isEmpty && late.addressValidations.isEmpty)
        #expect(late.sites.count == sites.count)
        let inTime = QuotePlan(sites: sites, validator: Self.validator, until: .now + .seconds(3_600))
        #expect(inTime.plannedSites == sites.count)
        #expect(inTime.addressValidations.count == Set(sites.map(\.id)).count)
    }

    @Test(arguments: [InternetAccessProduct.basic, .advanced, .exclusive])
    func extremeValuesStillValidate(product: InternetAccessProduct) throws {
        var site = try #require(try Self.sites().first)
        site.product = product
        site.ipv4PrefixLength = 31
        site.ipv6PrefixLength = 0
        site.minSlaUptime = 100
        site.id = String(repeating: "Ü-site/with spaces", count: 5)
        for bandwidth in [Bandwidth(symmetric: 1), Bandwidth(downstream: 1_500_000, upstream: 100_000_000_000)] {
            site.bandwidths = [bandwidth]
            for component in ProductConfigurationBuilder.components(site: site, bandwidth: bandwidth, lineId: "x") {
                let issues = Self.validator.validate(component.configuration)
                #expect(issues.isEmpty, "\(component.itemId): \(issues.map { "\($0.pointer): \($0.message)" })")
            }
        }
    }
}
