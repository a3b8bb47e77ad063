import Foundation
import JSONCore

/// Loads a tree of draft-07 schema documents (YAML or JSON) and compiles it into a ``SchemaGraph``.
///
/// - Every file under the root is loaded once; files with a root `$id` become entry points.
/// - `$ref`s are resolved against the referring file's path (`../common/ipCommon.yaml#/definitions/X`),
///   against another document's `$id`, or within the same file (`#/definitions/X`).
/// - Each schema position compiles to one node, shared by every `$ref` to it; recursive schemas
///   become cycles in the index graph.
/// - As in Python `jsonschema`'s Draft 7 validator, a `$ref` makes its sibling keywords inert.
/// - Annotation keywords (`title`, `description`, `$comment`, `default`, `examples`, ...) are
///   ignored; keywords that are neither known nor annotations are ignored too (draft-07 says so)
///   but listed in ``SchemaGraphCompilation/unknownKeywords`` so a schema update cannot silently
///   introduce a constraint nobody checks.
struct SchemaCompiler {
    /// Keywords that carry no assertion.
    static let annotationKeywords: Set<String> = [
        "$schema", "$id", "$comment", "title", "description", "default", "examples", "readOnly",
        "writeOnly", "definitions", "contentMediaType", "contentEncoding",
        // Consumed together with `if` / `items`:
        "then", "else", "additionalItems",
    ]

    private var documents: [String: JSONValue] = [:]
    private var documentsByID: [String: String] = [:]
    private let arena = SchemaArena()
    private var nodes: [SchemaNode] = []
    private var locations: [String] = []
    private var roots: [String: NodeID] = [:]
    private var compiled: [String: NodeID] = [:]
    private var referencesInProgress: Set<String> = []
    private(set) var unknownKeywords: Set<String> = []

    /// Compiles every schema under `directory`.
    static func compile(directory: URL) throws -> SchemaGraphCompilation {
        var compiler = SchemaCompiler()
        try compiler.loadDocuments(under: directory)
        for (identifier, path) in compiler.documentsByID.sorted(by: { $0.key < $1.key }) {
            guard let document = compiler.documents[path] else { continue }
            let root = try compiler.compile(document, document: path, pointer: [])
            compiler.roots[identifier] = root
        }
        guard !compiler.roots.isEmpty else { throw SchemaError.noSchemas(directory: directory.path) }
        let graph = SchemaGraph(
            arena: compiler.arena, nodes: compiler.arena.store(compiler.nodes), locations: compiler.locations,
            roots: compiler.roots)
        return SchemaGraphCompilation(graph: graph, unknownKeywords: compiler.unknownKeywords)
    }

    // MARK: Loading

