import JSONCore

/// Builds the MEF 139 `productConfiguration` blackhail asks every seller to qualify and quote for a site.
///
/// Only what the site list says is set, plus the values W139 and MEF 69.1 recommend for a plain Internet
/// Access (one best-effort class of service, DHCP DNS, the IPVC end point envelopes None). Everything else is
/// left out so that each seller's agreed defaults apply (W139 R1-R15).
package enum ProductConfigurationBuilder {
    package static let basicInternetAccessURN = "urn:mef:lso:spec:cantata-sonata:basic-internet-access:v1.0.0:all"
    package static let advancedIpvcURN = "urn:mef:lso:spec:cantata-sonata:advanced-internet-access-ipvc:v1.0.0:all"
    package static let exclusiveURN = "urn:mef:lso:spec:cantata-sonata:exclusive-advanced-internet-access:v1.0.0:all"
    package static let ipUniURN = "urn:mef:lso:spec:cantata-sonata:ip-uni:v1.0.0:all"
    package static let ipUniAccessLinkURN = "urn:mef:lso:spec:cantata-sonata:ip-uni-access-link:v1.0.0:all"
    package static let trunkURN = "urn:mef:lso:spec:cantata-sonata:ethernet-uni-access-link-trunk:v1.0.0:all"

    /// The items one site and bandwidth needs: Basic IA is one item; Advanced IA four separately ordered products
    /// (IPVC, IP UNI, IP UNI Access Link, Ethernet UNI Access Link Trunk); Exclusive Advanced IA two (the service
    /// and its trunk). Only the trunk (or the Basic item) carries the install location (W139 section 8.3).
    package static func components(site: Site, bandwidth: Bandwidth, lineId: String) -> [PlanComponent] {
        switch site.product {
        case .basic:
            return [
                PlanComponent(
                    role: .internetAccess, itemId: lineId,
                    configuration: basicInternetAccess(site: site, bandwidth: bandwidth))
            ]
        case .advanced:
            let tag = identifierTag(site.id)
            func id(_ role: PlanComponent.Role) -> String { "\(lineId)~\(role.rawValue)" }
            var ipvc = advancedIpvc(site: site)
            ipvc["@type"] = .string(advancedIpvcURN)
            var uni = advancedUni(bandwidth: bandwidth, tag: tag)
            uni["@type"] = .string(ipUniURN)
            var link = advancedAccessLink(tag: tag)
            link["@type"] = .string(ipUniAccessLinkURN)
            return [
                PlanComponent(
                    role: .ipvc, itemId: id(.ipvc), configuration: .object(ipvc),
                    relationships: [.init(type: "CONNECTS_TO_IPUNI", target: id(.ipUni))]),
                PlanComponent(role: .ipUni, itemId: id(.ipUni), configuration: .object(uni)),
                PlanComponent(
                    role: .ipUniAccessLink, itemId: id(.ipUniAccessLink), configuration: .object(link),
                    relationships: [
                        .init(type: "PART_OF_IPUNI", target: id(.ipUni)),
                        .init(type: "CARRIED_OVER_TRUNK", target: id(.trunk)),
                    ]),
                PlanComponent(
                    role: .trunk, itemId: id(.trunk), configuration: trunkItem(bandwidth: bandwidth, tag: tag),
                    carriesPlace: true),
            ]
        case .exclusive:
            let tag = identifierTag(site.id)
            func id(_ role: PlanComponent.Role) -> String { "\(lineId)~\(role.rawValue)" }
            let service: JSONValue = [
                "@type": .string(exclusiveURN),
                "ipvc": .object(advancedIpvc(site: site)),
                "ipUni": .object(advancedUni(bandwidth: bandwidth, tag: tag)),
                "ipUniAccessLink": .object(advancedAccessLink(tag: tag)),
            ]
            return [
                PlanComponent(
                    role: .exclusive, itemId: id(.exclusive), configuration: service,
                    relationships: [.init(type: "CARRIED_OVER_TRUNK", target: id(.trunk))]),
                PlanComponent(
                    role: .trunk, itemId: id(.trunk), configuration: trunkItem(bandwidth: bandwidth, tag: tag),
                    carriesPlace: true),
            ]
        }
    }

    /// The Basic Internet Access configuration for one site and bandwidth.
    package static func basicInternetAccess(site: Site, bandwidth: Bandwidth) -> JSONValue {
        let tag = identifierTag(site.id)
        let ipvc = ipvc(site: site, endPoint: [:])
        var accessLink: JSONObject = [
            "identifier": .string("UNIAL.\(tag)"),
            "connectionType": "POINT_TO_POINT",
            "l2Technology": ["demux": []],
            "mtu": 1500,
            "prefixDelegation": "DISABLED",
            "ipv4ConnectionAddressing": [],
        ]
        accessLink["ipv6ConnectionAddressing"] = site.ipv6PrefixLength == nil ? [] : [["ipv6AddressType": "DHCP"]]
        return [
            "@type": .string(basicInternetAccessURN),
            "ipvc": .object(ipvc),
            "ipUni": [
                "managementType": "SUBSCRIBER_MANAGED",
                "reversePathForwarding": "ENABLED",
                // Ingress is Subscriber to Service Provider (upstream), egress the reverse (inferred from MEF 61.1).
                "ingressBandwidthProfileEnvelope": [envelope(bitsPerSecond: bandwidth.upstream)],
                "egressBandwidthProfileEnvelope": [envelope(bitsPerSecond: bandwidth.downstream)],
            ],
            "ipUniAccessLink": .object(accessLink),
            "ipUniAccessLinkTrunk": trunk(bandwidth: bandwidth, tag: tag),
        ]
    }

    /// The Advanced IA IPVC (`IaIpvcCommon` with an `AdvancedIaIpvcEndPoint`), shared by Advanced and Exclusive.
    static func advancedIpvc(site: Site) -> JSONObject {
        ipvc(site: site, endPoint: ["prefixMapping": [], "egressClassOfServiceMap": []])
    }

    /// The IPVC common to every Internet Access product: one best-effort class of service, the site's public
    /// prefixes and SLA, and an end point (with the product's `extra` members) whose envelopes are None.
    static func ipvc(site: Site, endPoint extra: JSONObject) -> JSONObject {
        var endPoint: JSONObject = ["identifier": .string("IPVCEP.\(identifierTag(site.id))")]
        for (key, value) in extra { endPoint[key] = value }
        // MEF 69.1 D5/D6: the end point envelopes SHOULD be None; the access rate lives on the UNI.
        endPoint["ingressBandwidthProfileEnvelope"] = []
        endPoint["egressBandwidthProfileEnvelope"] = []
        var ipvc: JSONObject = [
            "classOfServiceName": "Best-effort",
            "dscpPreservation": "DISABLED",
            "mtu": 1500,
            "pathMtuDiscovery": "ENABLED",
            "cloud": .object(cloud(site)),
            "ipvcEndPoint": .object(endPoint),
        ]
        if let sls = serviceLevel(site) { ipvc["serviceLevelSpecification"] = sls }
        return ipvc
    }

    /// The IP UNI of Advanced and Exclusive IA: the access rate as the envelope maximum (`maxIrE`) with one flow
    /// for the IPVC end point.
    static func advancedUni(bandwidth: Bandwidth, tag: String) -> JSONObject {
        func envelope(_ bitsPerSecond: Int64) -> JSONValue {
            [
                "maxIrE": informationRate(bitsPerSecond),
                "tE": 10,
                "bwpFlowPerIpvcEp": [
                    [
                        "flowIdentifier": 1,
                        "cir": ["irValue": 0, "irUnits": "MBPS"],
                        "maxIr": informationRate(bitsPerSecond),
                        "weight": 0,
                        "burstBehavior": "OPTIMIZE_THROUGHPUT",
                        "ipvcEndPointIdentifier": [.string("IPVCEP.\(tag)")],
                    ]
                ],
            ]
        }
        return [
            "managementType": "SUBSCRIBER_MANAGED",
            "reversePathForwarding": "ENABLED",
            "ingressBandwidthProfileEnvelope": [envelope(bandwidth.upstream)],
            "egressBandwidthProfileEnvelope": [envelope(bandwidth.downstream)],
        ]
    }

    /// The IP UNI Access Link of Advanced and Exclusive IA: static /31 IPv4 link addressing (Advanced IA must use
    /// static or none, W139 R22/R26), no IPv6 link addressing.
    static func advancedAccessLink(tag: String) -> JSONObject {
        [
            "identifier": .string("UNIAL.\(tag)"),
            "connectionType": "POINT_TO_POINT",
            "l2Technology": ["demux": []],
            "mtu": 1500,
            "prefixDelegation": "DISABLED",
            "dhcpRelay": [],
            "bfd": [],
            "ingressBwpEnvelope": [],
            "egressBwpEnvelope": [],
            "ipv4ConnectionAddressing": [
                ["ipv4AddressingType": "STATIC", "ipv4PrimarySubnet": ["ipv4Prefix": ["prefixLength": 31]]]
            ],
            "ipv6ConnectionAddressing": [],
        ]
    }

    /// The Ethernet UNI Access Link Trunk as its own product item.
    static func trunkItem(bandwidth: Bandwidth, tag: String) -> JSONValue {
        guard case .object(var trunk) = trunk(bandwidth: bandwidth, tag: tag) else { return .null }
        trunk["@type"] = .string(trunkURN)
        return .object(trunk)
    }

    static func trunk(bandwidth: Bandwidth, tag: String) -> JSONValue {
        [
            "ethernetPhysicalLink": [
                [
                    "identifier": .string("UNIALT.\(tag)"),
                    "physicalLayer": .string(physicalLayer(for: bandwidth)),
                    "connectorType": "LC",
                    "gender": "SOCKET",
                    "synchronousEthernet": "DISABLED",
                ]
            ],
            "ethernetLinkAggregation": [],
            "ethernetLinkOam": "DISABLED",
        ]
    }

    static func serviceLevel(_ site: Site) -> JSONValue? {
        site.minSlaUptime.map { uptime in
            [
                [
                    "periodOfTime": ["timeDurationValue": 1, "timeDurationUnits": "MONTH"],
                    "serviceUptime": [["serviceUptimeObjective": .double(uptime)]],
                ]
            ]
        }
    }

    /// The bandwidth profile envelope of the UNI: no committed rate, the access rate as the maximum.
    static func envelope(bitsPerSecond: Int64) -> JSONValue {
        [
            "cir": ["irValue": 0, "irUnits": "MBPS"],
            "maxIr": informationRate(bitsPerSecond),
            "tE": 10,
            "burstBehavior": "OPTIMIZE_THROUGHPUT",
        ]
    }

    /// The largest MEF unit that expresses the rate as a whole number (`irValue` is a number, but sellers
    /// compare integers more reliably).
    static func informationRate(_ bitsPerSecond: Int64) -> JSONValue {
        for (unit, scale) in [("GBPS", Int64(1_000_000_000)), ("MBPS", 1_000_000), ("KBPS", 1_000)]
        where bitsPerSecond % scale == 0 {
            return ["irValue": .integer(bitsPerSecond / scale), "irUnits": .string(unit)]
        }
        return ["irValue": .integer(bitsPerSecond), "irUnits": "BPS"]
    }

    /// Public addressing: the prefixes the site asks the seller to assign (origin SP), and DHCP DNS (Basic IA
    /// must not have DNS None, W139 R12).
    private static func cloud(_ site: Site) -> JSONObject {
        var cloud: JSONObject = ["dns": ["dnsType": "DHCP"]]
        var prefixes: [JSONValue] = []
        if let length = site.ipv4PrefixLength {
            // The address is the seller's to assign; 0.0.0.0 marks "any block of this size".
            prefixes.append(["ipv4Prefix": ["ipv4Address": "0.0.0.0", "prefixLength": .integer(Int64(length))]])
        }
        if let length = site.ipv6PrefixLength {
            prefixes.append(["ipv6Prefix": ["ipv6Address": "::", "prefixLength": .integer(Int64(length))]])
        }
        if !prefixes.isEmpty { cloud["subscriberPrefixList"] = [["origin": "SP", "prefixes": .array(prefixes)]] }
        return cloud
    }

    /// A fibre PHY that carries the rate: 1 GbE up to 1 Gbit/s, 10 GbE up to 10, 100 GbE above.
    static func physicalLayer(for bandwidth: Bandwidth) -> String {
        switch max(bandwidth.downstream, bandwidth.upstream) {
        case ...1_000_000_000: "1000BASE_LX"
        case ...10_000_000_000: "10GBASE_LR"
        default: "100GBASE_LR4"
        }
    }

    /// Buyer-set identifiers are at most 53 characters (IPVC end point) and name the site.
    static func identifierTag(_ siteId: String) -> String {
        String(siteId.filter { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }.prefix(40))
    }
}
