import BlackHailCore
import Foundation

/// Loads the seller profiles of a directory; every problem names its file (`SellerProfileError`, bad input).
func loadProfiles(from directory: String) throws -> [SellerProfile] {
    try SellerDirectory.load(from: URL(fileURLWithPath: directory))
}
