/// One row of the site list: where Internet Access is wanted and what is asked of the sellers there.
package struct Site: Sendable, Hashable, Identifiable {
    /// The buyer's own identifier (`site_id`), unique within the list.
    package var id: String
    package var name: String?
    package var address: SiteAddress
    package var coordinates: Coordinates?
    package var product: InternetAccessProduct
    /// At least one; each is asked for with each term (see `requestedItems`).
    package var bandwidths: [Bandwidth]
    /// At least one; 36 when the file gives none.
    package var termsMonths: [Int]
    /// The requested public IPv4 prefix length, 0...31.
    package var ipv4PrefixLength: Int?
    /// The requested public IPv6 prefix length, 0...127.
    package var ipv6PrefixLength: Int?
    /// The minimum service uptime objective in percent, in 0 < x <= 100.
    package var minSlaUptime: Double?
    /// The latest acceptable installation, in days from the order.
    package var maxInstallDays: Int?
    package var quoteLevel: QuoteLevel
    /// `nil` when the file gives no contact details for the site.
    package var contact: SiteContact?
    package var diversity: Diversity
    /// The minimum combined uptime of a diverse pair in percent; only set with `diversity == .pair`.
    package var minPairUptime: Double?
    /// The values of the file's `x_` columns, keyed by the full column name as written (`x_cost_center`), so that
    /// output can echo them under the same header. Empty values are left out.
    package var extraAttributes: [String: String]
    /// The physical line the row starts on, for messages about this site later on.
    package var sourceLine: Int
    /// The service the site has today (`current_` columns), for the saving.
    package var incumbent: Incumbent?

    package init(
        id: String,
        name: String? = nil,
        address: SiteAddress,
        coordinates: Coordinates? = nil,
        product: InternetAccessProduct = .basic,
        bandwidths: [Bandwidth],
        termsMonths: [Int] = [Site.defaultTermMonths],
        ipv4PrefixLength: Int? = nil,
        ipv6PrefixLength: Int? = nil,
        minSlaUptime: Double? = nil,
        maxInstallDays: Int? = nil,
        quoteLevel: QuoteLevel = .firm,
        contact: SiteContact? = nil,
        diversity: Diversity = Diversity.none,
        minPairUptime: Double? = nil,
        extraAttributes: [String: String] = [:],
        sourceLine: Int,
        incumbent: Incumbent? = nil
    ) {
        self.id = id
        self.name = name
        self.address = address
        self.coordinates = coordinates
        self.product = product
        self.bandwidths = bandwidths
        self.termsMonths = termsMonths
        self.ipv4PrefixLength = ipv4PrefixLength
        self.ipv6PrefixLength = ipv6PrefixLength
        self.minSlaUptime = minSlaUptime
        self.maxInstallDays = maxInstallDays
        self.quoteLevel = quoteLevel
        self.contact = contact
        self.diversity = diversity
        self.minPairUptime = minPairUptime
        self.extraAttributes = extraAttributes
        self.sourceLine = sourceLine
        self.incumbent = incumbent
    }

    /// The term asked for when `term_months` is empty or absent: the most common enterprise access term.
    package static let defaultTermMonths = 36

    /// Every bandwidth with every term, each to become its own request item: bandwidths in file order, and for each
    /// bandwidth the terms in file order (`100;500` x `12;36` gives 100/12, 100/36, 500/12, 500/36).
    package var requestedItems: [SiteItemRequest] {
        bandwidths.flatMap { bandwidth in
            termsMonths.map { SiteItemRequest(bandwidth: bandwidth, termMonths: $0) }
        }
    }
}
