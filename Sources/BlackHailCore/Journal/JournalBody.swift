import Foundation

/// A request or response body as the journal keeps it.
///
/// The MEF 139 configurations blackhail sends every seller, and that sellers echo back, are most of a run's traffic
/// (about 150 of 180 MB for 1,000 sites and 20 sellers). Each is stored once per run (table `configuration`, by
/// key); a body holds `null` where one went, and lists them by offset and key. `expanded(with:)` gives the bytes
/// as they were sent or received.
package struct JournalBody: Sendable, Equatable {
    /// The body, with `null` in place of each configuration listed in `configurations`.
    package var bytes: [UInt8]
    /// In ascending order of offset.
    package var configurations: [Reference]

    /// A configuration left out of `bytes`: the offset of the `null` standing for it, and its key.
    package struct Reference: Sendable, Equatable {
        package var offset: Int
        package var key: String

        package init(offset: Int, key: String) {
            self.offset = offset
            self.key = key
        }
    }

    package init(bytes: [UInt8], configurations: [Reference] = []) {
        self.bytes = bytes
        self.configurations = configurations
    }

    /// The body with every configuration back in place (`stored` by key); a reference to a configuration the
    /// journal does not have keeps its `null`.
    package func expanded(with stored: [String: [UInt8]]) -> [UInt8] {
        guard !configurations.isEmpty else { return bytes }
        var output: [UInt8] = []
        var copied = 0
        for reference in configurations {
            guard let configuration = stored[reference.key], reference.offset >= copied,
                reference.offset + Self.null.count <= bytes.count
            else { continue }
            output.append(contentsOf: bytes[copied..<reference.offset])
            output.append(contentsOf: configuration)
            copied = reference.offset + Self.null.count
        }
        output.append(contentsOf: bytes[copied...])
        return output
    }

    static let null = Array("null".utf8)

    /// `configurations` as the journal stores them: `offset key`, one per line; nil when there are none.
    var referenceText: String? {
        configurations.isEmpty ? nil : configurations.map { "\($0.offset) \($0.key)" }.joined(separator: "\n")
    }

    /// A body as a store keeps it (bytes and `referenceText`) made whole with the run's configurations; nil when
    /// there was none.
    static func stored(_ bytes: Data?, _ referenceText: String?, _ configurations: [String: [UInt8]]) -> JournalBody? {
        guard let bytes else { return nil }
        let stored = JournalBody(bytes: Array(bytes), referenceText: referenceText)
        return JournalBody(bytes: stored.expanded(with: configurations))
    }

    init(bytes: [UInt8], referenceText: String?) {
        self.bytes = bytes
        configurations = (referenceText ?? "").split(separator: "\n").compactMap { line in
            guard let space = line.firstIndex(of: " "), let offset = Int(line[..<space]) else { return nil }
            return Reference(offset: offset, key: String(line[line.index(after: space)...]))
        }
    }
}
