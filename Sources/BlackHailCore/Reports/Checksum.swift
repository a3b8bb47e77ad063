import Crypto
import Foundation

/// SHA-256 of a byte sequence, for the input checksums a run records (swift-crypto, already used for auth).
package enum Checksum {
    /// The digest as 64 lower-case hex digits, as `sha256sum` prints it. Written digit by digit: `String(format:)`
    /// per byte was a third of planning a hundred thousand sites (every site's address key is one of these).
    package static func sha256(_ bytes: some Collection<UInt8>) -> String {
        let digest = SHA256.hash(data: Data(bytes))
        var hex: [UInt8] = []
        hex.reserveCapacity(SHA256.byteCount * 2)
        for byte in digest {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: hex, as: UTF8.self)
    }

    private static let digits = Array("0123456789abcdef".utf8)
}
