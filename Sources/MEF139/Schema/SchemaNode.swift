import JSONCore

/// Index of a node in ``SchemaGraph/nodes``.
typealias NodeID = Int

/// One compiled (sub)schema: the keywords it applies, in schema order.
///
/// `$ref` never appears here: the compiler points the referring position straight at the target
/// node, and draft-07 ignores a `$ref`'s siblings, so nothing else needs to survive. Every field
/// is a plain value (buffers live in the graph's ``SchemaArena``), so reading a node is free.
struct SchemaNode {
    var checks = UnsafeBufferPointer<SchemaCheck>(start: nil, count: 0)
    /// The types from this node's own `type` keyword (nil: unconstrained). Used by messages and
    /// by the normaliser, which also looks through `allOf`.
    var declaredTypes: JSONTypeSet?
    /// `minItems` / `maxItems`, kept for messages ("a list of at most 1 item").
    var minimumItems: Int?
    var maximumItems: Int?
    /// True for a literal `false` schema at this position (not one reached through `$ref`).
    /// jsonschema reports a failure against such a subschema at the *parent* location, so the
    /// evaluator needs to know.
    var isLiteralFalse = false
}

/// One keyword of a compiled schema. Payloads point into the graph's arena (see ``SchemaArena``).
enum SchemaCheck {
    /// The boolean schema `false`.
    case alwaysFails
    case type(JSONTypeSet)
    case properties(UnsafeBufferPointer<PropertyRule>)
    case patternProperties(UnsafeBufferPointer<PatternRule>)
    case additionalProperties(UnsafePointer<AdditionalProperties>)
    case required(UnsafeBufferPointer<String>)
    case minProperties(Int)
    case maxProperties(Int)
    case propertyNames(NodeID)
    case dependencies(UnsafeBufferPointer<DependencyRule>)
    case enumeration(UnsafePointer<EnumerationTable>)
    case constant(UnsafePointer<JSONValue>)
    case allOf(UnsafeBufferPointer<NodeID>)
    case anyOf(UnsafeBufferPointer<NodeID>, UnsafePointer<Alternatives>)
    case oneOf(UnsafeBufferPointer<NodeID>, UnsafePointer<Alternatives>)
    case not(NodeID)
    case conditional(if: NodeID, then: NodeID?, else: NodeID?)
    case items(NodeID)
    case tupleItems(UnsafeBufferPointer<NodeID>, additional: NodeID?)
    case contains(NodeID)
    case minItems(Int)
    case maxItems(Int)
    case uniqueItems
    case minimum(JSONNumber)
    case maximum(JSONNumber)
    case exclusiveMinimum(JSONNumber)
    case exclusiveMaximum(JSONNumber)
    case multipleOf(JSONNumber)
    case minLength(Int)
    case maxLength(Int)
    case pattern(UnsafePointer<PatternMatcher>)
    case format(StringFormat)
}

// The buffers are immutable after compilation and owned by the arena the graph keeps alive.
extension SchemaCheck: @unchecked Sendable {}
extension SchemaNode: @unchecked Sendable {}

/// `properties` entry: a member name and the node its value must satisfy.
struct PropertyRule: Sendable {
    let name: String
    let node: NodeID
}

/// `patternProperties` entry.
struct PatternRule: Sendable {
    let pattern: PatternMatcher
    let node: NodeID
}

/// `enum` values, with the strings grouped by UTF-8 length so a membership test compares only
/// candidates of the right length (the PHY enum alone has 89 values).
struct EnumerationTable: Sendable {
    /// The values in schema order, for messages.
    let values: [JSONValue]
    private let stringsByLength: [[String]]
    private let others: [JSONValue]

    init(_ values: [JSONValue]) {
        self.values = values
        var stringsByLength: [[String]] = []
        var others: [JSONValue] = []
        for value in values {
            guard case .string(let text) = value else {
                others.append(value)
                continue
            }
            let length = text.utf8.count
            if stringsByLength.count <= length {
                stringsByLength += Array(repeating: [], count: length + 1 - stringsByLength.count)
            }
            stringsByLength[length].append(text)
        }
        self.stringsByLength = stringsByLength
        self.others = others
    }

    /// JSON equality with one of the values.
    func contains(_ value: JSONValue) -> Bool {
        guard case .string(let text) = value else { return others.contains(value) }
        let length = text.utf8.count
        guard length < stringsByLength.count else { return false }
        return stringsByLength[length].contains { $0.hasSameCodePoints(as: text) }
    }
}

/// `additionalProperties`: which members count as additional, and what they must satisfy.
struct AdditionalProperties: Sendable {
    let declared: [String]
    let patterns: [PatternMatcher]
    /// nil when `additionalProperties: false` (no extra member allowed).
    let node: NodeID?
}

/// `dependencies` entry: when `property` is present, more members or a schema for the object.
struct DependencyRule: Sendable {
    let property: String
    let dependency: Dependency
}

/// A `dependencies` value: required member names, or a schema for the whole object.
enum Dependency: Sendable {
    case required([String])
    case schema(NodeID)
}

/// What the branches of an `anyOf` / `oneOf` look like, so a failure can be explained in the
/// reader's terms instead of "matched 0 of 2 alternatives".
enum Alternatives: Sendable {
    /// Every branch is just `required: [one name]`: "exactly one of a, b".
    case exclusiveMembers([String])
    /// Every branch is just a `format`: "an IPv4 or IPv6 address".
    case formats([StringFormat])
    case general
}

/// The compiled schemas: a flat node table (cycles are plain indices) and the entry points.
struct SchemaGraph {
    /// Owns every buffer the nodes and checks point into.
    let arena: SchemaArena
    let nodes: UnsafeBufferPointer<SchemaNode>
    /// Where each node came from (`common/ipCommon.yaml#/definitions/X`), for debugging.
    let locations: [String]
    /// Entry node per schema `$id`.
    let roots: [String: NodeID]
}

extension SchemaGraph: @unchecked Sendable {}
