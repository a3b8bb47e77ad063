import ArgumentParser
import BlackHailCore
import Foundation
import JSONCore
import MEF139

extension BlackHailCommand {
    struct Validate: AsyncParsableCommand, WritesJSON {
        static let configuration = CommandConfiguration(
            abstract: "Check MEF 139 payload files against the official schemas (strict).",
            discussion: """
                Each FILE is a bare productConfiguration (its @type is a MEF 139 URN) or a whole POQ, Quote or \
                Product Order request or response, whose every productConfiguration is checked. Drift that \
                'blackhail quote' tolerates from sellers (one-item lists sent as objects, v0.2.0 URNs, string \
                booleans) is an error here.

                EXAMPLES:
                  blackhail validate payload.json
                  blackhail validate -o json captures/*.json

                Exit codes: 0 every file is valid, 65 some file is invalid or unreadable.
                """
        )

        @Argument(help: "Payload files (JSON).", completion: .file(extensions: ["json"]))
        var files: [String]

        @Option(name: [.customShort("o"), .customLong("output")], help: "Output format: text or json.")
        var format: Format = .text

        var writesJSON: Bool { format == .json }

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case text, json
        }

        func run() async throws {
            let validator: PayloadValidator
            do {
                validator = try PayloadValidator.bundled()
            } catch {
                throw CommandFailure(.environment, "cannot load the MEF 139 schemas: \(error)")
            }
            let reports = files.map { file in FileReport(file: file, validator: validator) }
            switch format {
            case .text: Console.out(reports.map(\.text).joined(separator: "\n"))
            case .json: Console.out(JSONValue.array(reports.map(\.json)).serialized(pretty: true))
            }
            if reports.contains(where: { !$0.isValid }) { throw ExitStatus.dataError }
        }
    }
}

/// What `blackhail validate` found in one file.
struct FileReport {
    var file: String
    var configurations: [String]
    var issues: [PayloadIssue]
    var unreadable: String?

    init(file: String, validator: PayloadValidator) {
        self.file = file
        guard let data = FileManager.default.contents(atPath: file) else {
            configurations = []
            issues = []
            unreadable = "cannot read the file"
            return
        }
        let report = validator.checkFile(data)
        configurations = report.configurations
        issues = report.issues
    }

    var isValid: Bool { unreadable == nil && issues.isEmpty && !configurations.isEmpty }

    /// `file: error: /pointer: message`, one line per issue, compiler style.
    var text: String {
        if let unreadable { return "\(file): error: \(unreadable)" }
        if issues.isEmpty, configurations.isEmpty { return "\(file): error: no MEF 139 product configuration found" }
        guard !issues.isEmpty else {
            return
                "\(file): valid (\(configurations.count) product configuration\(configurations.count == 1 ? "" : "s"))"
        }
        return issues.map { issue in
            let position = issue.position.map { ":\($0.line):\($0.column)" } ?? ""
            let location = issue.pointer.isEmpty ? "" : "\(issue.pointer): "
            return "\(file)\(position): error: \(location)\(issue.message)"
        }.joined(separator: "\n")
    }

    var json: JSONValue {
        var object: JSONObject = [
            "file": .string(file), "valid": .bool(isValid),
            "configurations": .array(configurations.map(JSONValue.string)),
            "issues": .array(
                issues.map { issue in
                    var entry: JSONObject = [
                        "pointer": .string(issue.pointer), "message": .string(issue.message),
                        "kind": .string(issue.kind.rawValue),
                    ]
                    if let position = issue.position {
                        entry["line"] = .integer(Int64(position.line))
                        entry["column"] = .integer(Int64(position.column))
                    }
                    return .object(entry)
                }),
        ]
        if let unreadable { object["error"] = .string(unreadable) }
        if configurations.isEmpty, issues.isEmpty, unreadable == nil {
            object["error"] = "no MEF 139 product configuration found"
        }
        return .object(object)
    }
}
