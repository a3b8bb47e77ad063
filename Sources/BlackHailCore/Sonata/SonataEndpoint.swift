import Foundation

/// One operation of the MEF LSO Sonata APIs as the API specs (`Specs/mef`) define it: API, method, path and
/// operation id. The catalogue below is where blackhail spells them, for its client and for the emulator's routes.
package struct SonataEndpoint: Sendable, Hashable, CustomStringConvertible {
    package let api: SonataAPI
    package let method: SonataOperation.Method
    /// Below the API's base path, with `{id}` where the resource id goes: `/quote/{id}`.
    package let template: String
    /// The MEF operation id (`createQuote`), for logs, messages and the journal.
    package let name: String
    /// Whether a request whose answer was lost may simply be sent again. POQs, quotes, reads and address
    /// validations commit to nothing; an order or a cancellation does, and is looked up before it is tried again.
    package let retriesUnknownOutcome: Bool
    /// Whether the request and answer bodies carry a secret the journal must not keep: a notification
    /// registration's callback URL holds the token that proves an event came from a registration blackhail made.
    package let bodiesCarrySecrets: Bool

    init(
        _ api: SonataAPI, _ method: SonataOperation.Method, _ template: String, name: String,
        retriesUnknownOutcome: Bool = true, bodiesCarrySecrets: Bool = false
    ) {
        self.api = api
        self.method = method
        self.template = template
        self.name = name
        self.retriesUnknownOutcome = retriesUnknownOutcome
        self.bodiesCarrySecrets = bodiesCarrySecrets
    }

    package var description: String { "\(api.title) \(name)" }

    /// Whether the path names one resource by its id.
    package var takesId: Bool { template.contains(Self.idPlaceholder) }

    /// The path of this operation, with `id` percent-encoded as one path segment when the template takes one.
    package func path(id: String? = nil) -> String {
        guard takesId else { return template }
        return template.replacingOccurrences(of: Self.idPlaceholder, with: Self.pathSegment(id ?? ""))
    }

    /// The template as routers write it: `:id` where the id goes.
    package var routePattern: String {
        template.replacingOccurrences(of: Self.idPlaceholder, with: ":id")
    }

    static let idPlaceholder = "{id}"

    /// `text` as one path segment (RFC 3986): every byte of its UTF-8 but the unreserved characters
    /// percent-encoded, and the dot segments `.` and `..` too, so that no id a seller sends can reach another path.
    package static func pathSegment(_ text: String) -> String {
        if text == "." || text == ".." { return String(repeating: "%2E", count: text.count) }
        var encoded: [UInt8] = []
        encoded.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            if isUnreserved(byte) {
                encoded.append(byte)
            } else {
                encoded.append(UInt8(ascii: "%"))
                encoded.append(hexDigits[Int(byte >> 4)])
                encoded.append(hexDigits[Int(byte & 0x0F)])
            }
        }
        return String(decoding: encoded, as: UTF8.self)
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
            UInt8(ascii: "~"):
            true
        default: false
        }
    }
}

// MARK: - The catalogue

extension SonataEndpoint {
    // MEF 121 address validation (geographicAddressManagement)
    package static let createGeographicAddressValidation = SonataEndpoint(
        .address, .post, "/geographicAddressValidation", name: "createGeographicAddressValidation")
    package static let retrieveGeographicAddress = SonataEndpoint(
        .address, .get, "/geographicAddress/{id}", name: "retrieveGeographicAddress")

    // MEF 87 product offering qualification
    package static let createProductOfferingQualification = SonataEndpoint(
        .poq, .post, "/productOfferingQualification", name: "createProductOfferingQualification")
    package static let listProductOfferingQualification = SonataEndpoint(
        .poq, .get, "/productOfferingQualification", name: "listProductOfferingQualification")
    package static let retrieveProductOfferingQualification = SonataEndpoint(
        .poq, .get, "/productOfferingQualification/{id}", name: "retrieveProductOfferingQualification")
    package static let registerPOQListener = SonataEndpoint(
        .poq, .post, "/hub", name: "registerListener", bodiesCarrySecrets: true)
    package static let unregisterPOQListener = SonataEndpoint(
        .poq, .delete, "/hub/{id}", name: "unregisterListener")

    // MEF 115 quote
    package static let createQuote = SonataEndpoint(.quote, .post, "/quote", name: "createQuote")
    package static let listQuote = SonataEndpoint(.quote, .get, "/quote", name: "listQuote")
    package static let retrieveQuote = SonataEndpoint(.quote, .get, "/quote/{id}", name: "retrieveQuote")
    /// Changes the quote's state, but asking twice changes nothing more: retried like a read.
    package static let cancelQuote = SonataEndpoint(.quote, .post, "/cancelQuote", name: "cancelQuote")
    /// MEF 115's "decline" (the guide's `declineQuote`; the API path is `rejectQuote`).
    package static let rejectQuote = SonataEndpoint(.quote, .post, "/rejectQuote", name: "rejectQuote")
    package static let registerQuoteListener = SonataEndpoint(
        .quote, .post, "/hub", name: "registerListener", bodiesCarrySecrets: true)
    package static let unregisterQuoteListener = SonataEndpoint(
        .quote, .delete, "/hub/{id}", name: "unregisterListener")

    // MEF 123 product order
    /// Places an order: never sent twice blindly (see `OrderPlacer`).
    package static let createProductOrder = SonataEndpoint(
        .order, .post, "/productOrder", name: "createProductOrder", retriesUnknownOutcome: false)
    package static let listProductOrder = SonataEndpoint(.order, .get, "/productOrder", name: "listProductOrder")
    package static let retrieveProductOrder = SonataEndpoint(
        .order, .get, "/productOrder/{id}", name: "retrieveProductOrder")
    package static let createCancelProductOrder = SonataEndpoint(
        .order, .post, "/cancelProductOrder", name: "createCancelProductOrder", retriesUnknownOutcome: false)
    package static let retrieveCancelProductOrder = SonataEndpoint(
        .order, .get, "/cancelProductOrder/{id}", name: "retrieveCancelProductOrder")
    package static let registerOrderListener = SonataEndpoint(
        .order, .post, "/hub", name: "registerListener", bodiesCarrySecrets: true)
    package static let unregisterOrderListener = SonataEndpoint(
        .order, .delete, "/hub/{id}", name: "unregisterListener")
    package static let retrieveOrderHub = SonataEndpoint(
        .order, .get, "/hub/{id}", name: "retrieveHub", bodiesCarrySecrets: true)

    /// The hub operations (notification registrations) of each API that has them: register, unregister.
    package static let hubs: [SonataAPI: (register: SonataEndpoint, unregister: SonataEndpoint)] = [
        .poq: (registerPOQListener, unregisterPOQListener), .quote: (registerQuoteListener, unregisterQuoteListener),
        .order: (registerOrderListener, unregisterOrderListener),
    ]

    /// Every operation above, in API order.
    package static let all: [SonataEndpoint] = [
        createGeographicAddressValidation, retrieveGeographicAddress,
        createProductOfferingQualification, listProductOfferingQualification, retrieveProductOfferingQualification,
        registerPOQListener, unregisterPOQListener,
        createQuote, listQuote, retrieveQuote, cancelQuote, rejectQuote, registerQuoteListener,
        unregisterQuoteListener,
        createProductOrder, listProductOrder, retrieveProductOrder, createCancelProductOrder,
        retrieveCancelProductOrder, registerOrderListener, unregisterOrderListener, retrieveOrderHub,
    ]
}
