/// What the ranking needs to know of a site: its constraints. A site from the site list has them, and so does a
/// saved result's site summary, so that a result can be ranked again offline (`blackhail report --policy`).
package protocol SiteRequirements {
    var id: String { get }
    /// The latest acceptable installation, in days from the order.
    var maxInstallDays: Int? { get }
    /// The minimum service uptime objective in percent.
    var minSlaUptime: Double? { get }
    /// Whether the site asked for a diverse pair.
    var diversity: Diversity { get }
    /// The minimum combined uptime of a diverse pair in percent.
    var minPairUptime: Double? { get }
    /// The service the site has today, which the ranking's explanation compares the winner with.
    var incumbent: Incumbent? { get }
}

extension Site: SiteRequirements {}
