import Testing

@testable import BlackHailCore

/// One malformed site list and exactly the problems it must produce.
struct ProblemCase: Sendable, CustomTestStringConvertible {
    var name: String
    var csv: String
    var expected: [SiteListProblem]

    var testDescription: String { name }

    init(_ name: String, _ csv: String, _ expected: SiteListProblem...) {
        self.name = name
        self.csv = csv
        self.expected = expected
    }
}

/// A problem in `sites.csv`.
private func problem(_ line: Int, _ column: Int, _ columnName: String?, _ message: String) -> SiteListProblem {
    SiteListProblem(file: "sites.csv", line: line, column: column, columnName: columnName, message: message)
}

private let header = SiteListTestSupport.header

@Suite("Site list problems")
struct SiteListProblemTests {
    // MARK: - CSV structure

    static let csvCases: [ProblemCase] = [
        ProblemCase(
            "unterminated quoted field",
            "\(header)\nS1,\"Main,Berlin,DE,100\nS2,Main,Berlin,DE,100\n",
            problem(
                2, 4, "street_name",
                "unterminated quoted field: the closing quote (\") is missing, so the rest of the file was read into it"
            )
        ),
        ProblemCase(
            "quote inside an unquoted field",
            "\(header)\nS1,Main \"A\" St,Berlin,DE,100\n",
            problem(
                2, 4, "street_name",
                "quote (\") inside an unquoted field: enclose the whole field in quotes and double the quotes inside it"
            )
        ),
        ProblemCase(
            "text after a closing quote",
            "\(header)\nS1,\"Main\" St,Berlin,DE,100\n",
            problem(
                2, 4, "street_name",
                "text \"St\" after the closing quote: a quoted field ends at its closing quote; "
                    + "double quotes inside it (\"\")"
            )
        ),
        ProblemCase(
            "row with more fields than the header",
            "\(header)\nS1,Main,Berlin,DE,100,extra\n",
            problem(2, 23, nil, "row has 6 fields but the header has 5: quote fields that contain commas")
        ),
        ProblemCase(
            "row with fewer fields than the header",
            "\(header)\nS1,Main,Berlin,DE\n",
            problem(2, 1, nil, "row has 4 fields but the header has 5: add empty fields for missing values")
        ),
        ProblemCase(
            "empty header name",
            "site_id,street_name,,city,country,bandwidth_mbps\nS1,Main,,Berlin,DE,100\n",
            problem(1, 21, nil, "empty column name in the header")
        ),
        ProblemCase(
            "duplicate header name",
            "\(header),city\nS1,Main,Berlin,DE,100,Paris\n",
            problem(1, 49, "city", "column appears twice in the header (first at 1:21)")
        ),
        ProblemCase(
            "empty file",
            "",
            problem(
                1, 1, nil, "no sites: the file is empty; it needs a header row naming the columns and a row per site")
        ),
        ProblemCase(
            "blank lines only",
            "\n\r\n  \n,,\n",
            problem(
                1, 1, nil, "no sites: the file is empty; it needs a header row naming the columns and a row per site")
        ),
        ProblemCase(
            "header only",
            "\(header)\n",
            problem(1, 1, nil, "no sites: the file has a header row but no site rows")
        ),
        ProblemCase(
            "header and blank rows only, after a blank line",
            "\n\(header)\n,,,,\n\n",
            problem(2, 1, nil, "no sites: the file has a header row but no site rows")
        ),
    ]

    @Test("CSV structure", arguments: csvCases)
    func csvStructure(_ testCase: ProblemCase) {
        #expect(SiteListTestSupport.problems(testCase.csv) == testCase.expected)
    }

