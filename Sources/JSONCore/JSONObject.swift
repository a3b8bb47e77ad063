#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A JSON object that keeps its members in document order.
///
/// Lookups are linear scans: product configurations have a handful of keys per object, where a
/// scan over contiguous storage beats hashing. Keys compare by Unicode code points (byte-wise
/// UTF-8), as JSON and Python do, not by Swift's canonical equivalence. Equality of two objects
/// ignores member order, as JSON does.
package struct JSONObject: Sendable {
    package typealias Element = (key: String, value: JSONValue)

    // Inlinable (with the members below): the validator in another module walks objects member by member, and a
    // call per member would cost it a measurable share of its speed.
    @usableFromInline var storage: [Member]

    /// One key/value pair; a struct rather than a tuple so the storage stays cheap to copy.
    package struct Member: Sendable {
        package var key: String
        package var value: JSONValue
    }

    /// An empty object.
    package init() {
        storage = []
    }

    /// An object with these members in this order. A repeated key keeps its first position and its
    /// last value (what `json.loads` and most parsers do).
    package init(_ members: some Sequence<(String, JSONValue)>) {
        storage = []
        for (key, value) in members {
            self[key] = value
        }
    }

    /// Appends without a duplicate check; the parser checks duplicates itself.
    mutating func appendUnchecked(key: String, value: JSONValue) {
        storage.append(Member(key: key, value: value))
    }

    /// The number of members.
    @inlinable package var count: Int { storage.count }

    /// True when the object has no members.
    @inlinable package var isEmpty: Bool { storage.isEmpty }

    /// The keys in document order.
    package var keys: [String] { storage.map(\.key) }

    /// The values in document order.
    package var values: [JSONValue] { storage.map(\.value) }

    /// The value for `key`, or nil. Setting nil removes the member; setting a new key appends it.
    package subscript(key: String) -> JSONValue? {
        @inlinable get {
            guard let index = index(forKey: key) else { return nil }
            return storage[index].value
        }
        set {
            if let index = index(forKey: key) {
                if let newValue {
                    storage[index].value = newValue
                } else {
                    storage.remove(at: index)
                }
            } else if let newValue {
                storage.append(Member(key: key, value: newValue))
            }
        }
    }

    /// True when the object has a member named `key`.
    @inlinable
    package func contains(key: String) -> Bool {
        index(forKey: key) != nil
    }

    /// The position of `key` in document order, or nil.
    @inlinable
    package func index(forKey key: String) -> Int? {
        for index in storage.indices where storage[index].key.hasSameCodePoints(as: key) {
            return index
        }
        return nil
    }

    /// The position of `key`, scanning from `hint` and wrapping around. Callers that look up
    /// several keys in schema order pass the position after the previous hit: payloads usually list
    /// members in schema order, which turns most lookups into a single comparison.
    @inlinable @inline(__always)
    package func index(forKey key: String, hint: Int) -> Int? {
        let count = storage.count
        guard count > 0 else { return nil }
        var index = hint < count ? hint : 0
        for _ in 0..<count {
            if storage[index].key.hasSameCodePoints(as: key) { return index }
            index += 1
            if index == count { index = 0 }
        }
        return nil
    }

    /// Lends the members in place. The validator iterates this way because `for member in object`
    /// copies (and retains) every key and value it visits.
    @inlinable @inline(__always)
    package func withUnsafeMembers<Result>(_ body: (UnsafeBufferPointer<Member>) -> Result) -> Result {
        storage.withUnsafeBufferPointer(body)
    }

    /// The value at a position (see ``index(forKey:hint:)``).
    @inlinable @inline(__always)
    package func value(at position: Int) -> JSONValue {
        storage[position].value
    }

    /// Identifies the members' storage while it exists: the same for an object and its copies that nothing changed
    /// since (they hold the same members), different for objects that do not share storage. Nil when empty, as
    /// empty objects may all share one. Compared, never dereferenced.
    package var storageIdentity: UnsafeRawPointer? {
        guard !storage.isEmpty else { return nil }
        return storage.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }
    }

    /// Removes `key` and returns its value, or nil when absent.
    @discardableResult
    package mutating func removeValue(forKey key: String) -> JSONValue? {
        guard let index = index(forKey: key) else { return nil }
        return storage.remove(at: index).value
    }

    /// Replaces the value at a position (used by the normaliser to rewrite in place).
    package mutating func setValue(_ value: JSONValue, at position: Int) {
        storage[position].value = value
    }
}

extension JSONObject: RandomAccessCollection {
    @inlinable package var startIndex: Int { 0 }
    @inlinable package var endIndex: Int { storage.count }

    @inlinable
    package subscript(position: Int) -> Element {
        let member = storage[position]
        return (member.key, member.value)
    }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    package init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(elements)
    }
}

extension JSONObject: Equatable {
    /// Order-independent equality with JSON semantics (`{"a":1,"b":2} == {"b":2,"a":1.0}`).
    package static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.count == rhs.count else { return false }
        // Copies of one object (a verbatim echo is the value sent, see `JSONEchoElision`) are equal at once.
        if let identity = lhs.storageIdentity, identity == rhs.storageIdentity { return true }
        for member in lhs.storage {
            guard let other = rhs[member.key], other == member.value else { return false }
        }
        return true
    }
}

extension JSONObject: Hashable {
    package func hash(into hasher: inout Hasher) {
        // Order-independent: combine per-member hashes commutatively.
        var combined = 0
        for member in storage {
            var memberHasher = Hasher()
            member.key.hashCodePoints(into: &memberHasher)
            memberHasher.combine(member.value)
            combined ^= memberHasher.finalize()
        }
        hasher.combine(storage.count)
        hasher.combine(combined)
    }
}

extension String {
    /// Code-point equality (byte-wise UTF-8), the equality JSON and Python use for strings.
    ///
    /// Swift's `==` treats canonically equivalent strings as equal ("é" and "e\u{301}"); JSON does not.
    /// This runs for every member lookup during validation, so it compares lengths first (O(1) for
    /// native strings) and then the bytes with `memcmp`.
    @inlinable @inline(__always)
    package func hasSameCodePoints(as other: String) -> Bool {
        let count = utf8.count
        guard count == other.utf8.count else { return false }
        let fast = utf8.withContiguousStorageIfAvailable { lhs in
            other.utf8.withContiguousStorageIfAvailable { rhs in
                guard let left = lhs.baseAddress, let right = rhs.baseAddress else { return true }
                return memcmp(left, right, count) == 0
            }
        }
        if let fast, let result = fast { return result }
        return utf8.elementsEqual(other.utf8)
    }

    /// Feeds the UTF-8 bytes to a hasher, matching `hasSameCodePoints(as:)`.
    package func hashCodePoints(into hasher: inout Hasher) {
        hasher.combine(utf8.count)
        for byte in utf8 {
            hasher.combine(byte)
        }
    }
}