    private mutating func loadDocuments(under directory: URL) throws {
        let root = directory.standardizedFileURL.resolvingSymlinksInPath()
        guard
            let enumerator = FileManager.default.enumerator(
                at: root, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles])
        else { throw SchemaError.noSchemas(directory: directory.path) }
        let rootComponents = root.pathComponents
        for case let url as URL in enumerator {
            let fileExtension = url.pathExtension.lowercased()
            guard ["yaml", "yml", "json"].contains(fileExtension) else { continue }
            let components = url.standardizedFileURL.resolvingSymlinksInPath().pathComponents
            let relative = components.dropFirst(rootComponents.count).joined(separator: "/")
            let document: JSONValue
            do {
                let data = try Data(contentsOf: url)
                if fileExtension == "json" {
                    document = try JSONValue(parsing: data)
                } else {
                    document = try YAMLDocument.parse(String(decoding: data, as: UTF8.self))
                }
            } catch {
                throw SchemaError.unreadableDocument(path: relative, reason: String(describing: error))
            }
            documents[relative] = document
            if let identifier = document["$id"]?.stringValue {
                documentsByID[identifier] = relative
            }
        }
    }

    // MARK: Compiling

    private mutating func compile(_ schema: JSONValue, document: String, pointer: [String]) throws -> NodeID {
        let location = Self.location(document: document, pointer: pointer)
        if let existing = compiled[location] { return existing }

        if case .bool(let allowsEverything) = schema {
            var node = SchemaNode(checks: arena.store(allowsEverything ? [] : [SchemaCheck.alwaysFails]))
            node.isLiteralFalse = !allowsEverything
            let id = appendNode(node, location)
            compiled[location] = id
            return id
        }
        guard case .object(let object) = schema else {
            throw SchemaError.invalidKeyword("schema", at: location, reason: "a schema must be an object or a boolean")
        }

        if let reference = object["$ref"] {
            guard case .string(let text) = reference else {
                throw SchemaError.invalidKeyword("$ref", at: location, reason: "must be a string")
            }
            guard referencesInProgress.insert(location).inserted else { throw SchemaError.referenceCycle(at: location) }
            defer { referencesInProgress.remove(location) }
            let (targetDocument, targetPointer, target) = try resolve(text, from: document, at: location)
            if case .bool(false) = target {
                // Through a `$ref`, `false` fails at this position, not at the parent (see
                // SchemaNode.isLiteralFalse), so it gets a node of its own.
                let id = appendNode(SchemaNode(checks: arena.store([SchemaCheck.alwaysFails])), location)
                compiled[location] = id
                return id
            }
            let id = try compile(target, document: targetDocument, pointer: targetPointer)
            compiled[location] = id
            return id
        }

        // Reserve the slot first so recursive references to this position find it.
        let id = appendNode(SchemaNode(), location)
        compiled[location] = id
        var node = SchemaNode()
        var checks: [SchemaCheck] = []
        for (keyword, value) in object {
            try compileKeyword(
                keyword, value, in: object, into: &node, checks: &checks, document: document, pointer: pointer)
        }
        node.checks = arena.store(checks)
        nodes[id] = node
        return id
    }

    private mutating func appendNode(_ node: SchemaNode, _ location: String) -> NodeID {
        nodes.append(node)
        locations.append(location)
        return nodes.count - 1
    }

    // swiftlint:disable:next cyclomatic_complexity function_body_length
    private mutating func compileKeyword(
        _ keyword: String,
        _ value: JSONValue,
        in schema: JSONObject,
        into node: inout SchemaNode,
        checks: inout [SchemaCheck],
        document: String,
        pointer: [String]
    ) throws {
        let location = Self.location(document: document, pointer: pointer)
        func invalid(_ reason: String) -> SchemaError {
            SchemaError.invalidKeyword(keyword, at: location, reason: reason)
        }
        func subschema(_ value: JSONValue, _ path: String...) throws -> NodeID {
            try compile(value, document: document, pointer: pointer + path)
        }
        func subschemas(_ value: JSONValue) throws -> [NodeID] {
            guard case .array(let elements) = value, !elements.isEmpty else {
                throw invalid("must be a non-empty list of schemas")
            }
            return try elements.indices.map { try subschema(elements[$0], keyword, String($0)) }
        }
        func count(_ value: JSONValue) throws -> Int {
            guard let number = value.numberValue, number.isIntegral, let integer = number.int64Value, integer >= 0
            else {
                throw invalid("must be a non-negative integer")
            }
            return Int(integer)
        }
        func number(_ value: JSONValue) throws -> JSONNumber {
            guard case .number(let number) = value else { throw invalid("must be a number") }
            return number
        }
        func names(_ value: JSONValue) throws -> [String] {
            guard case .array(let elements) = value else { throw invalid("must be a list of strings") }
            return try elements.map { element in
                guard let name = element.stringValue else { throw invalid("must be a list of strings") }
                return name
            }
        }

        switch keyword {
        case "type":
            let typeNames: [JSONValue]
            switch value {
            case .string: typeNames = [value]
            case .array(let elements): typeNames = elements
            default: throw invalid("must be a type name or a list of type names")
            }
            var types: JSONTypeSet = []
            for typeName in typeNames {
                guard let name = typeName.stringValue, let type = JSONTypeSet(name: name) else {
                    throw invalid("unknown type \(typeName)")
                }
                types.formUnion(type)
            }
            node.declaredTypes = types
            checks.append(.type(types))

        case "properties":
            guard case .object(let members) = value else { throw invalid("must be an object of schemas") }
            var rules: [PropertyRule] = []
            for (name, propertySchema) in members {
                rules.append(PropertyRule(name: name, node: try subschema(propertySchema, "properties", name)))
            }
            checks.append(.properties(arena.store(rules)))

        case "patternProperties":
            guard case .object(let members) = value else { throw invalid("must be an object of schemas") }
            var rules: [PatternRule] = []
            for (source, propertySchema) in members {
                let matcher = try compilePattern(source, keyword: keyword, at: location)
                rules.append(
                    PatternRule(pattern: matcher, node: try subschema(propertySchema, "patternProperties", source)))
            }
            checks.append(.patternProperties(arena.store(rules)))

        case "additionalProperties":
            let declared = schema["properties"]?.objectValue?.keys ?? []
            let patterns = try (schema["patternProperties"]?.objectValue?.keys ?? []).map {
                try compilePattern($0, keyword: "patternProperties", at: location)
            }
            if case .bool(true) = value { return }
            let target: NodeID? = if case .bool(false) = value { nil } else { try subschema(value, keyword) }
            let rule = AdditionalProperties(declared: declared, patterns: patterns, node: target)
            checks.append(.additionalProperties(arena.store(rule)))

        case "required":
            let required = try names(value)
            if !required.isEmpty { checks.append(.required(arena.store(required))) }

        case "minProperties":
            checks.append(.minProperties(try count(value)))

        case "maxProperties":
            checks.append(.maxProperties(try count(value)))

        case "propertyNames":
            checks.append(.propertyNames(try subschema(value, keyword)))

        case "dependencies":
            guard case .object(let members) = value else { throw invalid("must be an object") }
            var dependencies: [DependencyRule] = []
            for (property, dependency) in members {
                if case .array = dependency {
                    dependencies.append(
                        DependencyRule(property: property, dependency: .required(try names(dependency))))
                } else {
                    let target = try subschema(dependency, keyword, property)
                    dependencies.append(DependencyRule(property: property, dependency: .schema(target)))
                }
            }
            checks.append(.dependencies(arena.store(dependencies)))

        case "enum":
            guard case .array(let allowed) = value else { throw invalid("must be a list") }
            checks.append(.enumeration(arena.store(EnumerationTable(allowed))))

        case "const":
            checks.append(.constant(arena.store(value)))

        case "allOf":
            checks.append(.allOf(arena.store(try subschemas(value))))

        case "anyOf":
            let branches = try subschemas(value)
            checks.append(.anyOf(arena.store(branches), arena.store(alternatives(branches))))

        case "oneOf":
            let branches = try subschemas(value)
            checks.append(.oneOf(arena.store(branches), arena.store(alternatives(branches))))

        case "not":
            checks.append(.not(try subschema(value, keyword)))

        case "if":
            let condition = try subschema(value, keyword)
            let then = try schema["then"].map { try subschema($0, "then") }
            let otherwise = try schema["else"].map { try subschema($0, "else") }
            checks.append(.conditional(if: condition, then: then, else: otherwise))

        case "items":
            if case .array(let tuple) = value {
                let nodes = try tuple.indices.map { try subschema(tuple[$0], keyword, String($0)) }
                var additional: NodeID? = nil
                switch schema["additionalItems"] {
                case .bool(false)?:
                    // jsonschema reports forbidden extra items once, at the list: a length limit.
                    checks.append(.maxItems(tuple.count))
                case .bool(true)?, nil:
                    break
                case let itemSchema?:
                    additional = try subschema(itemSchema, "additionalItems")
                }
                checks.append(.tupleItems(arena.store(nodes), additional: additional))
            } else {
                checks.append(.items(try subschema(value, keyword)))
            }

        case "contains":
            checks.append(.contains(try subschema(value, keyword)))

        case "minItems":
            let minimum = try count(value)
            node.minimumItems = minimum
            checks.append(.minItems(minimum))

        case "maxItems":
            let maximum = try count(value)
            node.maximumItems = maximum
            checks.append(.maxItems(maximum))

        case "uniqueItems":
            guard case .bool(let unique) = value else { throw invalid("must be true or false") }
            if unique { checks.append(.uniqueItems) }

        case "minimum":
            checks.append(.minimum(try number(value)))

        case "maximum":
            checks.append(.maximum(try number(value)))

        case "exclusiveMinimum":
            checks.append(.exclusiveMinimum(try number(value)))

        case "exclusiveMaximum":
            checks.append(.exclusiveMaximum(try number(value)))

        case "multipleOf":
            let divisor = try number(value)
            guard divisor.doubleValue > 0 else { throw invalid("must be greater than 0") }
            checks.append(.multipleOf(divisor))

        case "minLength":
            checks.append(.minLength(try count(value)))

        case "maxLength":
            checks.append(.maxLength(try count(value)))

        case "pattern":
            guard case .string(let source) = value else { throw invalid("must be a string") }
            checks.append(.pattern(arena.store(try compilePattern(source, keyword: keyword, at: location))))

        case "format":
            guard case .string(let name) = value else { throw invalid("must be a string") }
            // Formats the oracle does not assert are annotations, as in draft-07.
            if let format = StringFormat(rawValue: name) { checks.append(.format(format)) }

        default:
            if !Self.annotationKeywords.contains(keyword) { unknownKeywords.insert(keyword) }
        }
    }

    private func compilePattern(_ source: String, keyword: String, at location: String) throws -> PatternMatcher {
        do {
            return try PatternMatcher(source)
        } catch {
            throw SchemaError.invalidKeyword(keyword, at: location, reason: "not a valid regular expression")
        }
    }

    /// Recognises the `oneOf`/`anyOf` shapes that have a plain-language explanation.
    private func alternatives(_ branches: [NodeID]) -> Alternatives {
        let checks = branches.map { Array(nodes[$0].checks) }
        let members = checks.compactMap { branch -> String? in
            guard branch.count == 1, case .required(let names) = branch[0], names.count == 1 else { return nil }
            return names[0]
        }
        if members.count == branches.count { return .exclusiveMembers(members) }
        let formats = checks.compactMap { branch -> StringFormat? in
            guard branch.count == 1, case .format(let format) = branch[0] else { return nil }
            return format
        }
        if formats.count == branches.count { return .formats(formats) }
        return .general
    }

    // MARK: References

    /// Finds the document, pointer and schema a `$ref` names.
    private func resolve(
        _ reference: String, from document: String, at location: String
    ) throws -> (String, [String], JSONValue) {
        let parts = reference.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
        let address = parts.first.map(String.init) ?? ""
        let fragment = parts.count > 1 ? String(parts[1]) : ""

        let targetDocument: String
        if address.isEmpty {
            targetDocument = document
        } else if let byID = documentsByID[address] {
            targetDocument = byID
        } else if let relative = Self.join(document: document, relative: address) {
            targetDocument = relative
        } else {
            throw SchemaError.unresolvableReference(reference, at: location)
        }
        guard let root = documents[targetDocument] else {
            throw SchemaError.unresolvableReference(reference, at: location)
        }

        guard !fragment.isEmpty else { return (targetDocument, [], root) }
        guard fragment.hasPrefix("/"), let decoded = fragment.removingPercentEncoding,
            let pointer = JSONPointer(decoded), let target = root.value(at: pointer)
        else { throw SchemaError.unresolvableReference(reference, at: location) }
        return (targetDocument, pointer.tokens, target)
    }

    /// Resolves a relative file reference against the referring document's folder.
    private static func join(document: String, relative: String) -> String? {
        guard let decoded = relative.removingPercentEncoding, !decoded.hasPrefix("/"), !decoded.contains("://") else {
            return nil
        }
        var components = document.split(separator: "/").map(String.init)
        components.removeLast()
        for component in decoded.split(separator: "/") {
            switch component {
            case ".":
                continue
            case "..":
                guard !components.isEmpty else { return nil }
                components.removeLast()
            default:
                components.append(String(component))
            }
        }
        return components.joined(separator: "/")
    }

    static func location(document: String, pointer: [String]) -> String {
        document + "#" + JSONPointer(tokens: pointer).description
    }
}

/// The result of compiling a schema tree.
struct SchemaGraphCompilation: Sendable {
    let graph: SchemaGraph
    /// Keywords found in the schemas that neither assert anything known nor are annotations.
    let unknownKeywords: Set<String>
}
