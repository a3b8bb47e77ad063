import Foundation
import Testing

@testable import BlackHailCore

private let header = SiteListTestSupport.header

@Suite("SiteListReader")
struct SiteListReaderTests {
    @Test("a minimal row gets the documented defaults")
    func defaults() throws {
        let sites = try SiteListTestSupport.sites("\(header)\nS1,Main,Berlin,DE,100\n")
        let site = try #require(sites.first)
        #expect(
            site
                == Site(
                    id: "S1",
                    address: SiteAddress(streetName: "Main", city: "Berlin", country: "DE"),
                    product: .basic,
                    bandwidths: [Bandwidth(symmetric: 100_000_000)],
                    termsMonths: [36],
                    quoteLevel: .firm,
                    diversity: Diversity.none,
                    sourceLine: 2
                )
        )
        #expect(site.contact == nil)
        #expect(site.coordinates == nil)
        #expect(site.extraAttributes.isEmpty)
    }

    @Test("every column is read into the site")
    func everyColumn() throws {
        let csv = """
            site_id,name,street_nr,street_name,street_type,city,state_or_province,postcode,country,latitude,longitude,\
            product,down_mbps,up_mbps,term_months,ipv4_prefix_length,ipv6_prefix_length,min_sla_uptime,\
            max_install_days,quote_level,contact_name,contact_email,contact_phone,diversity,min_pair_uptime
            DE-DRS-01,Dresden depot,9,Ostra-Allee,Allee,Dresden,Sachsen,01067,de,51.0553,13.7300,\
            Advanced,100;500,20;50,12,29,56,99.9%,30,Budgetary,Felix Hartmann,felix@example.de,+49 351 4862001,\
            PAIR,99.99

            """
        let site = try #require(try SiteListTestSupport.sites(csv).first)
        #expect(site.id == "DE-DRS-01")
        #expect(site.name == "Dresden depot")
        #expect(
            site.address
                == SiteAddress(
                    streetNr: "9",
                    streetName: "Ostra-Allee",
                    streetType: "Allee",
                    city: "Dresden",
                    stateOrProvince: "Sachsen",
                    postcode: "01067",
                    country: "DE"
                )
        )
        #expect(site.coordinates == Coordinates(latitude: 51.0553, longitude: 13.73))
        #expect(site.product == .advanced)
        #expect(
            site.bandwidths == [
                Bandwidth(downstream: 100_000_000, upstream: 20_000_000),
                Bandwidth(downstream: 500_000_000, upstream: 50_000_000),
            ]
        )
        #expect(site.termsMonths == [12])
        #expect(site.ipv4PrefixLength == 29)
        #expect(site.ipv6PrefixLength == 56)
        #expect(site.minSlaUptime == 99.9)
        #expect(site.maxInstallDays == 30)
        #expect(site.quoteLevel == .budgetary)
        #expect(
            site.contact == SiteContact(name: "Felix Hartmann", email: "felix@example.de", phone: "+49 351 4862001"))
        #expect(site.diversity == .pair)
        #expect(site.minPairUptime == 99.99)
        #expect(site.sourceLine == 2)
    }

    @Test("bandwidth and term lists give every combination, bandwidth first, in file order")
    func requestedItems() throws {
        let site = try #require(
            try SiteListTestSupport.sites("\(header),term_months\nS1,Main,Berlin,DE,100;500,12;36\n").first
        )
        #expect(
            site.requestedItems.map(\.description) == [
                "100 Mbps, 12 months", "100 Mbps, 36 months", "500 Mbps, 12 months", "500 Mbps, 36 months",
            ]
        )
        #expect(
            site.requestedItems == [
                SiteItemRequest(bandwidth: Bandwidth(symmetric: 100_000_000), termMonths: 12),
                SiteItemRequest(bandwidth: Bandwidth(symmetric: 100_000_000), termMonths: 36),
                SiteItemRequest(bandwidth: Bandwidth(symmetric: 500_000_000), termMonths: 12),
                SiteItemRequest(bandwidth: Bandwidth(symmetric: 500_000_000), termMonths: 36),
            ]
        )
    }

    @Test("down and up lists pair element-wise; the same downstream may pair with different upstreams")
    func downUpPairing() throws {
        let csv = "site_id,street_name,city,country,down_mbps,up_mbps\nS1,Main,Berlin,DE,100;100;1000,10;20;100\n"
        let site = try #require(try SiteListTestSupport.sites(csv).first)
        #expect(site.bandwidths.map(\.description) == ["100/10 Mbps", "100/20 Mbps", "1000/100 Mbps"])
        #expect(site.requestedItems.count == 3)
    }

    @Test("a header may offer both bandwidth styles, each row using one")
    func mixedBandwidthStyles() throws {
        let csv = "\(header),down_mbps,up_mbps\nS1,Main,Berlin,DE,100,,\nS2,Main,Paris,FR,,50,10\n"
        let sites = try SiteListTestSupport.sites(csv)
        #expect(
            sites.map(\.bandwidths) == [
                [Bandwidth(symmetric: 100_000_000)], [Bandwidth(downstream: 50_000_000, upstream: 10_000_000)],
            ])
    }

    @Test(
        "decimal Mbps convert exactly to bit/s",
        arguments: [
            ("1.5", 1_500_000), ("100", 100_000_000), ("10000", 10_000_000_000), ("0.000001", 1), ("2.50", 2_500_000),
            ("1.000000000", 1_000_000), ("007", 7_000_000), ("0.1", 100_000), ("33.333333", 33_333_333),
        ] as [(String, Int64)])
    func exactConversion(megabits: String, bitsPerSecond: Int64) throws {
        let site = try #require(try SiteListTestSupport.sites("\(header)\nS1,Main,Berlin,DE,\(megabits)\n").first)
        #expect(site.bandwidths == [Bandwidth(symmetric: bitsPerSecond)])
    }

    @Test("postcodes keep leading zeros and inner blanks", arguments: ["01067", "00186", "EC3A 8BF", "D02 P820"])
    func postcodes(postcode: String) throws {
        let csv = "\(header),postcode\nS1,Main,Somewhere,DE,100,\(postcode)\n"
        #expect(try SiteListTestSupport.sites(csv).first?.address.postcode == postcode)
    }

    @Test("x_ columns are kept under their full name; empty values are left out")
    func extraAttributes() throws {
        let csv = "\(header),x_cost_center,x_note\nS1,Main,Berlin,DE,100,CC-1,\"a, b\"\nS2,Main,Paris,FR,100,,\n"
        let sites = try SiteListTestSupport.sites(csv)
        #expect(sites.map(\.extraAttributes) == [["x_cost_center": "CC-1", "x_note": "a, b"], [:]])
    }

    @Test("country codes are accepted in any case and upper-cased", arguments: ["de", "De", "DE", " de "])
    func countryCase(country: String) throws {
        let site = try #require(try SiteListTestSupport.sites("\(header)\nS1,Main,Berlin,\(country),100\n").first)
        #expect(site.address.country == "DE")
    }

    @Test("blanks around unquoted values are trimmed, blanks inside quotes are kept")
    func trimming() throws {
        let csv = "\(header),name\n  S1  , Main ,Berlin,DE, 100 ,\"  Lab  \"\n"
        let site = try #require(try SiteListTestSupport.sites(csv).first)
        #expect(site.id == "S1")
        #expect(site.address.streetName == "Main")
        #expect(site.name == "  Lab  ")
    }

    @Test("a contact is kept when any part is given, and absent when none is")
    func contact() throws {
        let csv =
            "\(header),contact_name,contact_email,contact_phone\n"
            + "S1,Main,Berlin,DE,100,,,+49 30 1\nS2,Main,Paris,FR,100,,,\n"
        let sites = try SiteListTestSupport.sites(csv)
        #expect(sites.map(\.contact) == [SiteContact(phone: "+49 30 1"), nil])
    }

    @Test("RFC 4180 files as spreadsheets write them: BOM, CRLF, quoted commas, quotes and line breaks")
    func spreadsheetFile() throws {
        let text =
            "\u{FEFF}\(header),name\r\n"
            + "S1,Main,Berlin,DE,100,\"Berlin, \"\"Mitte\"\"\r\noffice\"\r\n"
            + "S2,Main,Paris,FR,100,Paris"
        let list = try SiteListReader.parse(Array(text.utf8), sourceName: "sites.csv")
        #expect(list.sites.map(\.id) == ["S1", "S2"])
        #expect(list.sites.first?.name == "Berlin, \"Mitte\"\r\noffice")
        // The quoted line break moves S2 to physical line 4.
        #expect(list.sites.map(\.sourceLine) == [2, 4])
        #expect(list.sourceName == "sites.csv")
    }

    @Test("site ids are compared exactly: S1 and s1 are different sites")
    func siteIDCase() throws {
        let sites = try SiteListTestSupport.sites("\(header)\nS1,Main,Berlin,DE,100\ns1,Main,Paris,FR,100\n")
        #expect(sites.map(\.id) == ["S1", "s1"])
    }

    @Test("Data parses like bytes")
    func dataInput() throws {
        let data = Data("\(header)\nS1,Main,Berlin,DE,100\n".utf8)
        #expect(try SiteListReader.parse(data, sourceName: "sites.csv").sites.count == 1)
    }

    @Test("read(contentsOf:) names problems by the path as given")
    func readFile() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("sites.csv")
        try Data("\(header)\nS1,Main,Berlin,XX,100\n".utf8).write(to: url)

        let error = #expect(throws: SiteListError.self) { try SiteListReader.read(contentsOf: url) }
        #expect(
            error?.description == "\(url.path):2:16: error: country: \"XX\" is not an ISO 3166-1 alpha-2 country code")

        try Data("\(header)\nS1,Main,Berlin,DE,100\n".utf8).write(to: url)
        #expect(try SiteListReader.read(contentsOf: url).sites.map(\.id) == ["S1"])
    }

    @Test("a missing file is a whole-file problem")
    func missingFile() {
        let url = URL(fileURLWithPath: "/nonexistent/sites.csv")
        let error = #expect(throws: SiteListError.self) { try SiteListReader.read(contentsOf: url) }
        #expect(error?.description == "/nonexistent/sites.csv: error: cannot read: no such file")
    }
}
