import Foundation
import JSONCore
import MEF139

/// Files the tests read from outside the package.
enum TestResources {
    /// The package root: the nearest folder above this file that holds `Package.swift`.
    static let packageRoot: URL? = {
        var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while directory.path != "/" {
            if FileManager.default.fileExists(atPath: directory.appendingPathComponent("Package.swift").path) {
                return directory
            }
            directory.deleteLastPathComponent()
        }
        return nil
    }()

    /// `shared/mef/...` next to the repository (`../shared` from the package root); when the package
    /// sits deeper, the nearest ancestor's `shared` folder. `MEF139_SHARED` overrides both.
    static let sharedDirectory: URL? = {
        if let override = ProcessInfo.processInfo.environment["MEF139_SHARED"] {
            return URL(fileURLWithPath: override, isDirectory: true)
        }
        guard var directory = packageRoot?.deletingLastPathComponent() else { return nil }
        while true {
            let candidate = directory.appendingPathComponent("shared", isDirectory: true)
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("mef").path) {
                return candidate
            }
            if directory.path == "/" { return nil }
            directory.deleteLastPathComponent()
        }
    }()

    /// `shared/mef/vectors/mef139-vectors.json`, if present.
    static let vectorsURL: URL? = {
        guard let url = sharedDirectory?.appendingPathComponent("mef/vectors/mef139-vectors.json"),
            FileManager.default.fileExists(atPath: url.path)
        else { return nil }
        return url
    }()

    /// `shared/mef/examples/<name>`, if present.
    static func example(_ name: String) -> URL? {
        guard let url = sharedDirectory?.appendingPathComponent("mef/examples/\(name)"),
            FileManager.default.fileExists(atPath: url.path)
        else { return nil }
        return url
    }

    /// The bundled validator, compiled once for all tests.
    static func validator() throws -> PayloadValidator {
        try PayloadValidator.bundled()
    }

    /// Parses JSON text written in a test.
    static func json(_ text: String) throws -> JSONValue {
        try JSONValue(parsing: text)
    }
}
