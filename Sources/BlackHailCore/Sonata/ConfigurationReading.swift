import MEF139

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

    package init(_ configuration: JSONValue, reader: inout TolerantReader) {
        if let urn = configuration["@type"]?.stringValue, urn.contains(":v0.2.0:") {
            reader.note("productConfiguration @type uses the pre-release URN \(urn)")
        }
        let uni = configuration["ipUni"]
        upstream = Self.rate(
            reader.list(uni?["ingressBandwidthProfileEnvelope"], field: "ipUni.ingressBandwidthProfileEnvelope").first)
        downstream = Self.rate(
            reader.list(uni?["egressBandwidthProfileEnvelope"], field: "ipUni.egressBandwidthProfileEnvelope").first)
        let sls = reader.list(
            configuration["ipvc"]?["serviceLevelSpecification"], field: "ipvc.serviceLevelSpecification")
        let uptimes = sls.flatMap { reader.list($0["serviceUptime"], field: "serviceUptime") }
        uptimePercent = uptimes.compactMap { $0["serviceUptimeObjective"]?.doubleValue }.min()
    }

    /// The `maxIr` (or `maxIrE`) of an envelope, in bit/s, decimal units.
    static func rate(_ envelope: JSONValue?) -> Int64? {
        guard let rate = envelope?["maxIr"] ?? envelope?["maxIrE"], let value = rate["irValue"]?.doubleValue,
            let unit = rate["irUnits"]?.stringValue, let multiplier = unitMultipliers[unit]
        else { return nil }
        let bits = value * multiplier
        return bits < 9.2e18 ? Int64(bits.rounded()) : nil
    }
}
