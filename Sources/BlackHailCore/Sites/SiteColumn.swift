/// A column of the site list, documented once for the reader, `--help` and the README.
package struct SiteColumn: Sendable, Hashable, Identifiable {
    /// Whether a row must give a value.
    package enum Requirement: Sendable, Hashable {
        case required
        case optional
        /// Required unless the alternative (described in the text) is given, as for the bandwidth columns.
        case requiredUnless(String)

        /// For tables: `yes`, `no`, or `yes, unless ...`.
        package var label: String {
            switch self {
            case .required: "yes"
            case .optional: "no"
            case .requiredUnless(let alternative): "yes, unless \(alternative)"
            }
        }
    }

    /// The header name, in snake_case.
    package var name: String
    package var requirement: Requirement
    /// One line: what the value means, its format and its default.
    package var summary: String

    package var id: String { name }

    package init(name: String, requirement: Requirement, summary: String) {
        self.name = name
        self.requirement = requirement
        self.summary = summary
    }

    /// Columns with this prefix are not site attributes but kept as `Site.extraAttributes`.
    package static let extraPrefix = "x_"

    /// The known column named `name`.
    package static func named(_ name: String) -> SiteColumn? {
        byName[name]
    }

    private static let byName: [String: SiteColumn] = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })
}

extension SiteColumn {
    package static let siteID = SiteColumn(
        name: "site_id",
        requirement: .required,
        summary: "Your identifier for the site, unique in the file."
    )
    package static let name = SiteColumn(
        name: "name",
        requirement: .optional,
        summary: "A name for people, such as `Leipzig warehouse`."
    )
    package static let streetNr = SiteColumn(
        name: "street_nr",
        requirement: .optional,
        summary: "Street number (MEF `FieldedAddress.streetNr`), such as `12` or `221B`."
    )
    package static let streetName = SiteColumn(
        name: "street_name",
        requirement: .required,
        summary: "Street name (`streetName`), such as `Karl-Liebknecht-Straße` or `Main`."
    )
    package static let streetType = SiteColumn(
        name: "street_type",
        requirement: .optional,
        summary: "Street type (`streetType`), such as `Street` or `Avenue`."
    )
    package static let city = SiteColumn(
        name: "city",
        requirement: .required,
        summary: "City (`city`)."
    )
    package static let stateOrProvince = SiteColumn(
        name: "state_or_province",
        requirement: .optional,
        summary: "State or province (`stateOrProvince`), such as `CA`."
    )
    package static let postcode = SiteColumn(
        name: "postcode",
        requirement: .optional,
        summary: "Postcode, kept as written: `01067` keeps its leading zero."
    )
    package static let country = SiteColumn(
        name: "country",
        requirement: .required,
        summary: "ISO 3166-1 alpha-2 country code, such as `DE` or `GB` (not `UK`); lower case is accepted."
    )
    package static let latitude = SiteColumn(
        name: "latitude",
        requirement: .optional,
        summary: "WGS 84 latitude in decimal degrees, -90 to 90; give it together with `longitude`."
    )
    package static let longitude = SiteColumn(
        name: "longitude",
        requirement: .optional,
        summary: "WGS 84 longitude in decimal degrees, -180 to 180; give it together with `latitude`."
    )
    package static let product = SiteColumn(
        name: "product",
        requirement: .optional,
        summary: "`basic`, `advanced` or `exclusive` Internet Access (MEF 139); default `basic`."
    )
    package static let bandwidthMbps = SiteColumn(
        name: "bandwidth_mbps",
        requirement: .requiredUnless("`down_mbps` and `up_mbps` are given"),
        summary: "Symmetric bandwidth in Mbps (1 Mbps = 1,000,000 bit/s), such as `100` or `1.5`; "
            + "a list such as `100;500` asks for each."
    )
    package static let downMbps = SiteColumn(
        name: "down_mbps",
        requirement: .requiredUnless("`bandwidth_mbps` is given"),
        summary: "Downstream Mbps of an asymmetric access, or a list; pairs element-wise with `up_mbps`."
    )
    package static let upMbps = SiteColumn(
        name: "up_mbps",
        requirement: .requiredUnless("`bandwidth_mbps` is given"),
        summary: "Upstream Mbps of an asymmetric access, or a list as long as `down_mbps`."
    )
    package static let termMonths = SiteColumn(
        name: "term_months",
        requirement: .optional,
        summary: "Contract term in months, or a list such as `12;36` asking for each; default `36`."
    )
    package static let ipv4PrefixLength = SiteColumn(
        name: "ipv4_prefix_length",
        requirement: .optional,
        summary: "Public IPv4 prefix length wanted, 0 to 31 (MEF 139 `Ipv4Prefix` allows no /32)."
    )
    package static let ipv6PrefixLength = SiteColumn(
        name: "ipv6_prefix_length",
        requirement: .optional,
        summary: "Public IPv6 prefix length wanted, 0 to 127 (MEF 139 `Ipv6Prefix`)."
    )
    package static let minSlaUptime = SiteColumn(
        name: "min_sla_uptime",
        requirement: .optional,
        summary: "Lowest acceptable service uptime objective in percent, above 0 and at most 100, such as `99.9`."
    )
    package static let maxInstallDays = SiteColumn(
        name: "max_install_days",
        requirement: .optional,
        summary: "Latest acceptable installation, in whole days from the order."
    )
    package static let quoteLevel = SiteColumn(
        name: "quote_level",
        requirement: .optional,
        summary: "`budgetary` or `firm` (MEF 115 quote level); default `firm`."
    )
    package static let contactName = SiteColumn(
        name: "contact_name",
        requirement: .optional,
        summary: "Site contact's name."
    )
    package static let contactEmail = SiteColumn(
        name: "contact_email",
        requirement: .optional,
        summary: "Site contact's email address."
    )
    package static let contactPhone = SiteColumn(
        name: "contact_phone",
        requirement: .optional,
        summary: "Site contact's phone number, free text such as `+49 341 1234567`."
    )
    package static let diversity = SiteColumn(
        name: "diversity",
        requirement: .optional,
        summary: "`none`, or `pair` for two diverse accesses (SD-WAN); default `none`."
    )
    package static let minPairUptime = SiteColumn(
        name: "min_pair_uptime",
        requirement: .optional,
        summary: "Lowest acceptable combined uptime of the pair in percent, like `min_sla_uptime`; "
            + "only with `diversity` `pair`."
    )
    package static let currentMrc = SiteColumn(
        name: "current_mrc",
        requirement: .optional,
        summary: "What the site's current service costs per month, such as `420` or `99.95`, for the saving; "
            + "give `current_currency` with it."
    )
    package static let currentNrc = SiteColumn(
        name: "current_nrc",
        requirement: .optional,
        summary: "What staying with the current service costs once (a renewal fee); default 0. Only with `current_mrc`."
    )
    package static let currentCurrency = SiteColumn(
        name: "current_currency",
        requirement: .optional,
        summary: "ISO 4217 currency of `current_mrc` and `current_nrc`, such as `USD`; required with `current_mrc`."
    )
    package static let currentSeller = SiteColumn(
        name: "current_seller",
        requirement: .optional,
        summary: "Who provides the current service, free text. Only with `current_mrc`."
    )

    /// Every known column, in the order the README lists them.
    package static let all: [SiteColumn] = [
        siteID, name, streetNr, streetName, streetType, city, stateOrProvince, postcode, country, latitude, longitude,
        product, bandwidthMbps, downMbps, upMbps, termMonths, ipv4PrefixLength, ipv6PrefixLength, minSlaUptime,
        maxInstallDays, quoteLevel, contactName, contactEmail, contactPhone, diversity, minPairUptime, currentMrc,
        currentNrc, currentCurrency, currentSeller,
    ]
}
