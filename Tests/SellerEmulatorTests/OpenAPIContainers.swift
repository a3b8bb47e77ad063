import Foundation
import JSONCore
import OpenAPIRuntime

/// The types generated from the MEF specs carry the MEF 139 payload untyped, in OpenAPIRuntime containers (the
/// `additionalProperties` of `MEFProductConfiguration`). blackhail's payloads are `JSONValue`s; these convert between
/// the two, through JSON so that nothing is lost. Only the tests use the generated types (as an oracle of the MEF
/// specs), so the conversions live here rather than in the product.
extension JSONValue {
    init(_ container: OpenAPIObjectContainer) throws {
        self = try JSONValue(parsing: [UInt8](JSONEncoder().encode(container)))
    }
}

extension JSONObject {
    /// The members as the generated types hold them.
    func openAPIContainer() throws -> OpenAPIObjectContainer {
        try JSONDecoder().decode(OpenAPIObjectContainer.self, from: Data(JSONValue.object(self).serializedBytes()))
    }
}
