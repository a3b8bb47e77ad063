/// The MEF error body shared by every Sonata API (`Error400`, `Error404`, ..., and the items of a 422 array).
///
/// `reason` is text for a person; `code` is the machine-readable value of the status' enum (`invalidBody`,
/// `notFound`, `missingProperty`, ...); `propertyPath` is a JSON Pointer into the request (422 only).
package struct SonataErrorBody: Sendable, Hashable, Codable {
    package var code: String
    package var reason: String
    package var message: String?
    package var propertyPath: String?
    package var referenceError: String?

    package init(code: String, reason: String, message: String? = nil, propertyPath: String? = nil) {
        self.code = code
        self.reason = reason
        self.message = message
        self.propertyPath = propertyPath
    }
}

/// The MEF error codes blackhail produces or recognises, by HTTP status.
package enum SonataErrorCode {
    package static let invalidBody = "invalidBody"
    package static let invalidQuery = "invalidQuery"
    package static let missingCredentials = "missingCredentials"
    package static let invalidCredentials = "invalidCredentials"
    package static let notFound = "notFound"
    package static let missingProperty = "missingProperty"
    package static let invalidValue = "invalidValue"
    package static let invalidFormat = "invalidFormat"
    package static let referenceNotFound = "referenceNotFound"
    package static let otherIssue = "otherIssue"
    package static let internalError = "internalError"
    package static let notImplemented = "notImplemented"
}
