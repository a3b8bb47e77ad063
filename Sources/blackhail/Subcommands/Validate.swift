import ArgumentParser
import BlackHailCore
import Foundation
import JSONCore
import MEF139

extension BlackHailCommand {
    struct Validate: AsyncParsableCommand, WritesJSON {
        static let configuration = CommandConfiguration(
            abstract: "Lint site lists, seller profiles, rates and policy files, and MEF 139 payloads.",
            discussion: """
                Each FILE is checked as 'blackhail quote' reads it, with every problem at its line and column \
                (file:line:column: error: message), so that a run never starts on a file it would refuse:

                  *.json          a MEF 139 payload: a bare productConfiguration (its @type is a MEF 139 URN) or a \
                whole POQ, Quote or Product Order request or response, whose every productConfiguration is checked \
                against the official schemas. Drift that 'blackhail quote' tolerates from sellers (one-item lists \
                sent as objects, v0.2.0 URNs, string booleans) is an error here.
                  a directory     seller profiles (*.yaml), checked one by one and as a set (ids unique).
                  *.yaml, *.yml   a seller profile (it has an 'id'), exchange rates (only 'base' and 'rates') or \
                else a ranking policy.
                  anything else   a site list (CSV), each site's MEF 139 configurations checked against the schemas.

                'quote --dry-run' runs the same checks on the files a run would read.

                EXAMPLES:
                  blackhail validate sites.csv sellers rates.yaml
                  blackhail validate policy.yaml
                  blackhail validate -o json captures/*.json

                Exit codes: 0 every file is valid, 65 some file is invalid or unreadable.
                """
        )

        @Argument(
            help: "Site lists, seller profiles or their directory, rates and policy files, payload files (JSON).",
            completion: .file())
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
            let reports: [any ValidationReport] = files.map { file -> any ValidationReport in
                if file.lowercased().hasSuffix(".json") { return FileReport(file: file, validator: validator) }
                return InputReport(file: file, validator: validator)
            }
            switch format {
            case .text: Console.out(reports.map(\.text).joined(separator: "\n"))
            case .json: Console.out(JSONValue.array(reports.map(\.json)).serialized(pretty: true))
            }
            if reports.contains(where: { !$0.isValid }) { throw ExitStatus.dataError }
        }
    }
}

/// What `blackhail validate` says about one file.
protocol ValidationReport {
    var isValid: Bool { get }
    /// Compiler style: `file:line:column: error: message` per problem, or `file: valid (...)`.
    var text: String { get }
    var json: JSONValue { get }
}

/// A run's input file (site list, seller profiles, rates, policy) as `InputCheck` finds it.
struct InputReport: ValidationReport {
    var file: String
    var kind: InputCheck.Kind?
    /// What was found when valid: `3 sites`.
    var found = ""
    var problems: [InputProblem] = []

    init(file: String, validator: PayloadValidator) {
        self.file = file
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory),
            isDirectory.boolValue || FileManager.default.isReadableFile(atPath: file)
        else {
            problems = [InputProblem(file: file, message: "cannot read the file")]
            return
        }
        let isYAML = [".yaml", ".yml"].contains { file.lowercased().hasSuffix($0) }
        if isDirectory.boolValue {
            kind = .sellerProfile
        } else if isYAML {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                problems = [InputProblem(file: file, message: "cannot read the file as UTF-8 text")]
                return
            }
            // A file that is no YAML mapping is read as a policy, whose reader says where it stops making sense.
            kind = InputCheck.kind(ofYAML: text) ?? .policy
        } else {
            kind = .sites
        }
        switch kind {
        case .sites:
            let data = FileManager.default.contents(atPath: file) ?? Data()
            let checked = InputCheck.siteList(data, name: file, validator: validator)
            (problems, found) = (checked.problems, ReportText.plural(checked.sites.count, "site"))
        case .sellerProfile:
            let checked = InputCheck.sellerProfiles(at: file)
            (problems, found) = (checked.problems, ReportText.plural(checked.profiles.count, "seller profile"))
        case .rates: (problems, found) = (InputCheck.rates(at: file), "exchange rates")
        case .policy, nil: (problems, found) = (InputCheck.policy(at: file), "ranking policy")
        }
    }

    var isValid: Bool { problems.isEmpty }

    var text: String {
        isValid ? "\(TerminalText.safe(file)): valid (\(found))" : problems.map(\.description).joined(separator: "\n")
    }

    var json: JSONValue {
        .object([
            "file": .string(file), "kind": kind.map { .string($0.rawValue) } ?? .null, "valid": .bool(isValid),
            "issues": .array(
                problems.map { problem in
                    var entry: JSONObject = ["file": .string(problem.file), "message": .string(problem.message)]
                    if let line = problem.line { entry["line"] = .integer(Int64(line)) }
                    if let column = problem.column { entry["column"] = .integer(Int64(column)) }
                    return .object(entry)
                }),
        ])
    }
}

/// What `blackhail validate` found in one MEF 139 payload file.
struct FileReport: ValidationReport {
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
            "file": .string(file), "kind": "payload", "valid": .bool(isValid),
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
