import Foundation

/// Where a profile may send requests. A seller's base URL and token URL carry the buyer's sites, contacts and
/// credentials: never to a link-local or cloud-metadata address (a profile pointing there reads the machine's
/// cloud credentials), and never over plain `http` off this machine unless the profile says so
/// (`sonata.allowPlainHTTP: true`, for a test seller on a private network).
package enum RequestDestination {
    /// Host names of cloud metadata services.
    static let metadataHosts: Set<String> = ["metadata.google.internal", "metadata", "metadata.azure.internal"]

    /// What is wrong with sending requests to `url` (named `key` in the profile); empty when nothing is.
    package static func problems(_ url: String, key: String, allowPlainHTTP: Bool) -> [String] {
        guard let parsed = URL(string: url), let host = parsed.host?.lowercased() else { return [] }
        var problems: [String] = []
        if isLinkLocalOrMetadata(host) {
            problems.append("\(key) '\(url)' is a link-local or cloud-metadata address; requests never go there")
        }
        if parsed.scheme?.lowercased() == "http", !allowPlainHTTP, !SellerTLS.isLoopback(url) {
            problems.append(
                "\(key) '\(url)' is plain http off this machine: use https, or set sonata.allowPlainHTTP: true")
        }
        return problems
    }

    /// 169.254.0.0/16 (where 169.254.169.254 answers on every cloud), fe80::/10, fd00:ec2::254 (AWS over IPv6)
    /// and the metadata host names.
    static func isLinkLocalOrMetadata(_ host: String) -> Bool {
        var host = host.hasSuffix(".") ? String(host.dropLast()) : host
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if metadataHosts.contains(host) { return true }
        var ipv4 = in_addr()
        if inet_pton(AF_INET, host, &ipv4) == 1 {
            let octets = withUnsafeBytes(of: ipv4.s_addr) { Array($0) }
            return octets[0] == 169 && octets[1] == 254
        }
        var ipv6 = in6_addr()
        if inet_pton(AF_INET6, host, &ipv6) == 1 {
            let bytes = withUnsafeBytes(of: ipv6) { Array($0) }
            if bytes[0] == 0xFE, bytes[1] & 0xC0 == 0x80 { return true }
            let awsMetadata: [UInt8] = [0xFD, 0x00, 0x0E, 0xC2] + Array(repeating: 0, count: 10) + [0x02, 0x54]
            if bytes == awsMetadata { return true }
            // An IPv4-mapped address (::ffff:169.254.169.254) is the IPv4 address.
            if bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xFF, bytes[11] == 0xFF {
                return bytes[12] == 169 && bytes[13] == 254
            }
        }
        return false
    }
}
