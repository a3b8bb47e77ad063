import JSONCore

/// A request body into which MEF 139 configurations were spliced (`JSONSplice`), each under a key that names it
/// for the whole run (its plan item id): the answer's verbatim echoes of them are not parsed, and the journal
/// keeps each configuration once however many sellers it went to.
package struct SplicedBody: Sendable {
    package let bytes: [UInt8]
    /// The configurations spliced in, in the order embedded, with where each went in `bytes`.
    package let configurations: [Configuration]
    /// Finds the configurations' echoes in an answer before it is parsed.
    private let elision: JSONEchoElision

    package struct Configuration: Sendable {
        package var key: String
        package var bytes: [UInt8]
        /// What a verbatim echo of it reads as.
        package var value: JSONValue
        /// Where it is in the body; -1 when it was written out rather than spliced.
        package var offset: Int
    }

    package init(_ document: JSONValue, splice: JSONSplice) {
        let (bytes, offsets) = splice.spliced(document)
        self.bytes = bytes
        configurations = splice.fragments.indices.map {
            Configuration(
                key: splice.keys[$0], bytes: splice.fragments[$0], value: splice.values[$0], offset: offsets[$0])
        }
        elision = JSONEchoElision(key: "productConfiguration", sent: splice.fragments)
    }

    /// The verbatim echoes of the configurations in an answer to this body.
    package func echoes(in answer: [UInt8]) -> [JSONEchoElision.Echo] {
        elision.echoes(in: answer)
    }

    /// The echoes as values for the parser to take as they are (`JSONValue(parsing:reusing:)`): each reads as the
    /// configuration it repeats, byte for byte, rather than being parsed again.
    package func knownValues(_ echoes: [JSONEchoElision.Echo]) -> [JSONValue.KnownValue] {
        echoes.map { JSONValue.KnownValue(range: $0.range, value: configurations[$0.sent].value) }
    }

    /// The body as the journal keeps it: `null` where each configuration went.
    package var journalBody: JournalBody {
        Self.journalBody(
            bytes,
            leavingOut: configurations.filter { $0.offset >= 0 }.sorted { $0.offset < $1.offset }.map {
                ($0.offset..<$0.offset + $0.bytes.count, $0.key)
            })
    }

    /// An answer to this body as the journal keeps it: `null` where each echo was (`echoes(in:)`).
    package func journalBody(ofAnswer answer: [UInt8], echoes: [JSONEchoElision.Echo]) -> JournalBody {
        Self.journalBody(answer, leavingOut: echoes.map { ($0.range, configurations[$0.sent].key) })
    }

    /// `bytes` with `null` in place of each range (ascending, not overlapping), referring to it by its key.
    private static func journalBody(_ bytes: [UInt8], leavingOut ranges: [(Range<Int>, String)]) -> JournalBody {
        guard !ranges.isEmpty else { return JournalBody(bytes: bytes) }
        var output: [UInt8] = []
        output.reserveCapacity(
            bytes.count - ranges.reduce(0) { $0 + $1.0.count } + JournalBody.null.count * ranges.count)
        var references: [JournalBody.Reference] = []
        var copied = 0
        for (range, key) in ranges where range.lowerBound >= copied {
            output.append(contentsOf: bytes[copied..<range.lowerBound])
            references.append(.init(offset: output.count, key: key))
            output.append(contentsOf: JournalBody.null)
            copied = range.upperBound
        }
        output.append(contentsOf: bytes[copied...])
        return JournalBody(bytes: output, configurations: references)
    }
}
