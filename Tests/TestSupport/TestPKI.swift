import Crypto
import Foundation
import SwiftASN1
import X509

/// A throwaway certificate authority made at test time, and the certificates it issues, written as PEM files into
/// a fresh directory (removed by `remove()`). Keys are EC P-256 and their files are readable by the owner only, as
/// blackhail requires of key files.
package struct TestPKI: Sendable {
    package let directory: URL
    /// The CA certificate, as a `tls.caBundle` names it.
    package let caCertificateFile: String
    private let caName: DistinguishedName
    private let caKey: P256.Signing.PrivateKey

    /// A certificate and its key, as files.
    package struct Issued: Sendable {
        package var certificateFile: String
        package var keyFile: String
    }

    /// What a certificate is for.
    package enum Usage: Sendable {
        case server
        case client
    }

    package init(name: String = "blackhail test CA") throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("pki-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        caKey = P256.Signing.PrivateKey()
        caName = try DistinguishedName { CommonName(name) }
        let now = Date()
        let certificate = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: .init(caKey.publicKey),
            notValidBefore: now.addingTimeInterval(-3600), notValidAfter: now.addingTimeInterval(86_400),
            issuer: caName, subject: caName, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: nil))
                Critical(KeyUsage(digitalSignature: true, keyCertSign: true))
            },
            issuerPrivateKey: .init(caKey))
        caCertificateFile = directory.appendingPathComponent("ca.pem").path
        try Self.write(try certificate.serializeAsPEM().pemString, to: caCertificateFile, permissions: 0o644)
    }

    /// A certificate for `hosts` (DNS names or IP addresses), valid from an hour ago for a day unless `expired`
    /// (then it ran out an hour ago).
    package func issue(
        _ name: String, hosts: [String] = ["localhost", "127.0.0.1"], usage: Usage = .server, expired: Bool = false
    ) throws -> Issued {
        let key = P256.Signing.PrivateKey()
        let now = Date()
        let names = hosts.map { host -> GeneralName in
            var address = in_addr()
            if inet_pton(AF_INET, host, &address) == 1 {
                return .ipAddress(ASN1OctetString(contentBytes: withUnsafeBytes(of: address.s_addr) { Array($0)[...] }))
            }
            return .dnsName(host)
        }
        let certificate = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: .init(key.publicKey),
            notValidBefore: now.addingTimeInterval(expired ? -86_400 : -3600),
            notValidAfter: now.addingTimeInterval(expired ? -3600 : 86_400),
            issuer: caName, subject: try DistinguishedName { CommonName(name) }, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true))
                try ExtendedKeyUsage([usage == .server ? .serverAuth : .clientAuth])
                SubjectAlternativeNames(names)
            },
            issuerPrivateKey: .init(caKey))
        let issued = Issued(
            certificateFile: directory.appendingPathComponent("\(name).pem").path,
            keyFile: directory.appendingPathComponent("\(name)-key.pem").path)
        try Self.write(try certificate.serializeAsPEM().pemString, to: issued.certificateFile, permissions: 0o644)
        try Self.write(key.pemRepresentation, to: issued.keyFile, permissions: 0o600)
        return issued
    }

    package func remove() {
        try? FileManager.default.removeItem(at: directory)
    }

    private static func write(_ text: String, to path: String, permissions: Int) throws {
        guard
            FileManager.default.createFile(
                atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: permissions])
        else { throw TestFailure("cannot write \(path)") }
    }
}
