import JSONCore

/// Applies a compiled ``SchemaGraph`` to JSON values.
///
/// Two passes share the keyword semantics:
/// - ``isValid(_:against:)`` answers yes/no and stops at the first failure. It is what `anyOf`,
///   `oneOf`, `not`, `if` and `contains` need, and it lets a valid payload skip all bookkeeping.
/// - ``collectIssues(_:against:into:)`` reports every failure the way Python `jsonschema`'s
///   `iter_errors` does: applicators that descend (`properties`, `items`, `allOf`, `$ref`,
///   `if`/`then`/`else`, `dependencies`) report their nested failures at the nested locations;
///   `anyOf`, `oneOf`, `not`, `contains` and `propertyNames` report one issue at the value itself;
///   a missing `required` member is reported at the object that lacks it.
struct SchemaEvaluator: Sendable {
    let graph: SchemaGraph

    // MARK: Yes / no

    func isValid(_ value: JSONValue, against id: NodeID) -> Bool {
        for check in graph.nodes[id].checks where !passes(check, value) {
            return false
        }
        return true
    }

    // swiftlint:disable:next cyclomatic_complexity function_body_length
    private func passes(_ check: SchemaCheck, _ value: JSONValue) -> Bool {
        switch check {
        case .alwaysFails:
            return false
        case .type(let types):
            return types.admits(value)
        case .properties(let rules):
            guard case .object(let object) = value else { return true }
            // Walk the members and find their rules, not the other way round: most rules name
            // optional members that are absent, and a miss would cost a scan of the whole object.
            return object.withUnsafeMembers { members in
                var hint = 0
                for member in members {
                    guard let position = Self.rule(named: member.key, in: rules, hint: hint) else { continue }
                    hint = position + 1
                    if !isValid(member.value, against: rules[position].node) { return false }
                }
                return true
            }
        case .patternProperties(let rules):
            guard case .object(let object) = value else { return true }
            for rule in rules {
                for member in object where rule.pattern.matches(member.key) {
                    if !isValid(member.value, against: rule.node) { return false }
                }
            }
            return true
        case .additionalProperties(let rule):
            guard case .object(let object) = value else { return true }
            for member in object where Self.isAdditional(member.key, rule.pointee) {
                guard let node = rule.pointee.node, isValid(member.value, against: node) else { return false }
            }
            return true
        case .required(let names):
            guard case .object(let object) = value else { return true }
            return names.allSatisfy { object.contains(key: $0) }
        case .minProperties(let minimum):
            guard case .object(let object) = value else { return true }
            return object.count >= minimum
        case .maxProperties(let maximum):
            guard case .object(let object) = value else { return true }
            return object.count <= maximum
        case .propertyNames(let node):
            guard case .object(let object) = value else { return true }
            return object.allSatisfy { isValid(.string($0.key), against: node) }
        case .dependencies(let dependencies):
            guard case .object(let object) = value else { return true }
            for rule in dependencies where object.contains(key: rule.property) {
                switch rule.dependency {
                case .required(let names):
                    if !names.allSatisfy({ object.contains(key: $0) }) { return false }
                case .schema(let node):
                    if !isValid(value, against: node) { return false }
                }
            }
            return true
        case .enumeration(let allowed):
            return allowed.pointee.contains(value)
        case .constant(let expected):
            return value == expected.pointee
        case .allOf(let branches):
            return branches.allSatisfy { isValid(value, against: $0) }
        case .anyOf(let branches, _):
            return branches.contains { isValid(value, against: $0) }
        case .oneOf(let branches, _):
            var matches = 0
            for branch in branches where isValid(value, against: branch) {
                matches += 1
                if matches > 1 { return false }
            }
            return matches == 1
        case .not(let node):
            return !isValid(value, against: node)
        case .conditional(let condition, let then, let otherwise):
            if isValid(value, against: condition) {
                return then.map { isValid(value, against: $0) } ?? true
            }
            return otherwise.map { isValid(value, against: $0) } ?? true
        case .items(let node):
            guard case .array(let elements) = value else { return true }
            return elements.withUnsafeBufferPointer { elements in
                for element in elements where !isValid(element, against: node) { return false }
                return true
            }
        case .tupleItems(let nodes, let additional):
            guard case .array(let elements) = value else { return true }
            for (index, element) in elements.enumerated() {
                if index < nodes.count {
                    if !isValid(element, against: nodes[index]) { return false }
                } else if let additional, !isValid(element, against: additional) {
                    return false
                }
            }
            return true
        case .contains(let node):
            guard case .array(let elements) = value else { return true }
            return elements.contains { isValid($0, against: node) }
        case .minItems(let minimum):
            guard case .array(let elements) = value else { return true }
            return elements.count >= minimum
        case .maxItems(let maximum):
            guard case .array(let elements) = value else { return true }
            return elements.count <= maximum
        case .uniqueItems:
            guard case .array(let elements) = value else { return true }
            return Self.firstDuplicate(elements) == nil
        case .minimum(let bound):
            guard case .number(let number) = value else { return true }
            return JSONNumber.compare(number, bound).map { $0 >= 0 } ?? true
        case .maximum(let bound):
            guard case .number(let number) = value else { return true }
            return JSONNumber.compare(number, bound).map { $0 <= 0 } ?? true
        case .exclusiveMinimum(let bound):
            guard case .number(let number) = value else { return true }
            return JSONNumber.compare(number, bound).map { $0 > 0 } ?? true
        case .exclusiveMaximum(let bound):
            guard case .number(let number) = value else { return true }
            return JSONNumber.compare(number, bound).map { $0 < 0 } ?? true
        case .multipleOf(let divisor):
            guard case .number(let number) = value else { return true }
            return Self.isMultiple(number, of: divisor)
        case .minLength(let minimum):
            guard case .string(let text) = value else { return true }
            // UTF-8 length bounds the character count from above: short enough bytes settle it.
            return text.utf8.count >= minimum && text.unicodeScalars.count >= minimum
        case .maxLength(let maximum):
            guard case .string(let text) = value else { return true }
            return text.utf8.count <= maximum || text.unicodeScalars.count <= maximum
        case .pattern(let matcher):
            guard case .string(let text) = value else { return true }
            return matcher.pointee.matches(text)
        case .format(let format):
            guard case .string(let text) = value else { return true }
            return format.accepts(text)
        }
    }

