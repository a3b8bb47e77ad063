import BlackHailCore
import JSONCore

/// What the emulator needs to know of a MEF 139 configuration to price it. It reads the payload tolerantly:
/// the MEF examples themselves carry pre-Grace shapes (objects where the schema wants one-item arrays).
struct RequestedService: Equatable {
    /// The fastest information rate asked for in either direction, in bit/s; nil when the item carries none
    /// (a trunk item of Advanced IA, for example).
    var bitsPerSecond: Double?
    /// The uptime objective the buyer asked for, in percent.
    var uptimeObjective: Double?

    init(configuration: JSONValue?) {
        guard let configuration else { return }
        let rates = Self.informationRates(in: configuration, keys: ["maxIr", "maxIrE"])
        bitsPerSecond = rates.max()
        uptimeObjective = Self.uptimeObjectives(in: configuration).max()
    }

    /// Whether a configuration carries the access itself (the UNI and its bandwidth): Basic and Exclusive IA, or
    /// an Advanced IA IP UNI item. Only those are priced; the other components are included.
    static func carriesAccess(_ configuration: JSONValue?) -> Bool {
        guard let configuration else { return true }
        if configuration["ipUni"] != nil { return true }
        let urn = configuration["@type"]?.stringValue ?? ""
        return urn.contains(":ip-uni:") || urn.contains(":basic-internet-access:")
    }

    static func bitsPerSecond(of rate: JSONValue) -> Double? {
        guard let value = rate["irValue"]?.doubleValue, let unit = rate["irUnits"]?.stringValue,
            let multiplier = ConfigurationSummary.unitMultipliers[unit]
        else { return nil }
        return value * multiplier
    }

    private static func informationRates(in value: JSONValue, keys: Set<String>) -> [Double] {
        switch value {
        case .object(let object):
            return object.flatMap { key, child in
                if keys.contains(key), let rate = bitsPerSecond(of: child) { return [rate] }
                return informationRates(in: child, keys: keys)
            }
        case .array(let array):
            return array.flatMap { informationRates(in: $0, keys: keys) }
        default:
            return []
        }
    }

    private static func uptimeObjectives(in value: JSONValue) -> [Double] {
        switch value {
        case .object(let object):
            return object.flatMap { key, child in
                if key == "serviceUptimeObjective", let percent = child.doubleValue { return [percent] }
                return uptimeObjectives(in: child)
            }
        case .array(let array):
            return array.flatMap(uptimeObjectives(in:))
        default:
            return []
        }
    }
}

/// Rewrites a configuration into what the seller proposes instead: every bandwidth capped at what it sells,
/// the uptime objective lowered to what it commits to.
enum AlternateConfiguration {
    static func capped(_ value: JSONValue, maximumBitsPerSecond: Double, uptime: Double) -> JSONValue {
        switch value {
        case .object(var object):
            for (key, child) in object {
                if key == "maxIr" || key == "maxIrE" || key == "cir",
                    let rate = RequestedService.bitsPerSecond(of: child), rate > maximumBitsPerSecond
                {
                    object[key] = .object(["irValue": .integer(Int64(maximumBitsPerSecond / 1e6)), "irUnits": "MBPS"])
                } else if key == "serviceUptimeObjective", let percent = child.doubleValue, percent > uptime {
                    object[key] = .double(uptime)
                } else {
                    object[key] = capped(child, maximumBitsPerSecond: maximumBitsPerSecond, uptime: uptime)
                }
            }
            return .object(object)
        case .array(let array):
            return .array(array.map { capped($0, maximumBitsPerSecond: maximumBitsPerSecond, uptime: uptime) })
        default:
            return value
        }
    }
}
