import BlackHailCore
import Foundation
import HTTPTypes
import Hummingbird
import JSONCore

/// An emulator fault: the operation happened but its response is lost.
struct DroppedResponse: Error {}

/// The Sonata seller endpoints of one demo seller, mounted at `/<seller id>` + the MEF base paths, with the
/// seller's latency, faults and authentication applied in front of every operation.
struct SellerRoutes: Sendable {
    let seller: EmulatedSeller
    let profile: SellerProfile
    let emulation: EmulationProfile
    let random: SharedRandom
    let statistics: EmulatorStatistics
    let auth: SellerAuth

    init(seller: EmulatedSeller, auth: SellerAuth, statistics: EmulatorStatistics) {
        self.seller = seller
        self.profile = seller.profile
        self.emulation = seller.emulation
        self.random = SharedRandom(seed: seller.emulation.seed &+ 2)
        self.statistics = statistics
        self.auth = auth
    }

    func register(on router: Router<BasicRequestContext>) {
        router.post("/\(profile.id)/oauth2/token") { request, _ in
            statistics.begin(seller: profile.id, operation: "token")
            defer { statistics.end(seller: profile.id) }
            return await auth.token(request)
        }

        let address = base(.address)
        router.post("\(address)/geographicAddressValidation") { request, _ in
            await create(request, "createGeographicAddressValidation", status: .ok) {
                try await seller.validateAddress($0)
            }
        }
        router.get("\(address)/geographicAddress/:id") { request, context in
            await retrieve(request, context, "retrieveGeographicAddress") { await seller.address(id: $0) }
        }

        let poq = base(.poq)
        router.post("\(poq)/productOfferingQualification") { request, _ in
            await create(request, "createProductOfferingQualification") { try await seller.createQualification($0) }
        }
        router.get("\(poq)/productOfferingQualification") { request, _ in
            await list(request, "listProductOfferingQualification", filters: ["state", "externalId", "projectId"]) {
                await seller.qualificationSummaries()
            }
        }
        router.get("\(poq)/productOfferingQualification/:id") { request, context in
            await retrieve(request, context, "retrieveProductOfferingQualification") {
                await seller.qualification(id: $0)
            }
        }
        router.post("\(poq)/hub") { request, _ in await notImplemented(request, "registerListener") }

        let quote = base(.quote)
        router.post("\(quote)/quote") { request, _ in
            await create(request, "createQuote") { try await seller.createQuote($0) }
        }
        router.get("\(quote)/quote") { request, _ in
            await list(request, "listQuote", filters: ["state", "quoteLevel", "externalId", "projectId"]) {
                await seller.quoteSummaries()
            }
        }
        router.get("\(quote)/quote/:id") { request, context in
            await retrieve(request, context, "retrieveQuote") { await seller.quote(id: $0) }
        }
        router.post("\(quote)/cancelQuote") { request, _ in
            await create(request, "cancelQuote", status: .ok) { try await seller.finishQuote($0, cancelling: true) }
        }
        router.post("\(quote)/rejectQuote") { request, _ in
            await create(request, "rejectQuote", status: .ok) { try await seller.finishQuote($0, cancelling: false) }
        }
        router.post("\(quote)/hub") { request, _ in await notImplemented(request, "registerListener") }

        let order = base(.order)
        router.post("\(order)/productOrder") { request, _ in
            await create(request, "createProductOrder") { body in
                let created = try await seller.createOrder(body)
                // The order exists, but its answer is lost on the way (a proxy timing out): the buyer must look it
                // up by externalId rather than place it again.
                if random.unit() < emulation.faults.dropResponseRate { throw DroppedResponse() }
                return created
            }
        }
        router.get("\(order)/productOrder") { request, _ in
            await list(request, "listProductOrder", filters: ["state", "externalId", "projectId"]) {
                await seller.orderSummaries()
            }
        }
        router.get("\(order)/productOrder/:id") { request, context in
            await retrieve(request, context, "retrieveProductOrder") { await seller.order(id: $0) }
        }
        router.post("\(order)/cancelProductOrder") { request, _ in
            await create(request, "createCancelProductOrder") { try await seller.cancelOrder($0) }
        }
        router.get("\(order)/cancelProductOrder/:id") { request, context in
            await retrieve(request, context, "retrieveCancelProductOrder") { await seller.cancellation(id: $0) }
        }
        router.post("\(order)/hub") { request, _ in await notImplemented(request, "registerListener") }
    }

