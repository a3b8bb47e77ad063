import Foundation
import JSONCore

/// Validates MEF 139 Internet Access product configurations against the MEF schemas.
///
/// Load once (``bundled()`` compiles the schemas shipped in this module, once per process) and
/// share freely: the validator is immutable and `Sendable`.
///
/// ```swift
/// let validator = try PayloadValidator.bundled()
/// let issues = validator.validate(try JSONValue(parsing: bytes))
/// for issue in issues { print(issue) }   // "/ipvc/mtu: ipvc.mtu must be at least 576, got 500"
/// ```
///
/// The verdicts and issue locations agree with Python `jsonschema` (Draft 7, format assertion
/// for `ipv4`, `ipv6` and `date-time`), the oracle of the MEF 139 test vectors.
package struct PayloadValidator: Sendable {
    let evaluator: SchemaEvaluator
    /// Precomputed schema facts for ``normalise(_:)``.
    let normalisation: NormalisationPlan
    /// Every product type this validator knows, parsed, keyed by URN.
    let products: [String: ProductType]

    /// The `@type` URNs with a schema (each schema file's `$id`), sorted.
    package let productTypes: [String]

    /// Schema keywords that are neither checked nor known annotations (empty for the bundled
    /// schemas; a test keeps it that way so a schema update cannot add an unchecked rule).
    package let unknownKeywords: Set<String>

    /// Compiles every schema under `schemaRoot` (a folder of YAML or JSON draft-07 documents
    /// that reference each other with relative `$ref`s).
    ///
    /// - Throws: ``SchemaError`` when a document is unreadable or a `$ref` leads nowhere.
    package init(schemaRoot: URL) throws {
        let compilation = try SchemaCompiler.compile(directory: schemaRoot)
        evaluator = SchemaEvaluator(graph: compilation.graph)
        normalisation = NormalisationPlan(graph: compilation.graph)
        unknownKeywords = compilation.unknownKeywords
        productTypes = compilation.graph.roots.keys.sorted()
        var products: [String: ProductType] = [:]
        for urn in productTypes {
            if let product = ProductType(urn: urn) { products[urn] = product }
        }
        self.products = products
    }

    /// The validator for the MEF 139 schemas bundled with this module (MEF LSO Sonata SDK, Grace).
    /// The schemas are compiled on first use and shared afterwards.
    package static func bundled() throws -> PayloadValidator {
        try bundledValidator.get()
    }

    /// The folder holding the bundled schema tree (`.../Schemas/ip`).
    package static var bundledSchemaRoot: URL? {
        Bundle.module.url(forResource: "Schemas", withExtension: nil)?.appendingPathComponent("ip", isDirectory: true)
    }

    private static let bundledValidator: Result<PayloadValidator, SchemaError> = {
        guard let root = bundledSchemaRoot else { return .failure(.noSchemas(directory: "Bundle.module/Schemas/ip")) }
        do {
            return .success(try PayloadValidator(schemaRoot: root))
        } catch let error as SchemaError {
            return .failure(error)
        } catch {
            return .failure(.unreadableDocument(path: root.path, reason: String(describing: error)))
        }
    }()

    // MARK: Validating

    /// Every issue in `configuration`, strictly (no drift tolerated), in document order.
    ///
    /// The schema is chosen by the configuration's `@type` and applied to the configuration
    /// without `@type`. A missing or unknown `@type` gives a single issue at `/@type`. Pointers are
    /// relative to the configuration. Several issues at one pointer are kept, except that a
    /// wrong-type issue hides the issues that follow from it (an enum mismatch on a number, say).
    package func validate(_ configuration: JSONValue) -> [PayloadIssue] {
        switch schemaRoot(for: configuration) {
        case .rejected(let issue):
            return [issue]
        case .schema(let root, let body):
            // No yes/no pre-pass: collecting costs about 20% more than `isValid` on a valid payload,
            // and a pre-pass would double the work on an invalid one.
            var collector = IssueCollector(root: body)
            evaluator.collectIssues(body, against: root, into: &collector)
            return Self.tidy(collector.issuesInDocumentOrder)
        }
    }

    /// True when `configuration` has no issue. Faster than `validate(_:).isEmpty`: it keeps no path,
    /// writes no message and stops at the first failure.
    package func isValid(_ configuration: JSONValue) -> Bool {
        switch schemaRoot(for: configuration) {
        case .rejected: false
        case .schema(let root, let body): evaluator.isValid(body, against: root)
        }
    }

    /// Picks the schema by `@type` and strips `@type` from the value it applies to.
    private func schemaRoot(for configuration: JSONValue) -> SchemaSelection {
        guard case .object(var object) = configuration else {
            let message = "the product configuration must be an object, got \(IssueWording.actual(configuration))"
            return .rejected(PayloadIssue(pointer: "", message: message, kind: .type))
        }
        guard case .string(let urn)? = object["@type"] else {
            let found = object["@type"].map { ", got \(IssueWording.actual($0))" } ?? ""
            let message = "the product configuration needs an @type string naming its product\(found)"
            return .rejected(PayloadIssue(pointer: "/@type", message: message, kind: .missingProductType))
        }
        guard let root = evaluator.graph.roots[urn] else {
            return .rejected(
                PayloadIssue(pointer: "/@type", message: unknownTypeMessage(urn), kind: .unknownProductType))
        }
        object.removeValue(forKey: "@type")
        return .schema(root, .object(object))
    }

    /// The schema a configuration goes to, or why there is none.
    private enum SchemaSelection {
        case schema(NodeID, JSONValue)
        case rejected(PayloadIssue)
    }

    func unknownTypeMessage(_ urn: String) -> String {
        if let requested = ProductType(urn: urn),
            let known = products.values.first(where: { $0.isSameProduct(as: requested) })
        {
            return "@type '\(urn)' is version \(requested.version) of \(requested.product); "
                + "the MEF 139 schema is \(known.version) ('\(known.urn)')"
        }
        return "@type '\(urn)' is not a MEF 139 product; expected one of "
            + IssueWording.list(productTypes.map { "'\($0)'" }, conjunction: "or")
    }

    /// Removes repeats, and issues that only restate a wrong type reported at the same place.
    static func tidy(_ issues: [PayloadIssue]) -> [PayloadIssue] {
        guard issues.count > 1 else { return issues }
        var seen: Set<PayloadIssue> = []
        let typePointers = Set(issues.lazy.filter { $0.kind == .type }.map(\.pointer))
        return issues.filter { issue in
            if issue.kind != .type, typePointers.contains(issue.pointer) { return false }
            return seen.insert(issue).inserted
        }
    }
}
