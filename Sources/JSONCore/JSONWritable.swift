import Foundation

/// A value that writes its own JSON through a ``JSONWriter``, for the parts of documents too large to build as a
/// `JSONValue` first.
///
/// It must write exactly what its `Encodable` form gives with sorted keys: the same keys, in sorted order, without
/// the members of nil optionals. A test should compare the two (TestSupport's `JSONValueEncoder` gives that form).
package protocol JSONWritable {
    func write(to json: inout JSONWriter) throws
}

/// Members of objects whose keys are known when the program is written (`key(_:)` with a `StaticString`).
///
/// Scalars have overloads of their own rather than going through `JSONWritable`: generic calls across the module
/// boundary are not specialised, and a document with tens of thousands of objects pays for that in every member.
/// The `ifPresent:` forms write nothing for nil, as synthesised `Encodable` conformances do.
extension JSONWriter {
    package mutating func member(_ key: StaticString, _ text: String) {
        self.key(key)
        string(text)
    }

    package mutating func member(_ key: StaticString, _ flag: Bool) {
        self.key(key)
        bool(flag)
    }

    package mutating func member(_ key: StaticString, _ integer: Int) {
        self.key(key)
        number(.integer(Int64(integer)))
    }

    package mutating func member(_ key: StaticString, _ integer: Int64) {
        self.key(key)
        number(.integer(integer))
    }

    package mutating func member(_ key: StaticString, _ double: Double) {
        self.key(key)
        number(.double(double))
    }

    package mutating func member(_ key: StaticString, _ value: Decimal) throws {
        self.key(key)
        try decimal(value)
    }

    package mutating func member(_ key: StaticString, _ texts: [String]) {
        self.key(key)
        beginArray()
        for text in texts { string(text) }
        endArray()
    }

    package mutating func member(_ key: StaticString, _ value: some JSONWritable) throws {
        self.key(key)
        try value.write(to: &self)
    }

    package mutating func member<Elements: Sequence>(_ key: StaticString, _ elements: Elements) throws
    where Elements.Element: JSONWritable {
        self.key(key)
        beginArray()
        for element in elements { try element.write(to: &self) }
        endArray()
    }

    package mutating func member(_ key: StaticString, ifPresent text: String?) {
        if let text { member(key, text) }
    }

    package mutating func member(_ key: StaticString, ifPresent integer: Int?) {
        if let integer { member(key, integer) }
    }

    package mutating func member(_ key: StaticString, ifPresent double: Double?) {
        if let double { member(key, double) }
    }

    package mutating func member(_ key: StaticString, ifPresent value: Decimal?) throws {
        if let value { try member(key, value) }
    }

    package mutating func member(_ key: StaticString, ifPresent value: (some JSONWritable)?) throws {
        if let value { try member(key, value) }
    }
}
