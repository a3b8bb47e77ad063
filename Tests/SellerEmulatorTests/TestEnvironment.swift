import BlackHailCore
import Foundation
import SellerEmulator

/// Paths and fixtures shared by the emulator tests.
enum TestEnvironment {
    /// The repository root: the directory holding Package.swift above this file.
    static let repositoryRoot: URL = {
        var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("Package.swift").path) {
            directory.deleteLastPathComponent()
        }
        return directory
    }()

    /// `../shared/mef/examples`, the MEF 139 example payloads.
    static let mefExamples = repositoryRoot.appendingPathComponent("../shared/mef/examples").standardizedFileURL

    static var hasMEFExamples: Bool { FileManager.default.fileExists(atPath: mefExamples.path) }

    /// The demo sellers shipped in `sellers/`.
    static func demoSellers() throws -> [SellerProfile] {
        try SellerDirectory.load(from: repositoryRoot.appendingPathComponent("sellers"))
    }

    /// One demo seller with its faults and latency removed, for tests that are not about them.
    static func quietSeller(_ id: String, _ adjust: (inout EmulationProfile) -> Void = { _ in }) throws -> SellerProfile
    {
        guard var profile = try demoSellers().first(where: { $0.id == id }), var emulation = profile.emulate else {
            throw TestFailure("no demo seller \(id)")
        }
        emulation.latencyMilliseconds = 0...0
        emulation.faults = FaultRates()
        adjust(&emulation)
        profile.emulate = emulation
        return profile
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
