import Testing

@testable import BlackHailCore

@Suite("SiteValueParser")
struct SiteValueParserTests {
    @Test(
        "numbers that are not plain decimals are refused",
        arguments: ["1e3", "+5", "-5", "1,000", "1.", ".5", "1.2.3", "", " ", "١٠٠", "0x10"]
    )
    func strictMegabits(text: String) {
        #expect(throws: SiteValueError.self) { try SiteValueParser.bitsPerSecond(megabits: text[...]) }
    }

    @Test("the largest bandwidth that fits Int64 bit/s is accepted, one bit more is not")
    func megabitsLimit() throws {
        #expect(try SiteValueParser.bitsPerSecond(megabits: "9223372036854.775807") == Int64.max)
        #expect(throws: SiteValueError("\"9223372036854.775808\" is too large")) {
            try SiteValueParser.bitsPerSecond(megabits: "9223372036854.775808")
        }
    }

    @Test("percentages", arguments: [("99.9", 99.9), ("100", 100), ("99.999%", 99.999), ("0.1", 0.1), ("50 %", 50)])
    func percent(text: String, value: Double) throws {
        #expect(try SiteValueParser.percent(text) == value)
    }

    @Test(
        "degrees take a sign", arguments: [("-33.8688", -33.8688), ("+151.2093", 151.2093), ("-180", -180), ("90", 90)])
    func degrees(text: String, value: Double) throws {
        #expect(try SiteValueParser.degrees(text, limit: 180, axis: "longitude") == value)
    }

    @Test(
        "email addresses",
        arguments: [
            ("a@example.com", true), ("first.last+tag@mail.example.co.uk", true), ("a@b", false),
            ("@example.com", false),
            ("a@@example.com", false), ("a@example..com", false), ("a@.com", false), ("a b@example.com", false),
            ("a@example.com.", false), ("example.com", false),
        ]
    )
    func email(text: String, looksValid: Bool) {
        #expect(SiteValueParser.looksLikeEmailAddress(text) == looksValid)
    }

    @Test("choices ignore case")
    func choices() throws {
        #expect(try SiteValueParser.choice("EXCLUSIVE", of: InternetAccessProduct.self) == .exclusive)
        #expect(try SiteValueParser.choice("Pair", of: Diversity.self) == .pair)
        #expect(try SiteValueParser.choice("none", of: Diversity.self) == Diversity.none)
    }

    @Test("ISO 3166-1 has 249 officially assigned alpha-2 codes")
    func countryCodes() {
        #expect(CountryCode.assigned.count == 249)
        #expect(CountryCode.assigned.allSatisfy { $0.count == 2 && $0.allSatisfy { $0.isASCII && $0.isUppercase } })
        for code in ["US", "GB", "DE", "FR", "NL", "IE", "ES", "IT", "CH", "SE", "SS", "BQ", "AX"] {
            #expect(CountryCode.isAssigned(code), "\(code)")
        }
        for code in ["UK", "EU", "XK", "EL", "AN", "YU"] {
            #expect(!CountryCode.isAssigned(code), "\(code)")
        }
    }
}
