import JSONCore

/// Gathers issues during ``SchemaEvaluator/collectIssues(_:against:into:)``.
///
/// The path is kept as positions (member positions in objects, indices in lists), which cost
/// nothing to push and pop; names are looked up in the root value only when an issue is written.
struct IssueCollector {
    let root: JSONValue
    var path: [Int] = []
    var issues: [PayloadIssue] = []

    init(root: JSONValue) {
        self.root = root
        path.reserveCapacity(16)
    }

    /// The path (as positions) of each issue, to sort them into document order.
    var issuePaths: [[Int]] = []

    mutating func report(_ kind: PayloadIssue.Kind, _ message: String) {
        issues.append(PayloadIssue(pointer: instancePath.pointer, message: message, kind: kind))
        issuePaths.append(path)
    }

    /// The issues in document order (an object's own issues before its members'); issues at
    /// one place keep the schema's order.
    var issuesInDocumentOrder: [PayloadIssue] {
        guard issues.count > 1 else { return issues }
        let order = issues.indices.sorted { lhs, rhs in
            let left = issuePaths[lhs]
            let right = issuePaths[rhs]
            if left == right { return lhs < rhs }
            return left.lexicographicallyPrecedes(right)
        }
        return order.map { issues[$0] }
    }

    /// The current location as member names and indices.
    var instancePath: InstancePath {
        var resolved = InstancePath()
        var current = root
        for position in path {
            switch current {
            case .object(let object):
                let member = object[position]
                resolved.push(member.key)
                current = member.value
            case .array(let elements):
                resolved.push(position)
                current = elements[position]
            default:
                return resolved
            }
        }
        return resolved
    }

    /// A member or item (by position) of the current value, for messages.
    func display(child position: Int) -> String {
        var child = self
        child.path.append(position)
        return child.display
    }

    /// The current location for messages (`ipUni.ingressBandwidthProfileEnvelope[0]`).
    var display: String {
        instancePath.display
    }

    /// A member of the current value, for messages.
    func display(member: String) -> String {
        instancePath.display(member: member)
    }
}
