extension JSONValue {
    /// An integral JSON number (`.integer(5)` reads better than `.number(.integer(5))` where values are built).
    package static func integer(_ value: Int64) -> JSONValue { .number(.integer(value)) }

    /// A JSON number with a fraction.
    package static func double(_ value: Double) -> JSONValue { .number(.double(value)) }
}
