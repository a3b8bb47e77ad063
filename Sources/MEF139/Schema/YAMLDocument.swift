import Foundation
import JSONCore
import Yams

/// Turns a YAML document into a ``JSONValue``, resolving plain scalars the way PyYAML does.
///
/// The MEF schemas are YAML, and the oracle (Python `jsonschema`) read them with PyYAML's
/// YAML 1.1 rules. Yams' default resolver is close but not equal (it reads `1e3` as a float,
/// PyYAML as a string), so plain scalars are resolved here with PyYAML's patterns; quoted and
/// block scalars are always strings. Timestamps stay strings, as JSON has no date type. Explicit
/// tags (`!!str 10`) are not honoured; the MEF files use none.
enum YAMLDocument {
    /// Why a YAML file could not be used as a schema document.
    enum LoadError: Error, CustomStringConvertible {
        case empty
        case unsupportedNode(String)
        case nonStringKey(String)

        var description: String {
            switch self {
            case .empty: "the document is empty"
            case .unsupportedNode(let detail): "unsupported YAML construct: \(detail)"
            case .nonStringKey(let key): "mapping key '\(key)' is not a string"
            }
        }
    }

    /// Parses YAML text into JSON.
    static func parse(_ text: String) throws -> JSONValue {
        guard let node = try Yams.compose(yaml: text) else { throw LoadError.empty }
        return try convert(node)
    }

    private static func convert(_ node: Node) throws -> JSONValue {
        switch node {
        case .scalar(let scalar):
            return resolve(scalar)
        case .sequence(let sequence):
            return .array(try sequence.map(convert))
        case .mapping(let mapping):
            var object = JSONObject()
            for (key, value) in mapping {
                guard case .scalar(let keyScalar) = key else {
                    throw LoadError.nonStringKey(String(describing: key))
                }
                object[keyScalar.string] = try convert(value)
            }
            return .object(object)
        case .alias:
            throw LoadError.unsupportedNode("alias")
        }
    }

    private static func resolve(_ scalar: Node.Scalar) -> JSONValue {
        let text = scalar.string
        guard scalar.style == .plain || scalar.style == .any else { return .string(text) }
        return resolvePlain(text)
    }

    /// PyYAML's implicit resolvers for plain scalars (YAML 1.1).
    static func resolvePlain(_ text: String) -> JSONValue {
        switch text {
        case "", "~", "null", "Null", "NULL":
            return .null
        case "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON":
            return .bool(true)
        case "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF":
            return .bool(false)
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF":
            return .number(.double(.infinity))
        case "-.inf", "-.Inf", "-.INF":
            return .number(.double(-.infinity))
        case ".nan", ".NaN", ".NAN":
            return .number(.double(.nan))
        default:
            break
        }
        if let integer = yaml11Integer(text) { return .number(integer) }
        if let float = yaml11Float(text) { return .number(.double(float)) }
        return .string(text)
    }

    /// `[-+]?(0b[01_]+ | 0[0-7_]+ | 0 | [1-9][0-9_]* | 0x[0-9a-fA-F_]+)` (sexagesimal ints stay strings).
    private static func yaml11Integer(_ text: String) -> JSONNumber? {
        var body = Substring(text)
        var sign: Int64 = 1
        if let first = body.first, first == "-" || first == "+" {
            sign = first == "-" ? -1 : 1
            body = body.dropFirst()
        }
        guard let first = body.first else { return nil }
        let radix: Int
        var digits: Substring
        if body.hasPrefix("0b") {
            radix = 2
            digits = body.dropFirst(2)
        } else if body.hasPrefix("0x") {
            radix = 16
            digits = body.dropFirst(2)
        } else if first == "0", body.count > 1 {
            radix = 8
            digits = body.dropFirst()
        } else if first.isASCII, first.isNumber {
            radix = 10
            digits = body
        } else {
            return nil
        }
        guard !digits.isEmpty, digits.allSatisfy({ $0 == "_" || ($0.hexDigitValue ?? radix) < radix }) else {
            return nil
        }
        digits.removeAll { $0 == "_" }
        guard !digits.isEmpty, let magnitude = Int64(digits, radix: radix) else {
            // Digits valid for a YAML int but beyond Int64: keep the value approximately.
            if radix == 10, let approximate = Double(digits) { return .double(Double(sign) * approximate) }
            return nil
        }
        return .integer(sign * magnitude)
    }

    /// `[-+]?([0-9][0-9_]*)?\.[0-9_]*([eE][-+][0-9]+)?`: PyYAML needs a dot and a signed exponent.
    private static func yaml11Float(_ text: String) -> Double? {
        var rest = Substring(text)
        if let first = rest.first, first == "-" || first == "+" { rest = rest.dropFirst() }
        guard let dot = rest.firstIndex(of: ".") else { return nil }
        let integerPart = rest[..<dot]
        var fraction = rest[rest.index(after: dot)...]
        var exponent: Substring = ""
        if let e = fraction.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = fraction[fraction.index(after: e)...]
            fraction = fraction[..<e]
            guard let sign = exponent.first, sign == "-" || sign == "+",
                exponent.count > 1, exponent.dropFirst().allSatisfy({ $0.isASCII && $0.isNumber })
            else { return nil }
        }
        let isDigitOrUnderscore: (Character) -> Bool = { $0 == "_" || ($0.isASCII && $0.isNumber) }
        guard integerPart.allSatisfy(isDigitOrUnderscore), fraction.allSatisfy(isDigitOrUnderscore) else { return nil }
        // "[0-9][0-9_]*" must start with a digit; ".5" alone is allowed with digits after the dot.
        if let first = integerPart.first, !(first.isASCII && first.isNumber) { return nil }
        if integerPart.isEmpty, fraction.isEmpty { return nil }
        return Double(text.replacingOccurrences(of: "_", with: ""))
    }
}
