import Foundation
import NIOHTTP1

/// One Sonata call: which API, method and path below the API's base path, and whether an unknown outcome may
/// simply be tried again. Made from the catalogue (`SonataEndpoint`): `SonataOperation(.retrieveQuote, id: id)`.
package struct SonataOperation: Sendable, CustomStringConvertible {
    package var api: SonataAPI
    package var method: Method
    /// Below the API's base path, e.g. `/productOfferingQualification/ID`.
    package var path: String
    package var query: [(String, String)]
    /// The MEF operation id (`createQuote`), for logs and messages.
    package var name: String
    /// POQs, quotes, reads and address validations commit to nothing, so a request whose answer was lost can be
    /// sent again; orders cannot (see the order flow).
    package var retriesUnknownOutcome: Bool
    /// The journal keeps neither body (`SonataEndpoint.bodiesCarrySecrets`).
    package var bodiesCarrySecrets = false

    /// A call of a catalogued operation; `id` (percent-encoded as one path segment) when its path names a resource.
    package init(_ endpoint: SonataEndpoint, id: String? = nil, query: [(String, String)] = []) {
        assert(endpoint.takesId == (id != nil), "\(endpoint.name) takes \(endpoint.takesId ? "an" : "no") id")
        self.init(
            endpoint.api, endpoint.method, endpoint.path(id: id), name: endpoint.name, query: query,
            retriesUnknownOutcome: endpoint.retriesUnknownOutcome)
        bodiesCarrySecrets = endpoint.bodiesCarrySecrets
    }

    /// An operation spelt out by hand; prefer the catalogue.
    package init(
        _ api: SonataAPI, _ method: Method, _ path: String, name: String, query: [(String, String)] = [],
        retriesUnknownOutcome: Bool = true
    ) {
        self.api = api
        self.method = method
        self.path = path
        self.query = query
        self.name = name
        self.retriesUnknownOutcome = retriesUnknownOutcome
    }

    package var description: String { "\(api.title) \(name)" }

    /// The URL below a seller's base URL: the API's base path, the path, and the query with the seller's
    /// `buyerId` and `sellerId` when its profile has them.
    package func target(on sonata: SonataEndpoints) -> String {
        var target = sonata.path(for: api) + path
        var query = query
        if let buyerId = sonata.buyerId { query.append(("buyerId", buyerId)) }
        if let sellerId = sonata.sellerId { query.append(("sellerId", sellerId)) }
        if !query.isEmpty {
            target += "?" + query.map { "\($0.0)=\(Self.queryEncoded($0.1))" }.joined(separator: "&")
        }
        return target
    }

    private static func queryEncoded(_ value: String) -> String {
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=+?")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
    }

    /// The HTTP methods the Sonata APIs use.
    package enum Method: String, Sendable {
        case get = "GET"
        case post = "POST"
        case patch = "PATCH"
        case delete = "DELETE"

        var http: HTTPMethod { HTTPMethod(rawValue: rawValue) }
    }
}
