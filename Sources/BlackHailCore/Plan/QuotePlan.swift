import MEF139

/// What blackhail asks every seller, worked out once per run: one line per site and bandwidth, each with its
/// MEF 139 configuration built (and later validated and encoded) once, since every seller gets the same.
package struct QuotePlan: Sendable {
    package let sites: [Site]
    package let lines: [PlanLine]
    /// Sites blackhail cannot ask about yet, with the reason.
    package let unsupported: [String: String]

    package init(sites: [Site]) {
        self.sites = sites
        var lines: [PlanLine] = []
        var unsupported: [String: String] = [:]
        for site in sites {
            guard site.product == .basic else {
                unsupported[site.id] =
                    "\(site.product.rawValue) Internet Access needs several linked items per site, which blackhail does not send yet"
                continue
            }
            for (index, bandwidth) in site.bandwidths.enumerated() {
                lines.append(
                    PlanLine(
                        site: site, bandwidth: bandwidth, itemId: "\(site.id)~\(index + 1)",
                        configuration: ProductConfigurationBuilder.basicInternetAccess(site: site, bandwidth: bandwidth)
                    ))
            }
        }
        self.lines = lines
        self.unsupported = unsupported
    }

    package func site(id: String) -> Site? { sites.first { $0.id == id } }
}

/// One site and bandwidth: a POQ item, and a quote item per requested term.
package struct PlanLine: Sendable {
    package var site: Site
    package var bandwidth: Bandwidth
    /// The POQ item id; quote items append the term.
    package var itemId: String
    package var configuration: JSONValue
}
