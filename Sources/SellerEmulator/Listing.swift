import Foundation
import HTTPTypes
import Hummingbird
import JSONCore

/// `GET` list endpoints: exact-match filters, then `offset`/`limit` paging with the MEF paging headers.
struct Listing {
    var filters: [String: String]
    var offset: Int
    var limit: Int

    static let defaultLimit = 100

    /// The filters and paging of a request (`limit` at most `pageSize`), or a 400 `invalidQuery` answer.
    static func parse(_ request: Request, filterKeys: [String], pageSize: Int) -> Result<Listing, ResponseError> {
        let query = request.uri.queryParameters
        var filters: [String: String] = [:]
        for key in filterKeys {
            if let value = query[key[...]] { filters[key] = String(value) }
        }
        func number(_ key: String, default value: Int) -> Int? {
            guard let text = query[key[...]] else { return value }
            guard let number = Int(text), number >= 0 else { return nil }
            return number
        }
        guard let offset = number("offset", default: 0), let limit = number("limit", default: defaultLimit) else {
            return .failure(
                ResponseError(
                    MEFResponse.error(
                        .badRequest, code: "invalidQuery", reason: "offset and limit must be non-negative integers")))
        }
        return .success(Listing(filters: filters, offset: offset, limit: min(limit, pageSize)))
    }

    func matches(_ summary: JSONObject) -> Bool {
        filters.allSatisfy { key, value in summary[key]?.stringValue == value }
    }

    /// The page of matching summaries with `X-Total-Count` and `X-Result-Count`.
    func respond(_ summaries: [JSONObject]) -> Response {
        let matching = summaries.filter(matches)
        return respond(page: Array(matching.dropFirst(offset).prefix(limit)), total: matching.count)
    }

    /// A page that never ends: `limit` made-up records, a million in all.
    func respondEndlessly() -> Response {
        let page: [JSONObject] = (0..<limit).map { index in
            ["id": .string("other-\(offset + index)"), "externalId": .string("other-\(offset + index)")]
        }
        return respond(page: page, total: 1_000_000)
    }

    private func respond(page: [JSONObject], total: Int) -> Response {
        var headers = HTTPFields()
        if let name = HTTPField.Name("X-Total-Count") { headers[name] = String(total) }
        if let name = HTTPField.Name("X-Result-Count") { headers[name] = String(page.count) }
        return MEFResponse.json(.array(page.map { .object($0) }), headers: headers)
    }
}
