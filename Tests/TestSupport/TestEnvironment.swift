import BlackHailCore
import Foundation

/// Paths and fixtures shared by the test targets.
package enum TestEnvironment {
    /// The repository root: the directory holding Package.swift above this file.
    package static let repositoryRoot: URL = {
        var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("Package.swift").path) {
            directory.deleteLastPathComponent()
        }
        return directory
    }()

    /// `../shared/mef/examples`, the MEF 139 example payloads.
    package static let mefExamples = repositoryRoot.appendingPathComponent("../shared/mef/examples").standardizedFileURL

    package static var hasMEFExamples: Bool { FileManager.default.fileExists(atPath: mefExamples.path) }

    /// The demo sellers shipped in `sellers/`.
    package static func demoSellers() throws -> [SellerProfile] {
        try SellerDirectory.load(from: repositoryRoot.appendingPathComponent("sellers"))
    }

    /// One demo seller with its faults and latency removed, for tests that are not about them.
    package static func quietSeller(
        _ id: String, _ adjust: (inout EmulationProfile) -> Void = { _ in }
    ) throws -> SellerProfile {
        guard let profile = try demoSellers().first(where: { $0.id == id }) else {
            throw TestFailure("no demo seller \(id)")
        }
        return quiet(profile, adjust)
    }

    /// A demo profile without latency and faults, then adjusted.
    package static func quiet(
        _ profile: SellerProfile, _ adjust: (inout EmulationProfile) -> Void = { _ in }
    ) -> SellerProfile {
        guard var emulation = profile.emulate else { return profile }
        emulation.latencyMilliseconds = 0...0
        emulation.faults = FaultRates()
        adjust(&emulation)
        var quieted = profile
        quieted.emulate = emulation
        return quieted
    }

    /// The example site list shipped in `examples/sites.csv`.
    package static func exampleSites() throws -> [Site] {
        try SiteListReader.read(contentsOf: repositoryRoot.appendingPathComponent("examples/sites.csv")).sites
    }
}

package struct TestFailure: Error, CustomStringConvertible {
    package var description: String

    package init(_ description: String) {
        self.description = description
    }
}
