extension JSONValue {
    /// JSON text for this value: compact by default, or indented by two spaces per level.
    ///
    /// Object members keep their order; integral numbers print without a fraction, others with
    /// the shortest text that reads back to the same `Double` (`1.0`, `0.1`, `1e+30`). Non-ASCII
    /// text is written as UTF-8, control characters, `"` and `\` are escaped (``JSONWriter``).
    package func serialized(pretty: Bool = false) -> String {
        String(decoding: serializedBytes(pretty: pretty), as: UTF8.self)
    }

    /// UTF-8 JSON bytes for this value (see ``serialized(pretty:)``).
    package func serializedBytes(pretty: Bool = false) -> [UInt8] {
        var writer = JSONWriter(pretty: pretty)
        writer.value(self)
        return writer.bytes
    }

    /// `serializedBytes()` in an array of its own size, for bytes kept as long as a run: the writer's buffer grows
    /// by doubling, so it may hold up to twice what it wrote (heaptrack, 10,000 sites: 22 MB of plan configurations
    /// in buffers of 2 KB).
    package func serializedBytesToKeep() -> [UInt8] {
        serializedBytes().withUnsafeBufferPointer { Array($0) }
    }
}
