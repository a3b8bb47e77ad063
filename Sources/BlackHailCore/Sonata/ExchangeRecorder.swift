import Foundation

/// A Sonata request as built once for all its attempts.
struct PreparedRequest: Sendable {
    var operation: SonataOperation
    var url: String
    /// The URL below the seller's base URL: what the journal and replay key on.
    var target: String
    var body: [UInt8]?
    var spliced: SplicedBody?
}

/// One attempt at a request: its result, and what the journal keeps of it.
struct Attempt: Sendable {
    var result: Result<SonataReply, SonataFailure>
    /// As the journal keeps it; only when there is a journal.
    var responseBody: JournalBody?
    var startedAt: Date
    var duration: Duration
    var authorized: Bool
}

/// Hands a seller's attempts to the journal, every one (retried or final), with credentials redacted: request
/// headers are recorded as sent minus the `Authorization` value, response headers minus those that may carry
/// credentials, URLs without user info; bodies that carry secrets (notification registrations) not at all.
struct ExchangeRecorder: Sendable {
    let sellerId: String
    let log: ExchangeLog

    func record(_ request: PreparedRequest, _ attempt: Attempt, number: Int, final: Bool) {
        var status: Int?
        var responseHeaders: String?
        var failure: String?
        switch attempt.result {
        case .success(let reply):
            status = reply.status
            responseHeaders = reply.headers.map { header in
                let redacted = Self.credentialHeaders.contains(header.name.lowercased())
                return "\(header.name): \(redacted ? "[redacted]" : header.value)"
            }.joined(separator: "\n")
        case .failure(let why):
            failure = why.description
        }
        let secret = request.operation.bodiesCarrySecrets
        log.record(
            ExchangeRecord(
                sellerId: sellerId, operation: request.operation.name, method: request.operation.method.rawValue,
                url: Self.withoutUserInfo(request.url), target: request.target,
                requestHeaders: Self.recordedHeaders[(request.body == nil ? 0 : 1) + (attempt.authorized ? 2 : 0)],
                requestBody: secret ? nil : request.spliced?.journalBody ?? request.body.map { JournalBody(bytes: $0) },
                status: status,
                responseHeaders: responseHeaders, responseBody: secret ? nil : attempt.responseBody, failure: failure,
                startedAt: attempt.startedAt,
                durationMs: Double(attempt.duration.components.seconds) * 1000
                    + Double(attempt.duration.components.attoseconds) / 1e15, attempt: number,
                isFinal: final), configurations: request.spliced?.configurations ?? [])
    }

    /// The request headers as recorded, by body (1) and authorization (2): what `SonataClient` sends, redacted.
    private static let recordedHeaders = [false, true].flatMap { authorized in
        [false, true].map { body in
            "Accept: application/json" + (body ? "\nContent-Type: application/json;charset=utf-8" : "")
                + (authorized ? "\nAuthorization: [redacted]" : "")
        }
    }

    /// Response headers that may carry credentials.
    private static let credentialHeaders: Set<String> = ["set-cookie", "authorization", "www-authenticate"]

    /// A URL without `user:password@`, should a profile's base URL carry one.
    static func withoutUserInfo(_ url: String) -> String {
        guard url.utf8.contains(UInt8(ascii: "@")), let scheme = url.range(of: "://"),
            let at = url[scheme.upperBound...].firstIndex(of: "@"), !url[scheme.upperBound..<at].contains("/")
        else { return url }
        return String(url[..<scheme.upperBound]) + String(url[url.index(after: at)...])
    }
}
