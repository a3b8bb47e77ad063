import JSONCore

/// What ``PayloadValidator/checkFile(_:)`` found in one file.
package struct PayloadFileReport: Sendable, Hashable {
    /// Pointers of the product configurations that were validated, in document order: `""` for a
    /// bare configuration, e.g. `/productOfferingQualificationItem/0/product/productConfiguration`
    /// inside a POQ. Empty when the file is malformed or holds no configuration.
    package var configurations: [String]
    /// Every issue, with pointers relative to the file's root.
    package var issues: [PayloadIssue]

    package init(configurations: [String], issues: [PayloadIssue]) {
        self.configurations = configurations
        self.issues = issues
    }

    /// True when the file parsed and every configuration in it is valid.
    package var isValid: Bool { issues.isEmpty }
}

extension PayloadValidator {
    /// Checks a file for `blackhail validate FILE...`.
    ///
    /// The file may hold a bare product configuration (its `@type` starts with
    /// `urn:mef:lso:spec:`) or a whole POQ, Quote or Product Order request or response, in which
    /// case every `productConfiguration` at any depth is validated. Validation is strict, and
    /// issue pointers are relative to the file root. Malformed JSON gives one
    /// ``PayloadIssue/Kind/malformedJSON`` issue with its line and column.
    package func checkFile(_ bytes: some Collection<UInt8>) -> PayloadFileReport {
        let document: JSONValue
        do throws(JSONParseError) {
            document = try JSONValue(parsing: bytes)
        } catch {
            let issue = PayloadIssue(
                pointer: "", message: "not valid JSON: \(error.explanation)", kind: .malformedJSON,
                position: TextPosition(line: error.line, column: error.column, offset: error.offset))
            return PayloadFileReport(configurations: [], issues: [issue])
        }
        return checkDocument(document)
    }

    /// ``checkFile(_:)`` for an already parsed document.
    package func checkDocument(_ document: JSONValue) -> PayloadFileReport {
        if Self.isBareConfiguration(document) {
            return PayloadFileReport(configurations: [""], issues: validate(document))
        }
        var configurations: [String] = []
        var path = InstancePath()
        Self.findConfigurations(in: document, path: &path, into: &configurations)
        var issues: [PayloadIssue] = []
        for pointer in configurations {
            guard let configuration = document[pointer: pointer] else { continue }
            issues += validate(configuration).map { $0.relocated(under: pointer) }
        }
        return PayloadFileReport(configurations: configurations, issues: issues)
    }

    static func isBareConfiguration(_ document: JSONValue) -> Bool {
        document["@type"]?.stringValue?.hasPrefix(ProductType.prefix) ?? false
    }

    /// Collects the pointer of every `productConfiguration` member, not looking inside them.
    private static func findConfigurations(in value: JSONValue, path: inout InstancePath, into found: inout [String]) {
        switch value {
        case .object(let object):
            for member in object {
                path.push(member.key)
                if member.key == "productConfiguration" {
                    found.append(path.pointer)
                } else {
                    findConfigurations(in: member.value, path: &path, into: &found)
                }
                path.pop()
            }
        case .array(let elements):
            for (index, element) in elements.enumerated() {
                path.push(index)
                findConfigurations(in: element, path: &path, into: &found)
                path.pop()
            }
        default:
            break
        }
    }
}
