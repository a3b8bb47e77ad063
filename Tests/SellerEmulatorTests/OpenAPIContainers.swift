import Foundation
import MEF139
import OpenAPIRuntime

/// The types generated from the MEF specs carry the MEF 139 payload untyped, in OpenAPIRuntime containers (the
/// `additionalProperties` of `MEFProductConfiguration`). blackhail's payloads are `JSONValue`s, built and
/// validated against the MEF 139 schemas; these convert between the two, through JSON so that nothing is lost.
extension JSONValue {
    package init(_ container: OpenAPIObjectContainer) throws {
        self = try JSONValue(parsing: [UInt8](JSONEncoder().encode(container)))
    }
}

extension JSONObject {
    /// The members as the generated types hold them.
    package func openAPIContainer() throws -> OpenAPIObjectContainer {
        try JSONDecoder().decode(OpenAPIObjectContainer.self, from: Data(JSONValue.object(self).serializedBytes()))
    }
}