    /// Indices of the branches `value` matches, stopping once `limit` are found.
    private func matchingBranches(_ value: JSONValue, _ branches: UnsafeBufferPointer<NodeID>, limit: Int) -> [Int] {
        var matches: [Int] = []
        for (index, branch) in branches.enumerated() where isValid(value, against: branch) {
            matches.append(index)
            if matches.count == limit { break }
        }
        return matches
    }

    /// The rule for member `key`, scanning from `hint` and wrapping around: payloads usually list
    /// members in schema order, so the next rule is usually the one.
    @inline(__always)
    static func rule(named key: String, in rules: UnsafeBufferPointer<PropertyRule>, hint: Int) -> Int? {
        let count = rules.count
        guard count > 0 else { return nil }
        var index = hint < count ? hint : 0
        for _ in 0..<count {
            if rules[index].name.hasSameCodePoints(as: key) { return index }
            index += 1
            if index == count { index = 0 }
        }
        return nil
    }

    static func isAdditional(_ key: String, _ rule: AdditionalProperties) -> Bool {
        !rule.declared.contains { $0.hasSameCodePoints(as: key) } && !rule.patterns.contains { $0.matches(key) }
    }

    static func firstDuplicate(_ elements: [JSONValue]) -> (Int, Int)? {
        guard elements.count > 1 else { return nil }
        for second in 1..<elements.count {
            for first in 0..<second where elements[first] == elements[second] {
                return (first, second)
            }
        }
        return nil
    }

    static func isMultiple(_ number: JSONNumber, of divisor: JSONNumber) -> Bool {
        switch (number, divisor) {
        case (.integer(let value), .integer(let step)):
            return value % step == 0
        case (_, .integer(let step)):
            return number.doubleValue.truncatingRemainder(dividingBy: Double(step)) == 0
        default:
            let quotient = number.doubleValue / divisor.doubleValue
            return quotient.isFinite && quotient == quotient.rounded(.towardZero)
        }
    }

    // MARK: Every issue

    func collectIssues(_ value: JSONValue, against id: NodeID, into collector: inout IssueCollector) {
        let node = graph.nodes[id]
        for check in node.checks {
            collect(check, of: node, value, into: &collector)
        }
    }

    /// Collects the issues of a member or item, one level down.
    @inline(__always)
    private func descend(_ value: JSONValue, against id: NodeID, at position: Int, into collector: inout IssueCollector)
    {
        if graph.nodes[id].isLiteralFalse {
            // jsonschema reports a literal `false` subschema at the parent's location.
            collector.report(.disallowed, "\(collector.display(child: position)) is not allowed here")
            return
        }
        collector.path.append(position)
        collectIssues(value, against: id, into: &collector)
        collector.path.removeLast()
    }

