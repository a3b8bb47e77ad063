import BlackHailCore
import Foundation
import HTTPTypes
import Hummingbird
import JSONCore

/// Builds the emulator's HTTP responses: MEF bodies are `application/json;charset=utf-8`.
enum MEFResponse {
    static let contentType = "application/json;charset=utf-8"

    /// `value` as the answer's body; an object answer gains a member `x_padding` of about `padding` bytes when a
    /// seller's chaos swells answers (`SellerChaos.paddingBytes`).
    static func json(
        _ value: JSONValue, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:], padding: Int = 0
    ) -> Response {
        var fields = headers
        fields[.contentType] = contentType
        var bytes = value.serializedBytes()
        if padding > 0, bytes.last == UInt8(ascii: "}") {
            // `0,` is two bytes a value: the most values, so the most parsed memory, a body's bytes can buy.
            bytes.removeLast()
            bytes +=
                Array((bytes.count > 1 ? #","x_padding":["# : #""x_padding":["#).utf8)
                + Array(String(repeating: "0,", count: padding / 2).utf8)
            bytes += Array("0]}".utf8)
        }
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    static func error(_ status: HTTPResponse.Status, code: String, reason: String, message: String? = nil) -> Response {
        var body: JSONObject = ["code": .string(code), "reason": .string(String(reason.prefix(255)))]
        if let message { body["message"] = .string(message) }
        return json(.object(body), status: status)
    }

    /// 429, with when to try again.
    static func throttled(retryAfterSeconds: Int) -> Response {
        var response = error(.tooManyRequests, code: "tooManyRequests", reason: "Request rate exceeded, retry later")
        response.headers[.retryAfter] = String(retryAfterSeconds)
        return response
    }

    static let unavailable = error(
        .serviceUnavailable, code: SonataErrorCode.internalError, reason: "The service is temporarily unavailable")

    /// A 422 answer: an array of problems, each with the JSON Pointer of the offending request property.
    static func unprocessable(_ problems: [RequestProblem]) -> Response {
        json(
            .array(
                problems.map { problem in
                    .object([
                        "code": .string(problem.code), "reason": .string(problem.reason),
                        "propertyPath": .string(problem.pointer),
                    ])
                }),
            status: .unprocessableContent)
    }
}

/// One thing wrong with a request body, reported in a 422.
struct RequestProblem: Error, Hashable {
    var code: String
    var pointer: String
    var reason: String

    static func missing(_ pointer: String) -> RequestProblem {
        RequestProblem(code: SonataErrorCode.missingProperty, pointer: pointer, reason: "Missing required property")
    }

    static func invalid(_ pointer: String, _ reason: String) -> RequestProblem {
        RequestProblem(code: SonataErrorCode.invalidValue, pointer: pointer, reason: reason)
    }
}

/// Reads a request body as MEF expects it: a JSON object, or a 400 `invalidBody` answer.
enum RequestBody {
    static let maximumBytes = 32 * 1024 * 1024

    static func object(from request: Request) async throws -> Result<JSONObject, ResponseError> {
        var request = request
        let buffer = try await request.collectBody(upTo: maximumBytes)
        let value: JSONValue
        do {
            value = try JSONValue(parsing: buffer.readableBytesView)
        } catch {
            return .failure(
                ResponseError(
                    MEFResponse.error(
                        .badRequest, code: SonataErrorCode.invalidBody, reason: "The request body is not valid JSON",
                        message: error.description)))
        }
        guard case .object(let object) = value else {
            return .failure(
                ResponseError(
                    MEFResponse.error(
                        .badRequest, code: SonataErrorCode.invalidBody, reason: "The request body must be a JSON object"
                    )))
        }
        return .success(object)
    }
}

/// A finished response carried through `Result`, so that handlers can bail out early with a MEF error body.
struct ResponseError: Error {
    var response: Response

    init(_ response: Response) {
        self.response = response
    }
}

/// Checks required properties the way the OpenAPI schemas declare them, collecting every problem.
struct RequiredFields {
    private(set) var problems: [RequestProblem] = []

    mutating func require(_ object: JSONObject, _ key: String, at pointer: String) {
        if object[key] == nil || object[key] == .null { problems.append(.missing("\(pointer)/\(key)")) }
    }

    /// A required array with at least one element; returns its objects.
    mutating func requireObjects(_ object: JSONObject, _ key: String, at pointer: String) -> [JSONObject] {
        guard let value = object[key] else {
            problems.append(.missing("\(pointer)/\(key)"))
            return []
        }
        guard case .array(let array) = value, !array.isEmpty else {
            problems.append(.invalid("\(pointer)/\(key)", "Must be a non-empty array"))
            return []
        }
        var objects: [JSONObject] = []
        for (index, element) in array.enumerated() {
            if case .object(let item) = element {
                objects.append(item)
            } else {
                problems.append(.invalid("\(pointer)/\(key)/\(index)", "Must be an object"))
            }
        }
        return objects
    }

    mutating func requireEnum(_ object: JSONObject, _ key: String, in allowed: Set<String>, at pointer: String) {
        guard let value = object[key] else {
            problems.append(.missing("\(pointer)/\(key)"))
            return
        }
        guard let string = value.stringValue, allowed.contains(string) else {
            problems.append(.invalid("\(pointer)/\(key)", "Must be one of \(allowed.sorted().joined(separator: ", "))"))
            return
        }
    }

    mutating func requireBool(_ object: JSONObject, _ key: String, at pointer: String, required: Bool) {
        guard let value = object[key] else {
            if required { problems.append(.missing("\(pointer)/\(key)")) }
            return
        }
        if value.boolValue == nil { problems.append(.invalid("\(pointer)/\(key)", "Must be a boolean")) }
    }

    mutating func add(_ problem: RequestProblem) {
        problems.append(problem)
    }
}
