import MEF139

/// A request body into which MEF 139 configurations were spliced (`JSONSplice`), each under a key that names it
/// for the whole run (its plan item id): the answer's verbatim echoes of them are not parsed, and the journal
/// keeps each configuration once however many sellers it went to.
package struct SplicedBody: Sendable {
    package let bytes: [UInt8]
    /// The configurations spliced in, in the order embedded, with where each went in `bytes`.
    package let configurations: [Configuration]
    /// Drops the configurations' echoes from an answer before it is parsed.
    let elision: JSONEchoElision

    package struct Configuration: Sendable {
        package var key: String
        package var bytes: [UInt8]
        package var offset: Int
    }

    package init(_ document: JSONValue, splice: JSONSplice) {
        let (bytes, offsets) = splice.spliced(document)
        self.bytes = bytes
        configurations = splice.fragments.indices.map {
            Configuration(key: splice.keys[$0], bytes: splice.fragments[$0], offset: offsets[$0])
        }
        elision = JSONEchoElision(key: "productConfiguration", sent: splice.fragments)
    }

    /// The body as the journal keeps it: `null` where each configuration went.
    package var journalBody: JournalBody {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count - configurations.reduce(0) { $0 + $1.bytes.count })
        var references: [JournalBody.Reference] = []
        var copied = 0
        for configuration in configurations.sorted(by: { $0.offset < $1.offset }) where configuration.offset >= copied {
            output.append(contentsOf: bytes[copied..<configuration.offset])
            references.append(.init(offset: output.count, key: configuration.key))
            output.append(contentsOf: JournalBody.null)
            copied = configuration.offset + configuration.bytes.count
        }
        output.append(contentsOf: bytes[copied...])
        return JournalBody(bytes: output, configurations: references)
    }

    /// An answer to this body as the journal keeps it, from its elided bytes and echoes (`JSONEchoElision.elide`).
    package func journalBody(ofAnswer elided: [UInt8], echoes: [(offset: Int, sent: Int)]) -> JournalBody {
        JournalBody(
            bytes: elided, configurations: echoes.map { .init(offset: $0.offset, key: configurations[$0.sent].key) })
    }
}