    @Test("invalid UTF-8")
    func invalidUTF8() {
        let bytes = Array("\(header)\nS1,Main,M".utf8) + [0xFC] + Array("nchen,DE,100\n".utf8)
        #expect(
            SiteListTestSupport.problems(bytes) == [
                problem(2, 9, "city", "not valid UTF-8: save the file as \"CSV UTF-8\"")
            ]
        )
    }

    // MARK: - Header

    static let headerCases: [ProblemCase] = [
        ProblemCase(
            "unknown column",
            "\(header),colour\nS1,Main,Berlin,DE,100,red\n",
            problem(
                1, 49, "colour",
                "unknown column: use a documented column, or prefix it with x_ to keep it as an extra attribute"
            )
        ),
        ProblemCase(
            "bare x_ prefix without a name",
            "\(header),x_\nS1,Main,Berlin,DE,100,red\n",
            problem(
                1, 49, "x_",
                "unknown column: use a documented column, or prefix it with x_ to keep it as an extra attribute"
            )
        ),
        ProblemCase(
            "unknown column close to a known one",
            "Site ID,street_name,city,country,Bandwidth-Mbps\nS1,Main,Berlin,DE,100\n",
            problem(1, 1, "Site ID", "unknown column; did you mean \"site_id\"?"),
            problem(1, 1, "site_id", "required column is missing from the header"),
            problem(
                1, 1, "bandwidth_mbps",
                "required column is missing from the header: add bandwidth_mbps, or down_mbps and up_mbps"
            ),
            problem(1, 34, "Bandwidth-Mbps", "unknown column; did you mean \"bandwidth_mbps\"?")
        ),
        ProblemCase(
            "missing required column",
            "site_id,street_name,country,bandwidth_mbps\nS1,Main,DE,100\n",
            problem(1, 1, "city", "required column is missing from the header")
        ),
        ProblemCase(
            "missing bandwidth columns",
            "site_id,street_name,city,country\nS1,Main,Berlin,DE\n",
            problem(
                1, 1, "bandwidth_mbps",
                "required column is missing from the header: add bandwidth_mbps, or down_mbps and up_mbps"
            )
        ),
        ProblemCase(
            "down_mbps without an up_mbps column",
            "site_id,street_name,city,country,down_mbps\nS1,Main,Berlin,DE,100\n",
            problem(1, 1, "up_mbps", "column is missing from the header: down_mbps needs up_mbps")
        ),
        ProblemCase(
            "latitude without a longitude column",
            "\(header),latitude\nS1,Main,Berlin,DE,100,52.5\n",
            problem(1, 1, "longitude", "column is missing from the header: latitude needs longitude")
        ),
        ProblemCase(
            "first row is data, not a header",
            "S1,Main,Berlin,DE,100\nS2,Main,Paris,FR,100\n",
            problem(
                1, 1, nil,
                "no known column in the first row: it must be a header row naming the columns, "
                    + "such as site_id, street_name, city, country, bandwidth_mbps"
            )
        ),
    ]

    @Test("header", arguments: headerCases)
    func headerProblems(_ testCase: ProblemCase) {
        #expect(SiteListTestSupport.problems(testCase.csv) == testCase.expected)
    }

    // MARK: - Values

    static let valueCases: [ProblemCase] = [
        ProblemCase(
            "empty site_id",
            "\(header)\n,Main,Berlin,DE,100\n",
            problem(2, 1, "site_id", "a value is required")
        ),
        ProblemCase(
            "empty required street_name",
            "\(header)\nS1,,Berlin,DE,100\n",
            problem(2, 4, "street_name", "a value is required")
        ),
        ProblemCase(
            "blank required city",
            "\(header)\nS1,Main,   ,DE,100\n",
            problem(2, 9, "city", "a value is required")
        ),
        ProblemCase(
            "unknown country code",
            "\(header)\nS1,Main,Berlin,XX,100\n",
            problem(2, 16, "country", "\"XX\" is not an ISO 3166-1 alpha-2 country code")
        ),
        ProblemCase(
            "UK instead of GB",
            "\(header)\nS1,Main,London,uk,100\n",
            problem(2, 16, "country", "\"uk\" is not an ISO 3166-1 alpha-2 country code; use GB for the United Kingdom")
        ),
        ProblemCase(
            "bandwidth not a number",
            "\(header)\nS1,Main,Berlin,DE,fast\n",
            problem(
                2, 19, "bandwidth_mbps",
                "\"fast\" is not a number of Mbps: write a positive decimal number such as 100 or 1.5"
            )
        ),
        ProblemCase(
            "bandwidth with a decimal comma",
            "\(header)\nS1,Main,Berlin,DE,\"1,5\"\n",
            problem(
                2, 19, "bandwidth_mbps",
                "\"1,5\" is not a number of Mbps: write a positive decimal number such as 100 or 1.5"
            )
        ),
        ProblemCase(
            "bandwidth with a unit",
            "\(header)\nS1,Main,Berlin,DE,1 Gbps\n",
            problem(
                2, 19, "bandwidth_mbps",
                "\"1 Gbps\" is not a number of Mbps: write a positive decimal number such as 100 or 1.5"
            )
        ),
        ProblemCase(
            "zero bandwidth",
            "\(header)\nS1,Main,Berlin,DE,0.0\n",
            problem(2, 19, "bandwidth_mbps", "\"0.0\" is not a bandwidth: it must be more than 0 Mbps")
        ),
        ProblemCase(
            "bandwidth finer than 1 bit/s",
            "\(header)\nS1,Main,Berlin,DE,1.0000001\n",
            problem(2, 19, "bandwidth_mbps", "\"1.0000001\" is finer than 1 bit/s: use at most 6 decimal places")
        ),
        ProblemCase(
            "bandwidth too large for Int64 bit/s",
            "\(header)\nS1,Main,Berlin,DE,99999999999999\n",
            problem(2, 19, "bandwidth_mbps", "\"99999999999999\" is too large")
        ),
        ProblemCase(
            "empty list entry",
            "\(header)\nS1,Main,Berlin,DE,100;;500\n",
            problem(2, 19, "bandwidth_mbps", "\"100;;500\" has an empty entry: separate values with a single \";\"")
        ),
        ProblemCase(
            "trailing list separator",
            "\(header)\nS1,Main,Berlin,DE,100;\n",
            problem(2, 19, "bandwidth_mbps", "\"100;\" has an empty entry: separate values with a single \";\"")
        ),
        ProblemCase(
            "repeated bandwidth",
            "\(header)\nS1,Main,Berlin,DE,100;100.0\n",
            problem(2, 19, "bandwidth_mbps", "\"100;100.0\" lists 100 Mbps twice")
        ),
        ProblemCase(
            "bandwidth_mbps together with down_mbps and up_mbps",
            "\(header),down_mbps,up_mbps\nS1,Main,Berlin,DE,100,100,20\n",
            problem(2, 19, "bandwidth_mbps", "give either bandwidth_mbps, or down_mbps and up_mbps, not both")
        ),
        ProblemCase(
            "no bandwidth at all",
            "\(header),down_mbps,up_mbps\nS1,Main,Berlin,DE,,,\n",
            problem(2, 19, "bandwidth_mbps", "a bandwidth is required: fill bandwidth_mbps, or down_mbps and up_mbps")
        ),
        ProblemCase(
            "down_mbps without up_mbps",
            "site_id,street_name,city,country,down_mbps,up_mbps\nS1,Main,Berlin,DE,100,\n",
            problem(2, 23, "up_mbps", "a value is required when down_mbps is given")
        ),
        ProblemCase(
            "up_mbps without down_mbps",
            "site_id,street_name,city,country,down_mbps,up_mbps\nS1,Main,Berlin,DE,,20\n",
            problem(2, 19, "down_mbps", "a value is required when up_mbps is given")
        ),
        ProblemCase(
            "down and up lists of different lengths",
            "site_id,street_name,city,country,down_mbps,up_mbps\nS1,Main,Berlin,DE,100;500,20\n",
            problem(2, 27, "up_mbps", "has 1 value but down_mbps has 2 values: the lists pair element-wise")
        ),
        ProblemCase(
            "repeated down/up pair",
            "site_id,street_name,city,country,down_mbps,up_mbps\nS1,Main,Berlin,DE,100;100,10;10\n",
            problem(2, 19, "down_mbps", "\"100;100\" lists 100/10 Mbps twice")
        ),
        ProblemCase(
            "zero term",
            "\(header),term_months\nS1,Main,Berlin,DE,100,0\n",
            problem(2, 23, "term_months", "\"0\" is not a positive number of months: it must be at least 1")
        ),
        ProblemCase(
            "term not a whole number",
            "\(header),term_months\nS1,Main,Berlin,DE,100,12;1.5\n",
            problem(2, 23, "term_months", "\"1.5\" is not a whole number of months")
        ),
        ProblemCase(
            "repeated term",
            "\(header),term_months\nS1,Main,Berlin,DE,100,36; 36\n",
            problem(2, 23, "term_months", "\"36; 36\" lists 36 twice")
        ),
        ProblemCase(
            "IPv4 prefix length /32",
            "\(header),ipv4_prefix_length\nS1,Main,Berlin,DE,100,32\n",
            problem(2, 23, "ipv4_prefix_length", "\"32\" is out of range: use 0 to 31 (the MEF 139 Ipv4Prefix range)")
        ),
        ProblemCase(
            "IPv4 prefix length written with a slash",
            "\(header),ipv4_prefix_length\nS1,Main,Berlin,DE,100,/29\n",
            problem(2, 23, "ipv4_prefix_length", "\"/29\" is not a whole number")
        ),
        ProblemCase(
            "IPv6 prefix length /128",
            "\(header),ipv6_prefix_length\nS1,Main,Berlin,DE,100,128\n",
            problem(
                2, 23, "ipv6_prefix_length", "\"128\" is out of range: use 0 to 127 (the MEF 139 Ipv6Prefix range)"
            )
        ),
        ProblemCase(
            "uptime of 0",
            "\(header),min_sla_uptime\nS1,Main,Berlin,DE,100,0\n",
            problem(2, 23, "min_sla_uptime", "\"0\" is out of range: a percentage must be above 0 and at most 100")
        ),
        ProblemCase(
            "uptime above 100",
            "\(header),min_sla_uptime\nS1,Main,Berlin,DE,100,100.01\n",
            problem(
                2, 23, "min_sla_uptime", "\"100.01\" is out of range: a percentage must be above 0 and at most 100"
            )
        ),
        ProblemCase(
            "uptime as a fraction of one",
            "\(header),min_sla_uptime\nS1,Main,Berlin,DE,100,.999\n",
            problem(2, 23, "min_sla_uptime", "\".999\" is not a percentage such as 99.9")
        ),
        ProblemCase(
            "zero install days",
            "\(header),max_install_days\nS1,Main,Berlin,DE,100,0\n",
            problem(2, 23, "max_install_days", "\"0\" is not a positive number of days: it must be at least 1")
        ),
        ProblemCase(
            "install days with a unit",
            "\(header),max_install_days\nS1,Main,Berlin,DE,100,30d\n",
            problem(2, 23, "max_install_days", "\"30d\" is not a whole number of days")
        ),
        ProblemCase(
            "unknown product",
            "\(header),product\nS1,Main,Berlin,DE,100,premium\n",
            problem(2, 23, "product", "\"premium\" is not one of basic, advanced or exclusive")
        ),
        ProblemCase(
            "unknown quote level",
            "\(header),quote_level\nS1,Main,Berlin,DE,100,final\n",
            problem(2, 23, "quote_level", "\"final\" is not one of budgetary or firm")
        ),
        ProblemCase(
            "unknown diversity",
            "\(header),diversity\nS1,Main,Berlin,DE,100,triple\n",
            problem(2, 23, "diversity", "\"triple\" is not one of none or pair")
        ),
        ProblemCase(
            "min_pair_uptime without a pair",
            "\(header),diversity,min_pair_uptime\nS1,Main,Berlin,DE,100,,99.9\n",
            problem(
                2, 24, "min_pair_uptime",
                "only applies to a diverse pair: set diversity to pair, or leave this empty"
            )
        ),
        ProblemCase(
            "min_pair_uptime out of range",
            "\(header),diversity,min_pair_uptime\nS1,Main,Berlin,DE,100,pair,101\n",
            problem(
                2, 28, "min_pair_uptime",
                "\"101\" is out of range: a percentage must be above 0 and at most 100"
            )
        ),
        ProblemCase(
            "coordinates out of range",
            "\(header),latitude,longitude\nS1,Main,Berlin,DE,100,91,-181\n",
            problem(2, 23, "latitude", "\"91\" is out of range: a latitude is -90 to 90"),
            problem(2, 26, "longitude", "\"-181\" is out of range: a longitude is -180 to 180")
        ),
        ProblemCase(
            "coordinates in degrees and minutes",
            "\(header),latitude,longitude\nS1,Main,Berlin,DE,100,52°31'N,13.4\n",
            problem(2, 23, "latitude", "\"52°31'N\" is not a latitude in decimal degrees such as 51.3397")
        ),
        ProblemCase(
            "latitude without longitude",
            "\(header),latitude,longitude\nS1,Main,Berlin,DE,100,51.5,\n",
            problem(2, 28, "longitude", "a value is required when latitude is given")
        ),
        ProblemCase(
            "longitude without latitude",
            "\(header),latitude,longitude\nS1,Main,Berlin,DE,100,,13.4\n",
            problem(2, 23, "latitude", "a value is required when longitude is given")
        ),
        ProblemCase(
            "email without a domain",
            "\(header),contact_email\nS1,Main,Berlin,DE,100,bob@\n",
            problem(2, 23, "contact_email", "\"bob@\" does not look like an email address")
        ),
        ProblemCase(
            "email with a blank",
            "\(header),contact_email\nS1,Main,Berlin,DE,100,bob smith@example.com\n",
            problem(2, 23, "contact_email", "\"bob smith@example.com\" does not look like an email address")
        ),
        ProblemCase(
            "duplicate site_id",
            "\(header)\nS1,Main,Berlin,DE,100\nS2,Main,Paris,FR,100\n\n  S1,Main,Rome,IT,100\n",
            problem(5, 3, "site_id", "duplicate site_id \"S1\": first used on line 2")
        ),
    ]

    @Test("values", arguments: valueCases)
    func valueProblems(_ testCase: ProblemCase) {
        #expect(SiteListTestSupport.problems(testCase.csv) == testCase.expected)
    }

    // MARK: - Reporting

    @Test("a file with many problems reports them all, in file order, like a compiler")
    func allProblemsAtOnce() {
        let csv = """
            site_id,name,street_name,city,country,bandwidth_mbps,term_months,colour
            S1,"HQ, main",Main,Berlin,DE,100,12;36,red
            S2,Depot,,Paris,XX,fast,36,blue
            S1,Branch,High,London,GB,100,36,green
            S4,"Warehouse
            north",Dock,Rome,IT,100,0,grey
            S5,Shop,Long "B" Road,Madrid,ES,100,36
            S6,Lab,Oak,Dublin,IE,100;100,36,white

            """
        let problems = SiteListTestSupport.problems(csv)
        #expect(
            problems.map(\.description) == [
                "sites.csv:1:66: error: colour: unknown column: use a documented column, "
                    + "or prefix it with x_ to keep it as an extra attribute",
                "sites.csv:3:10: error: street_name: a value is required",
                "sites.csv:3:17: error: country: \"XX\" is not an ISO 3166-1 alpha-2 country code",
                "sites.csv:3:20: error: bandwidth_mbps: \"fast\" is not a number of Mbps: "
                    + "write a positive decimal number such as 100 or 1.5",
                "sites.csv:4:1: error: site_id: duplicate site_id \"S1\": first used on line 2",
                "sites.csv:6:25: error: term_months: \"0\" is not a positive number of months: it must be at least 1",
                "sites.csv:7:1: error: row has 7 fields but the header has 8: add empty fields for missing values",
                "sites.csv:7:9: error: street_name: quote (\") inside an unquoted field: "
                    + "enclose the whole field in quotes and double the quotes inside it",
                "sites.csv:8:22: error: bandwidth_mbps: \"100;100\" lists 100 Mbps twice",
            ]
        )
        let error = SiteListError(problems: problems)
        #expect(error.description == problems.map(\.description).joined(separator: "\n"))
        #expect(error.description.split(separator: "\n").count == 9)
    }

    @Test("problem descriptions follow the compiler format")
    func descriptionFormat() {
        #expect(
            problem(12, 31, "country", "\"XX\" is not an ISO 3166-1 alpha-2 country code").description
                == "sites.csv:12:31: error: country: \"XX\" is not an ISO 3166-1 alpha-2 country code"
        )
        #expect(problem(3, 1, nil, "row has 4 fields").description == "sites.csv:3:1: error: row has 4 fields")
        #expect(
            SiteListProblem(file: "missing.csv", line: 0, column: 0, message: "cannot read: no such file").description
                == "missing.csv: error: cannot read: no such file"
        )
    }
}
