import Foundation
import JSONCore

/// Encodes `Encodable` values into a `JSONValue`: with sorted keys, the reference the tests compare the types that
/// write themselves (`JSONWritable`) with. Dates are written by `dateString`; `Decimal`s as JSON numbers through
/// `Double`, so a decimal a `Double` does not keep exactly is refused (a `JSONValue` cannot hold it).
package struct JSONValueEncoder {
    package var dateString: @Sendable (Date) -> String
    package var sortedKeys: Bool

    package init(sortedKeys: Bool = true, dateString: @escaping @Sendable (Date) -> String) {
        self.sortedKeys = sortedKeys
        self.dateString = dateString
    }

    package func encode(_ value: some Encodable) throws -> JSONValue {
        let storage = Storage()
        try box(value, into: storage, codingPath: [])
        return storage.resolved(sortingKeys: sortedKeys)
    }

    func box(_ value: some Encodable, into storage: Storage, codingPath: [any CodingKey]) throws {
        if let direct = try directValue(value, codingPath: codingPath) {
            storage.value = direct
        } else {
            try value.encode(to: ValueEncoder(storage: storage, options: self, codingPath: codingPath))
        }
    }

    /// A member or element: written in place when it is a scalar (most of a result's values), else a nested slot.
    func slot(for value: some Encodable, codingPath: [any CodingKey]) throws -> Slot {
        if let direct = try directValue(value, codingPath: codingPath) { return .value(direct) }
        let storage = Storage()
        try value.encode(to: ValueEncoder(storage: storage, options: self, codingPath: codingPath))
        return .storage(storage)
    }

    /// Scalars and the types written specially (dates, decimals), or nil for values that encode themselves through
    /// the `Encoder` protocol.
    private func directValue(_ value: some Encodable, codingPath: [any CodingKey]) throws -> JSONValue? {
        switch value {
        case let text as String: return .string(text)
        case let flag as Bool: return .bool(flag)
        case let double as Double: return .number(.double(double))
        case let date as Date: return .string(dateString(date))
        case let decimal as Decimal:
            guard let number = JSONNumber(exactly: decimal) else {
                throw EncodingError.invalidValue(
                    decimal,
                    .init(codingPath: codingPath, debugDescription: "decimal \(decimal) has no exact binary form"))
            }
            return .number(number)
        case let integer as any BinaryInteger:
            guard let exact = Int64(exactly: integer) else {
                throw EncodingError.invalidValue(
                    value, .init(codingPath: codingPath, debugDescription: "integer out of range"))
            }
            return .number(.integer(exact))
        case let float as Float: return .number(.double(Double(float)))
        default: return nil
        }
    }

    static func sorted(_ value: JSONValue) -> JSONValue {
        switch value {
        case .array(let elements): return .array(elements.map(sorted))
        case .object(let object):
            return .object(JSONObject(object.map { ($0.key, sorted($0.value)) }.sorted { $0.0 < $1.0 }))
        default: return value
        }
    }

    /// A member's or element's value: in place for scalars, or a storage a nested container fills.
    enum Slot {
        case value(JSONValue)
        case storage(Storage)

        func resolved(sortingKeys: Bool) -> JSONValue {
            switch self {
            case .value(let value): sortingKeys ? JSONValueEncoder.sorted(value) : value
            case .storage(let storage): storage.resolved(sortingKeys: sortingKeys)
            }
        }
    }

    /// What a container fills: its value is read back when encoding ends.
    final class Storage {
        var value: JSONValue?
        var members: [(String, Slot)] = []
        var elements: [Slot] = []
        var kind: Kind = .single

        enum Kind { case single, object, array }

        func resolved(sortingKeys: Bool) -> JSONValue {
            switch kind {
            case .single:
                return value.map { sortingKeys ? JSONValueEncoder.sorted($0) : $0 } ?? .null
            case .object:
                let ordered = sortingKeys ? members.sorted { $0.0 < $1.0 } : members
                return .object(JSONObject(ordered.map { ($0.0, $0.1.resolved(sortingKeys: sortingKeys)) }))
            case .array:
                return .array(elements.map { $0.resolved(sortingKeys: sortingKeys) })
            }
        }
    }
}

