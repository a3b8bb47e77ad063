import Foundation
import MEF139
import Yams

/// One thing wrong with an input file, compiler style: `file:line:column: error: message`, the position left out
/// where none is known.
package struct InputProblem: Sendable, Hashable, CustomStringConvertible {
    package var file: String
    package var line: Int?
    package var column: Int?
    package var message: String

    package init(file: String, line: Int? = nil, column: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    package var description: String {
        let position = line.map { line in ":\(line)" + (column.map { ":\($0)" } ?? "") } ?? ""
        // Messages quote values from the file: a hostile one must not reach the terminal raw.
        return TerminalText.safe("\(file)\(position): error: \(message)", limit: 500)
    }
}

/// The files a quote run reads, checked as the run checks them (the same loaders, so that what passes here is what
/// `quote` accepts), every problem at its line and column where the file says: for `blackhail validate` and
/// `quote --dry-run`.
package enum InputCheck {
    /// The kinds of input file.
    package enum Kind: String, Sendable, CaseIterable {
        case sites, sellerProfile, rates, policy
    }

    /// A site list: its sites, or every problem the reader found; with a validator, also each line whose MEF 139
    /// configuration the schemas reject (it would never be sent).
    package static func siteList(
        _ bytes: Data, name: String, validator: PayloadValidator?
    ) -> (sites: [Site], problems: [InputProblem]) {
        let sites: [Site]
        do throws(SiteListError) {
            sites = try SiteListReader.parse(bytes, sourceName: name).sites
        } catch {
            return (
                [],
                error.problems.map { problem in
                    let column = problem.columnName.map { "\($0): " } ?? ""
                    return InputProblem(
                        file: problem.file, line: problem.line > 0 ? problem.line : nil,
                        column: problem.line > 0 ? problem.column : nil, message: column + problem.message)
                }
            )
        }
        guard let validator else { return (sites, []) }
        let rejected = QuotePlan(sites: sites, validator: validator).rejected
        let problems = sites.flatMap { site in
            (rejected[site.id] ?? []).map {
                InputProblem(file: name, line: site.sourceLine, column: 1, message: "site \(site.id): \($0)")
            }
        }
        return (sites, problems)
    }

    /// The seller profiles of a directory, checked as a set (ids unique), or one profile file. Problems name the
    /// files below `name` (the path as the person gave it), as `path` is read.
    package static func sellerProfiles(
        at path: String, name: String? = nil
    ) -> (profiles: [SellerProfile], problems: [InputProblem]) {
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
        do throws(SellerProfileError) {
            let url = URL(fileURLWithPath: path)
            let profiles =
                exists && isDirectory.boolValue
                ? try SellerDirectory.load(from: url) : [try SellerDirectory.load(file: url)]
            return (profiles, [])
        } catch {
            let name = name ?? path
            return (
                [],
                error.problems.map { text in
                    var problem = locate(text, files: profileFiles(path))
                    // A file of the directory, named below the directory as given.
                    if exists, isDirectory.boolValue, problem.file != path, problem.file != name {
                        problem.file =
                            (name.hasSuffix("/") ? name : name + "/")
                            + URL(fileURLWithPath: problem.file).lastPathComponent
                    } else if problem.file == URL(fileURLWithPath: path).path {
                        problem.file = name
                    }
                    return problem
                }
            )
        }
    }

    /// A rates file, read as `--rates` reads it; problems name it `name` (the path as given).
    package static func rates(at path: String, name: String? = nil) -> [InputProblem] {
        setupProblems(path, name: name ?? path) { (url: URL) throws(RankingSetup.Problem) in
            try RankingSetup.load(currency: "USD", ratesFile: (path, url), rateFlags: [], policyFile: nil)
        }
    }

    /// A ranking policy file, read as `--policy` reads it; problems name it `name` (the path as given).
    package static func policy(at path: String, name: String? = nil) -> [InputProblem] {
        setupProblems(path, name: name ?? path) { (url: URL) throws(RankingSetup.Problem) in
            try RankingSetup.load(currency: "USD", ratesFile: nil, rateFlags: [], policyFile: (path, url))
        }
    }

    /// What a YAML file is by its top-level keys: a seller profile has an `id`, a rates file only `base` and
    /// `rates`; anything else is taken for a policy. Nil when it is no YAML mapping.
    package static func kind(ofYAML text: String) -> Kind? {
        guard let node = try? Yams.compose(yaml: text), let mapping = node.mapping else { return nil }
        let keys = Set(mapping.keys.compactMap(\.string))
        if keys.contains("id") { return .sellerProfile }
        if keys.contains("rates"), keys.isSubset(of: ["base", "rates"]) { return .rates }
        return .policy
    }

    /// The problems of a ranking setup made from one file; the setup's currency is not the file's concern.
    private static func setupProblems(
        _ path: String, name: String, _ load: (URL) throws(RankingSetup.Problem) -> RankingSetup
    ) -> [InputProblem] {
        let url = URL(fileURLWithPath: path)
        guard FileManager.default.isReadableFile(atPath: path) else {
            return [InputProblem(file: name, message: "cannot read the file")]
        }
        do throws(RankingSetup.Problem) {
            _ = try load(url)
            return []
        } catch {
            guard case .input(let message) = error else { return [] }
            var problem = locate(message, files: [path, url.path])
            problem.file = name
            return [problem]
        }
    }

    private static func profileFiles(_ path: String) -> [String] {
        let url = URL(fileURLWithPath: path)
        let files =
            (try? FileManager.default.contentsOfDirectory(at: url, includingPropertiesForKeys: nil))?
            .filter { ["yaml", "yml"].contains($0.pathExtension) }.map(\.path) ?? []
        return files.isEmpty ? [path, url.path] : files
    }

    /// A loader's `FILE: message` at its place in FILE: the position a YAML error gives, else the node the message
    /// starts by naming (`limits.concurrency must be ...`, `priceBook[2]: ...`), else a coding path a decoding
    /// error carries.
    static func locate(_ text: String, files: [String]) -> InputProblem {
        guard let file = files.sorted(by: { $0.count > $1.count }).first(where: { text.hasPrefix($0 + ": ") }) else {
            return InputProblem(file: files.first ?? "", message: text)
        }
        var message = String(text.dropFirst(file.count + 2))
        // Yams: `3:5: error: scanner: problem:` and a snippet of the file, alone or as a decoding error's underlying
        // error.
        if let match = message.firstMatch(of: #/(\d+):(\d+): error: ([^\n]*)/#),
            let line = Int(match.output.1), let column = Int(match.output.2)
        {
            return InputProblem(
                file: file, line: line, column: column,
                message: String(match.output.3).trimmingCharacters(in: CharacterSet(charactersIn: ": ")))
        }
        var path: [String] = []
        if let decoding = DecodingDescription(message) {
            (path, message) = (decoding.path, decoding.message)
        } else if let match = message.firstMatch(of: #/^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*|\[\d+\])*/#) {
            path = keyPath(String(match.output))
        }
        guard !path.isEmpty, let yaml = try? String(contentsOfFile: file, encoding: .utf8),
            let mark = YAMLLocation.mark(of: path, in: yaml)
        else { return InputProblem(file: file, message: message) }
        return InputProblem(file: file, line: mark.line, column: mark.column, message: message)
    }

    /// `limits.concurrency`, `priceBook[2].mbps` as keys and indices.
    static func keyPath(_ text: String) -> [String] {
        text.replacingOccurrences(of: "[", with: ".").replacingOccurrences(of: "]", with: "")
            .split(separator: ".").map(String.init)
    }
}

/// A `DecodingError` as Swift prints it, its coding path and its description, for a loader that kept only the text:
/// `DecodingError.dataCorrupted: Data was corrupted. Path: costBasis. Debug description: ...` (Swift 6.2 and later)
/// or `typeMismatch(Swift.Double, Swift.DecodingError.Context(codingPath: [CodingKeys(stringValue: "rates",
/// intValue: nil), ...], debugDescription: "..."` (earlier).
struct DecodingDescription {
    var path: [String]
    var message: String

    init?(_ text: String) {
        if text.hasPrefix("DecodingError."), let colon = text.firstIndex(of: ":") {
            let rest = text[text.index(after: colon)...]
            let path = rest.firstMatch(of: #/ Path: ([^ ]+)\./#).map { String($0.output.1) }
            let description = rest.firstMatch(of: #/Debug description: (.*?)(?:\.? Underlying error: |$)/#)
                .map { String($0.output.1) }
            self.path = path.map(InputCheck.keyPath) ?? []
            message = "\(path ?? "the document"): \(description ?? String(rest).trimmingCharacters(in: .whitespaces))"
            return
        }
        guard text.contains("DecodingError.Context(codingPath:") else { return nil }
        path = text.matches(of: #/stringValue: "((?:[^"\\]|\\.)*)", intValue: (nil|Optional\((\d+)\))/#).map {
            $0.output.3.map(String.init) ?? String($0.output.1)
        }
        let description = text.firstMatch(of: #/debugDescription: "((?:[^"\\]|\\.)*)"/#).map { String($0.output.1) }
        let dotted = path.isEmpty ? "the document" : path.joined(separator: ".")
        message = "\(dotted): \(description ?? "cannot be read")"
    }
}

/// Where a key path's node starts in a YAML document.
enum YAMLLocation {
    /// The mark of the deepest node along `path` (a key's own mark for a mapping entry), 1-based; nil when even the
    /// first step is missing or the text is no YAML.
    static func mark(of path: [String], in text: String) -> Mark? {
        guard let root = try? Yams.compose(yaml: text) else { return nil }
        var node = root
        var found: Mark?
        for step in path {
            if let mapping = node.mapping, let entry = mapping.first(where: { $0.key.string == step }) {
                found = entry.key.mark
                node = entry.value
            } else if let sequence = node.sequence, let index = Int(step), sequence.indices.contains(index) {
                node = sequence[index]
                found = node.mark
            } else {
                break
            }
        }
        if found == nil, path.count == 1 { return firstKey(path[0], in: root) }
        return found
    }

    /// The first key `name` anywhere in the document, depth first (a message naming a currency code names a key
    /// below `rates`).
    private static func firstKey(_ name: String, in node: Node) -> Mark? {
        if let mapping = node.mapping {
            for (key, value) in mapping {
                if key.string == name { return key.mark }
                if let mark = firstKey(name, in: value) { return mark }
            }
        }
        guard let sequence = node.sequence else { return nil }
        for element in sequence {
            if let mark = firstKey(name, in: element) { return mark }
        }
        return nil
    }
}
