/// One combination of bandwidth and term that a site asks the sellers to quote.
package struct SiteItemRequest: Sendable, Hashable, CustomStringConvertible {
    package var bandwidth: Bandwidth
    package var termMonths: Int

    package init(bandwidth: Bandwidth, termMonths: Int) {
        self.bandwidth = bandwidth
        self.termMonths = termMonths
    }

    /// Such as `100/20 Mbps, 36 months`.
    package var description: String {
        "\(bandwidth), \(termMonths) month\(termMonths == 1 ? "" : "s")"
    }
}
