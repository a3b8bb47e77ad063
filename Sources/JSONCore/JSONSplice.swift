/// A JSON document some of whose values are already-encoded JSON: the per-site MEF 139 configuration is encoded
/// once and spliced into the POQ and quote of every seller, instead of being written again twenty times.
///
/// `embed` returns a placeholder to put where the fragment goes; `spliced(_:)` writes the document and swaps
/// each placeholder's text for its fragment's bytes. A placeholder is a string no JSON value of blackhail's holds:
/// it starts and ends with U+0001.
package struct JSONSplice {
    package private(set) var fragments: [[UInt8]] = []
    /// The key each fragment was embedded with, by fragment number: what identifies it beyond this document.
    package private(set) var keys: [String] = []

    package init() {}

    /// Registers `fragment` (the bytes of one JSON value) and returns the value that stands for it.
    package mutating func embed(_ fragment: [UInt8], key: String = "") -> JSONValue {
        fragments.append(fragment)
        keys.append(key)
        return .string("\u{1}fragment:\(fragments.count - 1)\u{1}")
    }

    private static let prefix = Array(#""\u0001fragment:"#.utf8)
    private static let suffix = Array(#"\u0001""#.utf8)

    /// The document's bytes with every placeholder replaced by its fragment, and where each fragment went: its
    /// offset in the bytes, by fragment number.
    package func spliced(_ document: JSONValue) -> (bytes: [UInt8], offsets: [Int]) {
        let bytes = document.serializedBytes()
        guard !fragments.isEmpty else { return (bytes, []) }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + fragments.reduce(0) { $0 + $1.count })
        var offsets = [Int](repeating: -1, count: fragments.count)
        var copied = 0
        var index = 0
        // Runs of bytes between placeholders are copied whole; only quotes can start a placeholder.
        while let quote = bytes[index...].firstIndex(of: UInt8(ascii: "\"")) {
            guard let (fragment, end) = placeholder(in: bytes, at: quote) else {
                index = quote + 1
                continue
            }
            output.append(contentsOf: bytes[copied..<quote])
            offsets[fragment] = output.count
            output.append(contentsOf: fragments[fragment])
            copied = end
            index = end
        }
        output.append(contentsOf: bytes[copied...])
        return (output, offsets)
    }

    /// The fragment number and the index after a placeholder starting at `start`, if one does.
    private func placeholder(in bytes: [UInt8], at start: Int) -> (Int, Int)? {
        guard bytes.count - start > Self.prefix.count + Self.suffix.count,
            bytes[start..<start + Self.prefix.count].elementsEqual(Self.prefix)
        else { return nil }
        var index = start + Self.prefix.count
        var number = 0
        while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
            number = number * 10 + Int(bytes[index] - UInt8(ascii: "0"))
            index += 1
        }
        guard index + Self.suffix.count <= bytes.count,
            bytes[index..<index + Self.suffix.count].elementsEqual(Self.suffix), number < fragments.count
        else { return nil }
        return (number, index + Self.suffix.count)
    }
}