    // swiftlint:disable:next cyclomatic_complexity function_body_length
    private func collect(
        _ check: SchemaCheck, of node: SchemaNode, _ value: JSONValue, into collector: inout IssueCollector
    ) {
        switch check {
        case .properties(let rules):
            guard case .object(let object) = value else { return }
            object.withUnsafeMembers { members in
                var hint = 0
                for position in members.indices {
                    guard let rule = Self.rule(named: members[position].key, in: rules, hint: hint) else { continue }
                    hint = rule + 1
                    descend(members[position].value, against: rules[rule].node, at: position, into: &collector)
                }
            }
        case .patternProperties(let rules):
            guard case .object(let object) = value else { return }
            for rule in rules {
                for (position, member) in object.enumerated() where rule.pattern.matches(member.key) {
                    descend(member.value, against: rule.node, at: position, into: &collector)
                }
            }
        case .additionalProperties(let rule):
            guard case .object(let object) = value else { return }
            let extras = object.indices.filter { Self.isAdditional(object[$0].key, rule.pointee) }
            guard !extras.isEmpty else { return }
            if let target = rule.pointee.node {
                for position in extras {
                    descend(object[position].value, against: target, at: position, into: &collector)
                }
            } else {
                let names = extras.map { IssueWording.quoted(object[$0].key) }
                collector.report(
                    .members, "\(collector.display) may not have \(IssueWording.list(names, conjunction: "and"))")
            }
        case .required(let names):
            guard case .object(let object) = value else { return }
            for name in names where !object.contains(key: name) {
                collector.report(.required, "\(collector.display(member: name)) is required but missing")
            }
        case .propertyNames(let target):
            guard case .object(let object) = value else { return }
            for member in object where !isValid(.string(member.key), against: target) {
                let name = IssueWording.quoted(member.key)
                collector.report(.members, "\(collector.display) has a member name that is not allowed: \(name)")
            }
        case .dependencies(let dependencies):
            guard case .object(let object) = value else { return }
            for rule in dependencies where object.contains(key: rule.property) {
                switch rule.dependency {
                case .required(let names):
                    for name in names where !object.contains(key: name) {
                        let missing = collector.display(member: name)
                        collector.report(.required, "\(missing) is required when \(rule.property) is present")
                    }
                case .schema(let target):
                    collectIssues(value, against: target, into: &collector)
                }
            }
        case .allOf(let branches):
            for branch in branches {
                collectIssues(value, against: branch, into: &collector)
            }
        case .anyOf(let branches, let alternatives):
            guard !branches.contains(where: { isValid(value, against: $0) }) else { return }
            let message = noMatchMessage(value, branches, alternatives.pointee, collector: collector, exactlyOne: false)
            collector.report(.anyOf, message)
        case .oneOf(let branches, let alternatives):
            let matches = matchingBranches(value, branches, limit: branches.count)
            if matches.isEmpty {
                let message = noMatchMessage(
                    value, branches, alternatives.pointee, collector: collector, exactlyOne: true)
                collector.report(.oneOf, message)
            } else if matches.count > 1 {
                collector.report(.oneOf, severalMatchMessage(value, collector.display, matches, alternatives.pointee))
            }
        case .conditional(let condition, let then, let otherwise):
            let target = isValid(value, against: condition) ? then : otherwise
            if let target { collectIssues(value, against: target, into: &collector) }
        case .items(let target):
            guard case .array(let elements) = value else { return }
            elements.withUnsafeBufferPointer { elements in
                for index in elements.indices {
                    descend(elements[index], against: target, at: index, into: &collector)
                }
            }
        case .tupleItems(let targets, let additional):
            guard case .array(let elements) = value else { return }
            for (index, element) in elements.enumerated() {
                guard let target = index < targets.count ? targets[index] : additional else { continue }
                descend(element, against: target, at: index, into: &collector)
            }
        default:
            // Keywords that only look at this value.
            if passes(check, value) { return }
            let (kind, message) = leafMessage(check, of: node, value, collector.display)
            collector.report(kind, message)
        }
    }

