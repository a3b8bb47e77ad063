import Crypto
import Foundation

/// SHA-256 of a byte sequence, for the input checksums a run records (swift-crypto, already used for auth).
package enum Checksum {
    /// The digest as 64 lower-case hex digits, as `sha256sum` prints it.
    package static func sha256(_ bytes: some Collection<UInt8>) -> String {
        SHA256.hash(data: Data(bytes)).map { String(format: "%02x", $0) }.joined()
    }
}
