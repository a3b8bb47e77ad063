import JSONCore

extension PayloadValidator {
    /// Rewrites the drift sellers are known to send, guided by the schema, and lists each rewrite.
    ///
    /// - An object where the schema expects a list (`maxItems: 1` or any list) becomes a one-item list.
    /// - The string `"true"` / `"false"` (any case) where the schema expects a boolean becomes the boolean.
    /// - A pre-release `@type` (`…:v0.2.0:all`) of a product whose released schema exists becomes
    ///   that schema's URN.
    /// - An unknown `@type` is reported as drift and left alone (not fatal); ``validate(_:)`` then
    ///   reports it as an issue.
    ///
    /// Everything else is left as it is, so validating the result still reports real problems.
    package func normalise(_ configuration: JSONValue) -> (JSONValue, [PayloadDrift]) {
        guard case .object(var object) = configuration, case .string(let urn)? = object["@type"] else {
            return (configuration, [])
        }
        var drifts: [PayloadDrift] = []
        var root = evaluator.graph.roots[urn]
        if root == nil {
            if let requested = ProductType(urn: urn), requested.isPreRelease,
                let released = products.values.first(where: { $0.isSameProduct(as: requested) })
            {
                object["@type"] = .string(released.urn)
                root = evaluator.graph.roots[released.urn]
                drifts.append(
                    PayloadDrift(
                        pointer: "/@type", kind: .productTypeVersionRewritten,
                        message: "@type '\(urn)' is a pre-release version; read as '\(released.urn)'"))
            } else {
                drifts.append(
                    PayloadDrift(pointer: "/@type", kind: .unknownProductType, message: unknownTypeMessage(urn)))
                return (.object(object), drifts)
            }
        }
        guard let root else { return (.object(object), drifts) }

        var normaliser = Normaliser(graph: evaluator.graph, plan: normalisation)
        var path = InstancePath()
        // `@type` is not part of the schema's instance; walk the other members.
        for index in object.indices where object[index].key != "@type" {
            let member = object[index]
            let targets = normaliser.memberTargets(member.key, in: [root])
            guard !targets.isEmpty else { continue }
            path.push(member.key)
            if let rewritten = normaliser.normalise(member.value, against: targets, path: &path) {
                object.setValue(rewritten, at: index)
            }
            path.pop()
        }
        drifts.append(contentsOf: normaliser.drifts)
        return (.object(object), drifts)
    }

    /// Normalises, then validates strictly: the lenient path for payloads received from sellers.
    package func validateLeniently(
        _ configuration: JSONValue
    ) -> (normalised: JSONValue, drifts: [PayloadDrift], issues: [PayloadIssue]) {
        let (normalised, drifts) = normalise(configuration)
        return (normalised, drifts, validate(normalised))
    }
}

/// What the normaliser needs to know about each schema node, worked out once per validator:
/// the types it insists on (through `allOf`) and which nodes describe its members and items
/// (also through `anyOf`/`oneOf`/`if` branches, since any of them may be the one that applies).
struct NormalisationPlan: Sendable {
    /// Per node: the types every binding part agrees on, or nil when unconstrained.
    let expectedTypes: [JSONTypeSet?]
    /// Per node: itself and every part or branch, each once.
    let closure: [[NodeID]]

    init(graph: SchemaGraph) {
        var expectedTypes: [JSONTypeSet?] = []
        var closure: [[NodeID]] = []
        expectedTypes.reserveCapacity(graph.nodes.count)
        closure.reserveCapacity(graph.nodes.count)
        for id in graph.nodes.indices {
            var types: JSONTypeSet? = nil
            for part in Self.expand(id, in: graph, includingAlternatives: false) {
                guard let declared = graph.nodes[part].declaredTypes else { continue }
                types = types.map { $0.intersection(declared) } ?? declared
            }
            expectedTypes.append(types)
            closure.append(Self.expand(id, in: graph, includingAlternatives: true))
        }
        self.expectedTypes = expectedTypes
        self.closure = closure
    }

    /// The node plus its `allOf` parts (and, if asked, `anyOf`/`oneOf`/`then`/`else` branches).
    private static func expand(_ root: NodeID, in graph: SchemaGraph, includingAlternatives: Bool) -> [NodeID] {
        var result: [NodeID] = []
        var seen: Set<NodeID> = []
        var pending = [root]
        while let id = pending.popLast() {
            guard seen.insert(id).inserted else { continue }
            result.append(id)
            for check in graph.nodes[id].checks {
                switch check {
                case .allOf(let parts):
                    pending += parts
                case .anyOf(let branches, _) where includingAlternatives,
                    .oneOf(let branches, _) where includingAlternatives:
                    pending += branches
                case .conditional(_, let then, let otherwise) where includingAlternatives:
                    pending += [then, otherwise].compactMap { $0 }
                default:
                    break
                }
            }
        }
        return result
    }
}

