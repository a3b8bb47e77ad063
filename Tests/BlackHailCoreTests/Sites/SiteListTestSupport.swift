import Foundation
import Testing

@testable import BlackHailCore

/// Helpers shared by the site list tests.
enum SiteListTestSupport {
    /// The smallest header with every required column.
    static let header = "site_id,street_name,city,country,bandwidth_mbps"

    /// Parses `text` as `sites.csv`, expecting success.
    static func sites(_ text: String) throws -> [Site] {
        try SiteListReader.parse(Array(text.utf8), sourceName: "sites.csv").sites
    }

    /// Parses `bytes` as `sites.csv`, expecting failure, and returns the problems.
    static func problems(_ bytes: [UInt8]) -> [SiteListProblem] {
        do {
            let list = try SiteListReader.parse(bytes, sourceName: "sites.csv")
            Issue.record("expected problems, read \(list.sites.count) sites")
            return []
        } catch {
            return error.problems
        }
    }

    static func problems(_ text: String) -> [SiteListProblem] {
        problems(Array(text.utf8))
    }

    /// The directory of this package: the nearest one above this file with a `Package.swift`.
    static func packageDirectory(from filePath: String = #filePath) throws -> URL {
        var directory = URL(fileURLWithPath: filePath).deletingLastPathComponent()
        while directory.path != "/" {
            if FileManager.default.fileExists(atPath: directory.appendingPathComponent("Package.swift").path) {
                return directory
            }
            directory.deleteLastPathComponent()
        }
        throw CocoaError(.fileNoSuchFile)
    }
}
