import BlackHailCore
import Foundation

/// Loads the seller profiles of a directory, turning problems into a data error that names each file.
func loadProfiles(from directory: String) throws -> [SellerProfile] {
    do {
        return try SellerDirectory.load(from: URL(fileURLWithPath: directory))
    } catch {
        throw CommandFailure(status: ExitStatus.dataError, message: error.description)
    }
}
