import JSONCore
import MEF139

/// What blackhail asks every seller, worked out once per run: one line per site and bandwidth, each with its
/// MEF 139 configuration built (and later validated and encoded) once, since every seller gets the same.
package struct QuotePlan: Sendable {
    package let sites: [Site]
    /// The sites' positions, for every seller's tracker and the result's order.
    package let siteIndex: SiteIndex
    package let lines: [PlanLine]
    /// Per site, the lines left out because their configuration failed validation.
    package let rejected: [String: [String]]
    /// Per site id, the MEF 121 address validation request, encoded once: every seller gets the same.
    package let addressValidations: [String: [UInt8]]
    /// Per site id, the key its address ids are kept under (`AddressIdCache`): SHA-256 of its validation request.
    package let addressKeys: [String: String]

    /// Sites planned: all of them unless planning stopped at the run's deadline (or was cancelled). The others have
    /// no line and no address validation: no seller is asked about them.
    package let plannedSites: Int

    /// - Parameters:
    ///   - validator: checks every configuration against the MEF 139 schemas before anything is sent; a line whose
    ///     configuration fails (a bug in blackhail or a site value the schema forbids) is left out and reported in
    ///     `rejected`, never sent.
    ///   - deadline: the run's; planning stops there (or when the task is cancelled, on Ctrl-C), leaving the sites
    ///     after the last planned one unplanned. Validating a hundred thousand sites' configurations took most of a
    ///     minute, more than a short `--timeout`.
    package init(sites: [Site], validator: PayloadValidator?, until deadline: ContinuousClock.Instant? = nil) {
        self.sites = sites
        siteIndex = SiteIndex(sites)
        var lines: [PlanLine] = []
        var rejected: [String: [String]] = [:]
        var planned = 0
        // Sites' configurations are mostly alike: their equal parts are kept once (34 MB of objects and arrays at
        // 10,000 sites, 15 MB shared).
        var parts = JSONSharedParts()
        for site in sites {
            if let deadline, ContinuousClock.now >= deadline { break }
            if Task.isCancelled { break }
            planned += 1
            for (index, bandwidth) in site.bandwidths.enumerated() {
                let id = "\(site.id)~\(index + 1)"
                var components = ProductConfigurationBuilder.components(site: site, bandwidth: bandwidth, lineId: id)
                for position in components.indices {
                    components[position].configuration = parts.sharing(components[position].configuration)
                }
                let line = PlanLine(site: site, bandwidth: bandwidth, itemId: id, components: components)
                let issues = line.components.flatMap { component in
                    (validator?.validate(component.configuration) ?? []).map { "\($0.pointer): \($0.message)" }
                }
                if issues.isEmpty {
                    lines.append(line)
                } else {
                    rejected[site.id, default: []].append(
                        "the MEF 139 configuration for \(bandwidth) is invalid, nothing was sent: "
                            + issues.prefix(3).joined(separator: "; "))
                }
            }
        }
        self.lines = lines
        self.rejected = rejected
        plannedSites = planned
        addressValidations = Dictionary(
            sites.prefix(planned).map { ($0.id, SonataRequests.addressValidation($0.address).serializedBytesToKeep()) },
            uniquingKeysWith: { first, _ in first })
        addressKeys = addressValidations.mapValues { Checksum.sha256($0) }
    }

    package func site(id: String) -> Site? { sites.first { $0.id == id } }
}

/// One site and bandwidth: the POQ items of its product's components, and the same again as quote items per
/// requested term.
///
/// A class, shared rather than copied: every seller's session keeps its lines through each stage (the lines it
/// quotes, the qualified lines, the quote item requests and their batches), and a copy of a line carries its `Site`
/// inline, about a kilobyte. heaptrack at 3,000 sites x 20 sellers found those copies to be 180 of the 470 MB peak,
/// growing with sites x sellers; a reference is 8 bytes.
package final class PlanLine: Sendable {
    package let site: Site
    package let bandwidth: Bandwidth
    /// Identifies the line; Basic IA's single item uses it as its item id, components append their role.
    package let itemId: String
    package let components: [PlanComponent]

    package init(site: Site, bandwidth: Bandwidth, itemId: String, components: [PlanComponent]) {
        self.site = site
        self.bandwidth = bandwidth
        self.itemId = itemId
        self.components = components
    }
}

/// One separately ordered MEF 139 product of a site: a POQ item, then a quote item per term.
package struct PlanComponent: Sendable {
    package var role: Role
    package var itemId: String
    package var configuration: JSONValue {
        didSet { encodedConfiguration = configuration.serializedBytesToKeep() }
    }
    /// The configuration's JSON, encoded once for every seller's requests.
    package private(set) var encodedConfiguration: [UInt8]
    /// Whether the item carries the install location (`place` with role `INSTALL_LOCATION`).
    package var carriesPlace: Bool
    /// Links to other items of the same line (W139 Table 3), sent as item relationships.
    package var relationships: [Relationship]

    package init(
        role: Role, itemId: String, configuration: JSONValue, carriesPlace: Bool = false,
        relationships: [Relationship] = []
    ) {
        self.role = role
        self.itemId = itemId
        self.configuration = configuration
        self.encodedConfiguration = configuration.serializedBytesToKeep()
        self.carriesPlace = carriesPlace || role == .internetAccess
        self.relationships = relationships
    }

    package enum Role: String, Sendable {
        /// Basic Internet Access: the whole service in one item.
        case internetAccess = "bia"
        case ipvc
        case ipUni = "uni"
        case ipUniAccessLink = "link"
        case trunk
        case exclusive = "eaia"
    }

    package struct Relationship: Sendable {
        package var type: String
        /// The item id of the target component (POQ); quote items append the term.
        package var target: String
    }
}
