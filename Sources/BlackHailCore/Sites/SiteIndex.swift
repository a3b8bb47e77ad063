/// A run's sites in input order, and each one's position by id: made once per run and shared by every seller's
/// tracker and the result's ordering, rather than a table of ids per seller (10,000 sites x 20 sellers: 20 MB).
package final class SiteIndex: Sendable {
    /// In input order.
    package let ids: [String]
    private let positions: [String: Int]

    package init(_ sites: [Site]) {
        ids = sites.map(\.id)
        positions = Dictionary(ids.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    }

    package var count: Int { ids.count }

    /// Where the site is in the input (its first place, were an id repeated); nil for an id not of the run.
    package func position(of siteId: String) -> Int? { positions[siteId] }
}