    private func base(_ api: SonataAPI) -> String {
        "/\(profile.id)\(profile.sonata.path(for: api))"
    }

    // MARK: Operation shapes

    private func create(
        _ request: Request, _ operation: String, status: HTTPResponse.Status = .created,
        _ work: @Sendable (JSONObject) async throws -> JSONValue
    ) async -> Response {
        await guarded(request, operation) {
            let body: JSONObject
            switch try await RequestBody.object(from: request) {
            case .success(let object): body = object
            case .failure(let error): return error.response
            }
            statistics.record(seller: profile.id, operation: operation, body: body)
            do {
                return MEFResponse.json(shaped(try await work(body)), status: status)
            } catch RequestFailure.unprocessable(let problems) {
                return MEFResponse.unprocessable(problems)
            } catch is DroppedResponse {
                return MEFResponse.error(
                    .gatewayTimeout, code: SonataErrorCode.internalError, reason: "Upstream timed out")
            } catch RequestFailure.notFound(let what) {
                return MEFResponse.error(.notFound, code: SonataErrorCode.notFound, reason: "\(what) not found")
            }
        }
    }

    private func retrieve(
        _ request: Request, _ context: BasicRequestContext, _ operation: String,
        _ lookup: @Sendable (String) async -> JSONValue?
    ) async -> Response {
        await guarded(request, operation) {
            guard let id = context.parameters.get("id"), let found = await lookup(id) else {
                return MEFResponse.error(.notFound, code: SonataErrorCode.notFound, reason: "No resource with this id")
            }
            return MEFResponse.json(shaped(found))
        }
    }

    private func list(
        _ request: Request, _ operation: String, filters: [String], _ summaries: @Sendable () async -> [JSONObject]
    ) async -> Response {
        await guarded(request, operation) {
            switch Listing.parse(request, filterKeys: filters) {
            case .success(let listing): listing.respond(await summaries())
            case .failure(let error): error.response
            }
        }
    }

    private func notImplemented(_ request: Request, _ operation: String) async -> Response {
        await guarded(request, operation) {
            MEFResponse.error(
                .notImplemented, code: SonataErrorCode.notImplemented,
                reason: "Notifications are not supported: poll the resource instead")
        }
    }

    private func shaped(_ value: JSONValue) -> JSONValue {
        emulation.drift ? DriftWriter.apply(to: value) : value
    }

    /// Counts the request, then plays the seller's authentication, latency and faults before the operation.
    private func guarded(_ request: Request, _ operation: String, _ work: () async throws -> Response) async -> Response
    {
        statistics.begin(seller: profile.id, operation: operation)
        defer { statistics.end(seller: profile.id) }
        if let refusal = auth.refusal(request) { return refusal }
        let latency = random.value(in: emulation.latencyMilliseconds)
        if latency > 0 { try? await Task.sleep(for: .milliseconds(latency)) }
        let draw = random.unit()
        if draw < emulation.faults.throttleRate {
            var headers = HTTPFields()
            headers[.retryAfter] = String(emulation.faults.retryAfterSeconds)
            var response = MEFResponse.error(
                .tooManyRequests, code: "tooManyRequests", reason: "Request rate exceeded, retry later")
            response.headers.append(contentsOf: headers)
            return response
        }
        if draw < emulation.faults.throttleRate + emulation.faults.serverErrorRate {
            return MEFResponse.error(
                .serviceUnavailable, code: SonataErrorCode.internalError,
                reason: "The service is temporarily unavailable")
        }
        do {
            return try await work()
        } catch {
            return MEFResponse.error(
                .internalServerError, code: SonataErrorCode.internalError, reason: "Internal error",
                message: "\(error)")
        }
    }
}
