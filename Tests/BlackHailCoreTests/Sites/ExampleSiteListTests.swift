import Foundation
import Testing

@testable import BlackHailCore

@Suite("Example site list")
struct ExampleSiteListTests {
    private func exampleURL() throws -> URL {
        try SiteListTestSupport.packageDirectory().appendingPathComponent("examples/sites.csv")
    }

    @Test("examples/sites.csv reads without problems and uses every column")
    func example() throws {
        let list = try SiteListReader.read(contentsOf: try exampleURL())
        #expect(list.sites.count == 25)
        #expect(
            Set(list.sites.map(\.address.country)).isSuperset(of: ["US", "GB", "DE", "FR", "NL", "IE", "ES", "IT"]))
        #expect(list.sites.contains { $0.diversity == .pair })
        #expect(list.sites.contains { $0.quoteLevel == .budgetary })
        #expect(list.sites.contains { $0.bandwidths.count > 1 })
        #expect(list.sites.contains { $0.termsMonths == [12, 36] })
        #expect(list.sites.contains { !$0.bandwidths.allSatisfy(\.isSymmetric) })
        #expect(list.sites.first { $0.id == "DE-DRS-01" }?.address.postcode == "01067")
        #expect(list.sites.first { $0.id == "DE-LEJ-01" }?.name == "Leipzig warehouse, gate 3")

        let headerLine = try String(contentsOf: try exampleURL(), encoding: .utf8).prefix { $0 != "\n" }
        let headerNames = Set(headerLine.split(separator: ",").map(String.init))
        #expect(headerNames.isSuperset(of: SiteColumn.all.map(\.name)))
    }

    @Test("1,000 sites read in well under a second")
    func performance() throws {
        var csv =
            "site_id,name,street_nr,street_name,city,postcode,country,product,bandwidth_mbps,term_months,"
            + "contact_name,contact_email,x_cost_center\n"
        for index in 1...1_000 {
            csv +=
                "S\(index),\"Site \(index), floor 2\",\(index),Karl-Liebknecht-Straße,Leipzig,04107,DE,basic,"
                + "100;500,12;36,Katrin Vogel,k.vogel@example.de,CC-\(index)\n"
        }
        let bytes = Array(csv.utf8)
        var list: SiteList?
        let duration = try ContinuousClock().measure {
            list = try SiteListReader.parse(bytes, sourceName: "sites.csv")
        }
        #expect(list?.sites.count == 1_000)
        #expect(list?.sites.last?.sourceLine == 1_001)
        // Generous for a debug build on a shared machine; a release build takes a few milliseconds.
        #expect(duration < .seconds(1), "took \(duration)")
    }
}
