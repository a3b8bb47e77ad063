import Foundation
import JSONCore

/// Makes a well-formed answer look like what some real sellers send (mef-sonata-digest.md section 12): one-item
/// arrays written as bare objects, the pre-release `v0.2.0` URNs, and booleans as strings. Used by demo sellers
/// with `drift: true`, so the buyer side's tolerance is exercised over real HTTP.
enum DriftWriter {
    /// Envelope booleans sent as `"true"`/`"false"`.
    static let stringBooleanKeys: Set<String> = [
        "instantSyncQualification", "provideAlternative", "instantSyncQuote", "subjectToFeasibilityCheck",
        "allowsNewSite", "hasPublicSite", "expediteIndicator",
    ]
    /// `maxItems: 1` arrays sent as a bare object, as the pre-Grace examples and guides do.
    static let unwrappedArrayKeys: Set<String> = [
        "quoteItemTerm", "ingressBandwidthProfileEnvelope", "egressBandwidthProfileEnvelope",
        "serviceLevelSpecification",
    ]

    static func apply(to value: JSONValue) -> JSONValue {
        switch value {
        case .object(var object):
            for (key, child) in object {
                if stringBooleanKeys.contains(key), let flag = child.boolValue {
                    object[key] = .string(flag ? "true" : "false")
                } else if unwrappedArrayKeys.contains(key), case .array(let array) = child, array.count == 1 {
                    object[key] = apply(to: array[0])
                } else if key == "@type", let urn = child.stringValue, urn.hasPrefix("urn:mef:lso:spec:") {
                    object[key] = .string(urn.replacingOccurrences(of: ":v1.0.0:", with: ":v0.2.0:"))
                } else {
                    object[key] = apply(to: child)
                }
            }
            return .object(object)
        case .array(let array):
            return .array(array.map(apply(to:)))
        default:
            return value
        }
    }
}
