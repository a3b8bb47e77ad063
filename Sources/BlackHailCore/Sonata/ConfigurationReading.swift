import JSONCore

/// What an offer needs from a MEF 139 configuration a seller sent back: the access bandwidth and the uptime it
/// commits to. Read tolerantly, noting drift.
package struct ConfigurationSummary: Sendable, Hashable {
    /// SP to Subscriber (the UNI egress envelope), bit/s.
    package var downstream: Int64?
    /// Subscriber to SP (the UNI ingress envelope), bit/s.
    package var upstream: Int64?
    package var uptimePercent: Double?

    package static let unitMultipliers: [String: Double] = [
        "BPS": 1, "KBPS": 1e3, "MBPS": 1e6, "GBPS": 1e9, "TBPS": 1e12, "PBPS": 1e15, "EBPS": 1e18, "ZBPS": 1e21,
        "YBPS": 1e24,
    ]

    package init(downstream: Int64? = nil, upstream: Int64? = nil, uptimePercent: Double? = nil) {
        self.downstream = downstream
        self.upstream = upstream
        self.uptimePercent = uptimePercent
    }

    /// Reads one configuration: Basic and Exclusive IA carry `ipvc` and `ipUni` inside; the Advanced IA IPVC
    /// and IP UNI items are those objects themselves.
    package init(_ configuration: JSONValue, reader: inout TolerantReader) {
        let urn = configuration["@type"]?.stringValue ?? ""
        if urn.contains(":v0.2.0:") { reader.note("productConfiguration @type uses the pre-release URN \(urn)") }
        let uni: JSONValue? = configuration["ipUni"] ?? (urn.contains(":ip-uni:") ? configuration : nil)
        let ipvc: JSONValue? =
            configuration["ipvc"] ?? (urn.contains(":advanced-internet-access-ipvc:") ? configuration : nil)
        if let uni {
            let ingress = reader.list(
                uni["ingressBandwidthProfileEnvelope"], field: "ipUni.ingressBandwidthProfileEnvelope")
            let egress = reader.list(
                uni["egressBandwidthProfileEnvelope"], field: "ipUni.egressBandwidthProfileEnvelope")
            upstream = Self.rate(ingress.first)
            downstream = Self.rate(egress.first)
        }
        if let ipvc {
            let sls = reader.list(ipvc["serviceLevelSpecification"], field: "ipvc.serviceLevelSpecification")
            let uptimes = sls.flatMap { reader.list($0["serviceUptime"], field: "serviceUptime") }
            uptimePercent = uptimes.compactMap { $0["serviceUptimeObjective"]?.doubleValue }.min()
        }
    }

    /// What the components of one product say together: each value from the component that carries it.
    package func merged(with other: ConfigurationSummary) -> ConfigurationSummary {
        ConfigurationSummary(
            downstream: downstream ?? other.downstream, upstream: upstream ?? other.upstream,
            uptimePercent: uptimePercent ?? other.uptimePercent)
    }

    /// The `maxIr` (or `maxIrE`) of an envelope, in bit/s, decimal units.
    static func rate(_ envelope: JSONValue?) -> Int64? {
        guard let rate = envelope?["maxIr"] ?? envelope?["maxIrE"], let value = rate["irValue"]?.doubleValue,
            let unit = rate["irUnits"]?.stringValue, let multiplier = unitMultipliers[unit]
        else { return nil }
        let bits = value * multiplier
        // A rate no access has (negative, NaN, beyond Int64) is kept as 0 or Int64.max rather than dropped: dropped,
        // the offer would look like it carries what was asked; kept, `OfferBounds` names it and the offer never ranks.
        guard bits.isFinite, bits >= 0 else { return bits == .infinity ? .max : 0 }
        return bits < 9.2e18 ? Int64(bits.rounded()) : .max
    }
}
