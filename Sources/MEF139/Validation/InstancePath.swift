import JSONCore

/// Where the evaluator is inside the instance: a stack of member names and list indices.
///
/// Kept as a stack that the evaluator pushes and pops, so valid values never pay for building
/// pointer strings; text is only rendered when an issue is reported.
struct InstancePath {
    enum Component {
        case key(String)
        case index(Int)
    }

    private(set) var components: [Component] = []

    init() {
        components.reserveCapacity(16)
    }

    mutating func push(_ key: String) {
        components.append(.key(key))
    }

    mutating func push(_ index: Int) {
        components.append(.index(index))
    }

    mutating func pop() {
        components.removeLast()
    }

    /// RFC 6901 pointer text (`/ipUni/ingressBandwidthProfileEnvelope/0`).
    var pointer: String {
        var text = ""
        for component in components {
            switch component {
            case .key(let key): text += "/" + JSONPointer.escape(key)
            case .index(let index): text += "/" + String(index)
            }
        }
        return text
    }

    /// The path as an engineer reads it (`ipUni.ingressBandwidthProfileEnvelope[0].cir`).
    var display: String {
        Self.display(components)
    }

    /// The display path of a member of the current value.
    func display(member: String) -> String {
        Self.display(components + [.key(member)])
    }

    static func display(_ components: [Component]) -> String {
        guard !components.isEmpty else { return "the product configuration" }
        var text = ""
        for component in components {
            switch component {
            case .key(let key):
                if isPlainName(key) {
                    if !text.isEmpty { text += "." }
                    text += key
                } else {
                    text += "[\"" + key + "\"]"
                }
            case .index(let index):
                text += "[" + String(index) + "]"
            }
        }
        return text
    }

    private static func isPlainName(_ key: String) -> Bool {
        !key.isEmpty
            && key.utf8.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                    UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "@"):
                    true
                default:
                    false
                }
            }
    }
}