    // swiftlint:disable:next cyclomatic_complexity function_body_length
    private func leafMessage(
        _ check: SchemaCheck, of node: SchemaNode, _ value: JSONValue, _ here: String
    ) -> (PayloadIssue.Kind, String) {
        switch check {
        case .alwaysFails:
            return (.disallowed, "\(here) is not allowed here")
        case .type(let types):
            let expected = IssueWording.expectation(types, itemBounds: (node.minimumItems, node.maximumItems))
            return (.type, "\(here) must be \(expected), got \(IssueWording.actual(value))")
        case .minProperties(let minimum):
            return (.members, "\(here) must have at least \(minimum) member\(minimum == 1 ? "" : "s")")
        case .maxProperties(let maximum):
            return (.members, "\(here) must have at most \(maximum) member\(maximum == 1 ? "" : "s")")
        case .enumeration(let table):
            let allowed = table.pointee.values
            if allowed.count == 1 {
                return (
                    .enumeration,
                    "\(here) must be \(IssueWording.literal(allowed[0])), got \(IssueWording.literal(value))"
                )
            }
            return (
                .enumeration,
                "\(here) must be \(IssueWording.choices(allowed)), got \(IssueWording.literal(value))"
            )
        case .constant(let expected):
            return (
                .constant,
                "\(here) must be \(IssueWording.literal(expected.pointee)), got \(IssueWording.literal(value))"
            )
        case .not:
            return (.disallowed, "\(here) has a form that is explicitly not allowed")
        case .contains:
            return (.contains, "\(here) has no item of the required kind")
        case .minItems(let minimum):
            let count = value.arrayValue?.count ?? 0
            let got = count == 0 ? "an empty list" : IssueWording.items(count)
            return (.minItems, "\(here) must have at least \(IssueWording.items(minimum)), got \(got)")
        case .maxItems(let maximum):
            let count = value.arrayValue?.count ?? 0
            return (
                .maxItems,
                "\(here) must be a list of at most \(IssueWording.items(maximum)), got \(IssueWording.items(count))"
            )
        case .uniqueItems:
            let (first, second) = Self.firstDuplicate(value.arrayValue ?? []) ?? (0, 0)
            return (.uniqueItems, "\(here) must not repeat items: [\(first)] and [\(second)] are equal")
        case .minimum(let bound):
            return (.minimum, "\(here) must be at least \(bound), got \(IssueWording.literal(value))")
        case .maximum(let bound):
            return (.maximum, "\(here) must be at most \(bound), got \(IssueWording.literal(value))")
        case .exclusiveMinimum(let bound):
            return (.minimum, "\(here) must be greater than \(bound), got \(IssueWording.literal(value))")
        case .exclusiveMaximum(let bound):
            return (.maximum, "\(here) must be less than \(bound), got \(IssueWording.literal(value))")
        case .multipleOf(let divisor):
            return (.multipleOf, "\(here) must be a multiple of \(divisor), got \(IssueWording.literal(value))")
        case .minLength(let minimum):
            let length = value.stringValue?.unicodeScalars.count ?? 0
            return (.minLength, "\(here) must be at least \(minimum) characters long, got \(length)")
        case .maxLength(let maximum):
            let length = value.stringValue?.unicodeScalars.count ?? 0
            return (.maxLength, "\(here) must be at most \(maximum) characters long, got \(length)")
        case .pattern(let matcher):
            return (
                .pattern,
                "\(here) \(IssueWording.literal(value)) does not match the pattern \(matcher.pointee.displaySource)"
            )
        case .format(let format):
            return (.format, "\(here) \(IssueWording.literal(value)) is not \(format.noun)")
        default:
            return (.disallowed, "\(here) is not valid")
        }
    }

    private func noMatchMessage(
        _ value: JSONValue, _ branches: UnsafeBufferPointer<NodeID>, _ alternatives: Alternatives,
        collector: IssueCollector, exactlyOne: Bool
    ) -> String {
        let here = collector.display
        switch alternatives {
        case .exclusiveMembers(let names):
            let quantity = exactlyOne ? "exactly one" : "at least one"
            return "\(here) must have \(quantity) of \(IssueWording.list(names, conjunction: "or")), has none"
        case .formats(let formats):
            return "\(here) \(IssueWording.literal(value)) is not \(IssueWording.formats(formats))"
        case .general:
            // Explain with the alternative that came closest (fewest issues).
            var closest: [PayloadIssue]? = nil
            for branch in branches {
                var branchCollector = collector
                branchCollector.issues = []
                branchCollector.issuePaths = []
                collectIssues(value, against: branch, into: &branchCollector)
                let branchIssues = branchCollector.issues
                if closest == nil || branchIssues.count < closest?.count ?? 0 { closest = branchIssues }
            }
            let detail = closest?.first.map { " (closest: \($0.message))" } ?? ""
            return "\(here) does not match any of the \(branches.count) allowed forms\(detail)"
        }
    }

    private func severalMatchMessage(
        _ value: JSONValue, _ here: String, _ matches: [Int], _ alternatives: Alternatives
    ) -> String {
        switch alternatives {
        case .exclusiveMembers(let names):
            let present = matches.map { names[$0] }
            return "\(here) must have exactly one of \(IssueWording.list(names, conjunction: "or")), "
                + "has \(IssueWording.list(present, conjunction: "and"))"
        case .formats, .general:
            let numbers = matches.map { String($0 + 1) }
            return
                "\(here) must match exactly one allowed form, "
                + "matches forms \(IssueWording.list(numbers, conjunction: "and"))"
        }
    }
}
