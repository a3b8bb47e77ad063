/// The sites of one site list file, in file order.
package struct SiteList: Sendable {
    package var sites: [Site]
    /// The name problems are reported under, such as `sites.csv`.
    package var sourceName: String

    package init(sites: [Site], sourceName: String) {
        self.sites = sites
        self.sourceName = sourceName
    }
}
