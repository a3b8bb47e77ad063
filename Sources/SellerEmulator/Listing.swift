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

    /// The filters and paging of a request, or a 400 `invalidQuery` answer.
    static func parse(_ request: Request, filterKeys: [String]) -> Result<Listing, ResponseError> {
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
        return .success(Listing(filters: filters, offset: offset, limit: limit))
    }

    func matches(_ summary: JSONObject) -> Bool {
        filters.allSatisfy { key, value in summary[key]?.stringValue == value }
    }

    /// The page of matching summaries with `X-Total-Count` and `X-Result-Count`.
    func respond(_ summaries: [JSONObject]) -> Response {
        let matching = summaries.filter(matches)
        let page = matching.dropFirst(offset).prefix(limit)
        var headers = HTTPFields()
        if let total = HTTPField.Name("X-Total-Count") { headers[total] = String(matching.count) }
        if let count = HTTPField.Name("X-Result-Count") { headers[count] = String(page.count) }
        return MEFResponse.json(.array(page.map { .object($0) }), headers: headers)
    }
}