private struct ValueEncoder: Encoder {
    let storage: JSONValueEncoder.Storage
    let options: JSONValueEncoder
    var codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        storage.kind = .object
        return KeyedEncodingContainer(KeyedContainer<Key>(encoder: self))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        storage.kind = .array
        return UnkeyedContainer(encoder: self)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleContainer(encoder: self)
    }

}

private struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(stringValue: String) { self.stringValue = stringValue }
    init(intValue: Int) {
        stringValue = String(intValue)
        self.intValue = intValue
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let encoder: ValueEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    /// Keyed containers write each key once (as synthesised and hand-written `encode(to:)` do), so members are
    /// appended without looking for an earlier one.
    private func slot(_ key: Key) -> JSONValueEncoder.Storage {
        let storage = JSONValueEncoder.Storage()
        encoder.storage.members.append((key.stringValue, .storage(storage)))
        return storage
    }

    private func put(_ value: JSONValue, _ key: Key) {
        encoder.storage.members.append((key.stringValue, .value(value)))
    }

    mutating func encodeNil(forKey key: Key) throws { put(.null, key) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { put(.bool(value), key) }
    mutating func encode(_ value: String, forKey key: Key) throws { put(.string(value), key) }
    mutating func encode(_ value: Double, forKey key: Key) throws { put(.number(.double(value)), key) }
    mutating func encode(_ value: Int, forKey key: Key) throws { put(.number(.integer(Int64(value))), key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { put(.number(.integer(value)), key) }

    mutating func encode(_ value: some Encodable, forKey key: Key) throws {
        encoder.storage.members.append(
            (key.stringValue, try encoder.options.slot(for: value, codingPath: codingPath + [key])))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        ValueEncoder(storage: slot(key), options: encoder.options, codingPath: codingPath + [key])
            .container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        ValueEncoder(storage: slot(key), options: encoder.options, codingPath: codingPath + [key]).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder { encoder }
    mutating func superEncoder(forKey key: Key) -> any Encoder {
        ValueEncoder(storage: slot(key), options: encoder.options, codingPath: codingPath + [key])
    }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let encoder: ValueEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }
    var count: Int { encoder.storage.elements.count }

    private func slot() -> JSONValueEncoder.Storage {
        let storage = JSONValueEncoder.Storage()
        encoder.storage.elements.append(.storage(storage))
        return storage
    }

    private func put(_ value: JSONValue) {
        encoder.storage.elements.append(.value(value))
    }

    mutating func encodeNil() throws { put(.null) }
    mutating func encode(_ value: Bool) throws { put(.bool(value)) }
    mutating func encode(_ value: String) throws { put(.string(value)) }
    mutating func encode(_ value: Double) throws { put(.number(.double(value))) }
    mutating func encode(_ value: Int) throws { put(.number(.integer(Int64(value)))) }

    mutating func encode(_ value: some Encodable) throws {
        let path = codingPath + [AnyKey(intValue: count)]
        encoder.storage.elements.append(try encoder.options.slot(for: value, codingPath: path))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type
    ) -> KeyedEncodingContainer<NestedKey> {
        ValueEncoder(storage: slot(), options: encoder.options, codingPath: codingPath).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        ValueEncoder(storage: slot(), options: encoder.options, codingPath: codingPath).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        ValueEncoder(storage: slot(), options: encoder.options, codingPath: codingPath)
    }
}

private struct SingleContainer: SingleValueEncodingContainer {
    let encoder: ValueEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    mutating func encodeNil() throws { encoder.storage.value = .null }
    mutating func encode(_ value: Bool) throws { encoder.storage.value = .bool(value) }
    mutating func encode(_ value: String) throws { encoder.storage.value = .string(value) }
    mutating func encode(_ value: Double) throws { encoder.storage.value = .number(.double(value)) }
    mutating func encode(_ value: Int) throws { encoder.storage.value = .number(.integer(Int64(value))) }
    mutating func encode(_ value: Int64) throws { encoder.storage.value = .number(.integer(value)) }

    mutating func encode(_ value: some Encodable) throws {
        try encoder.options.box(value, into: encoder.storage, codingPath: codingPath)
    }
}