/// Walks a value alongside the schema nodes that apply to it and rewrites known drift.
private struct Normaliser {
    let graph: SchemaGraph
    let plan: NormalisationPlan
    var drifts: [PayloadDrift] = []

    init(graph: SchemaGraph, plan: NormalisationPlan) {
        self.graph = graph
        self.plan = plan
    }

    /// Returns the rewritten value, or nil when nothing changed (so untouched subtrees are not copied).
    mutating func normalise(_ value: JSONValue, against nodes: [NodeID], path: inout InstancePath) -> JSONValue? {
        var current = value
        var changed = false

        if let expected = expectedTypes(nodes) {
            switch current {
            case .object where expected.contains(.array) && !expected.contains(.object):
                current = .array([current])
                changed = true
                drifts.append(
                    PayloadDrift(
                        pointer: path.pointer, kind: .objectWrappedInList,
                        message: "\(path.display) is an object where the schema expects a list; read as a one-item list"
                    ))
            case .string(let text) where expected.contains(.boolean) && !expected.contains(.string):
                let lowered = text.lowercased()
                if lowered == "true" || lowered == "false" {
                    current = .bool(lowered == "true")
                    changed = true
                    drifts.append(
                        PayloadDrift(
                            pointer: path.pointer, kind: .stringReadAsBoolean,
                            message: "\(path.display) is the string '\(text)' where the schema expects a boolean; "
                                + "read as \(lowered)"))
                }
            default:
                break
            }
        }

        switch current {
        case .object(var object):
            var objectChanged = false
            for index in object.indices {
                let member = object[index]
                // Scalars only change when the schema asks for a list or a boolean; skip the lookup
                // for the rest.
                if case .number = member.value { continue }
                if case .null = member.value { continue }
                let targets = memberTargets(member.key, in: nodes)
                guard !targets.isEmpty else { continue }
                path.push(member.key)
                if let rewritten = normalise(member.value, against: targets, path: &path) {
                    object.setValue(rewritten, at: index)
                    objectChanged = true
                }
                path.pop()
            }
            if objectChanged { return .object(object) }
        case .array(var elements):
            var arrayChanged = false
            for index in elements.indices {
                if case .number = elements[index] { continue }
                let targets = itemTargets(index, in: nodes)
                guard !targets.isEmpty else { continue }
                path.push(index)
                if let rewritten = normalise(elements[index], against: targets, path: &path) {
                    elements[index] = rewritten
                    arrayChanged = true
                }
                path.pop()
            }
            if arrayChanged { return .array(elements) }
        default:
            break
        }
        return changed ? current : nil
    }

    /// The types all applicable schemas insist on; alternatives (`anyOf`, `oneOf`) are not binding.
    func expectedTypes(_ nodes: [NodeID]) -> JSONTypeSet? {
        var result: JSONTypeSet? = nil
        for id in nodes {
            guard let declared = plan.expectedTypes[id] else { continue }
            result = result.map { $0.intersection(declared) } ?? declared
        }
        return result
    }

    /// Schemas that apply to member `key` of an object validated against `nodes`.
    func memberTargets(_ key: String, in nodes: [NodeID]) -> [NodeID] {
        var targets: [NodeID] = []
        for root in nodes {
            for id in plan.closure[root] {
                for check in graph.nodes[id].checks {
                    switch check {
                    case .properties(let rules):
                        for rule in rules where rule.name.hasSameCodePoints(as: key) { targets.append(rule.node) }
                    case .patternProperties(let rules):
                        for rule in rules where rule.pattern.matches(key) { targets.append(rule.node) }
                    case .additionalProperties(let rule):
                        if let node = rule.pointee.node, SchemaEvaluator.isAdditional(key, rule.pointee) {
                            targets.append(node)
                        }
                    default:
                        break
                    }
                }
            }
        }
        return targets
    }

    /// Schemas that apply to element `index` of a list validated against `nodes`.
    func itemTargets(_ index: Int, in nodes: [NodeID]) -> [NodeID] {
        var targets: [NodeID] = []
        for root in nodes {
            for id in plan.closure[root] {
                for check in graph.nodes[id].checks {
                    switch check {
                    case .items(let node):
                        targets.append(node)
                    case .tupleItems(let nodes, let additional):
                        if index < nodes.count {
                            targets.append(nodes[index])
                        } else if let additional {
                            targets.append(additional)
                        }
                    default:
                        break
                    }
                }
            }
        }
        return targets
    }
}
