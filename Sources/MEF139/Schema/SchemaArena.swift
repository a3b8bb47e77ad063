/// Owns the memory of a compiled schema graph.
///
/// Why: the evaluator reads schema checks millions of times a second. With Swift arrays inside
/// the check enum, every read of a check copies it and retains its arrays; with buffers owned
/// here the checks are plain values (pointers and integers) and reading one costs nothing.
/// The graph keeps the arena alive, and nothing hands the buffers out beyond the graph, so they
/// never outlive their owner. Written only while compiling, before the graph is shared.
final class SchemaArena: @unchecked Sendable {
    private var releases: [() -> Void] = []

    init() {}

    /// Copies `elements` into arena memory.
    func store<Element>(_ elements: [Element]) -> UnsafeBufferPointer<Element> {
        let buffer = UnsafeMutableBufferPointer<Element>.allocate(capacity: Swift.max(elements.count, 1))
        let count = elements.count
        if let base = buffer.baseAddress {
            for index in 0..<count {
                (base + index).initialize(to: elements[index])
            }
        }
        releases.append {
            buffer.baseAddress?.deinitialize(count: count)
            buffer.deallocate()
        }
        return UnsafeBufferPointer(start: buffer.baseAddress, count: count)
    }

    /// Copies one value into arena memory.
    func store<Element>(_ element: Element) -> UnsafePointer<Element> {
        let pointer = UnsafeMutablePointer<Element>.allocate(capacity: 1)
        pointer.initialize(to: element)
        releases.append {
            pointer.deinitialize(count: 1)
            pointer.deallocate()
        }
        return UnsafePointer(pointer)
    }

    deinit {
        for release in releases.reversed() {
            release()
        }
    }
}
