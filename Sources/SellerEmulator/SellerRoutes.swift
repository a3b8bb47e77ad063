import BlackHailCore
import Foundation
import HTTPTypes
import Hummingbird
import JSONCore

/// The Sonata seller endpoints of one demo seller, mounted at `/<seller id>` + the MEF base paths, with the
/// seller's latency, faults and authentication applied in front of every operation.
struct SellerRoutes: Sendable {
    let seller: EmulatedSeller
    let profile: SellerProfile
    let emulation: EmulationProfile
    let random: SharedRandom
    let statistics: EmulatorStatistics
    let auth: SellerAuth
    let faults: SellerFaults
    let hub: SellerHub

    init(
        seller: EmulatedSeller, auth: SellerAuth, faults: SellerFaults, hub: SellerHub, statistics: EmulatorStatistics
    ) {
        self.seller = seller
        self.hub = hub
        self.profile = seller.profile
        self.emulation = seller.emulation
        self.random = SharedRandom(seed: seller.emulation.seed &+ 2)
        self.statistics = statistics
        self.auth = auth
        self.faults = faults
    }

    func register(on router: Router<BasicRequestContext>) {
        router.post("/\(profile.id)/oauth2/token") { request, _ in
            statistics.begin(seller: profile.id, operation: "token")
            defer { statistics.end(seller: profile.id) }
            return await auth.token(request)
        }

        on(router, .createGeographicAddressValidation) { request, _ in
            await create(request, .createGeographicAddressValidation, status: .ok) {
                if let refusal = faults.rates.chaos?.addressRefusal { throw refusal }
                if faults.rates.chaos?.emptyAddressValidation == true { return [:] }
                return try await seller.validateAddress($0)
            }
        }
        on(router, .retrieveGeographicAddress) { request, context in
            await retrieve(request, context, .retrieveGeographicAddress) { await seller.address(id: $0) }
        }

        on(router, .createProductOfferingQualification) { request, _ in
            await create(request, .createProductOfferingQualification) {
                faults.chaotic(try await seller.createQualification($0), .createProductOfferingQualification)
            }
        }
        on(router, .listProductOfferingQualification) { request, _ in
            await list(request, .listProductOfferingQualification, filters: ["state", "externalId", "projectId"]) {
                await seller.qualificationSummaries()
            }
        }
        on(router, .retrieveProductOfferingQualification) { request, context in
            await retrieve(request, context, .retrieveProductOfferingQualification) {
                await seller.qualification(id: $0).map { faults.chaotic($0, .retrieveProductOfferingQualification) }
            }
        }

        on(router, .createQuote) { request, _ in
            await create(request, .createQuote) { faults.chaotic(try await seller.createQuote($0), .createQuote) }
        }
        on(router, .listQuote) { request, _ in
            await list(request, .listQuote, filters: ["state", "quoteLevel", "externalId", "projectId"]) {
                await seller.quoteSummaries()
            }
        }
        on(router, .retrieveQuote) { request, context in
            await retrieve(request, context, .retrieveQuote) {
                await seller.quote(id: $0).map { faults.chaotic($0, .retrieveQuote) }
            }
        }
        on(router, .cancelQuote) { request, _ in
            await create(request, .cancelQuote, status: .ok) { try await seller.finishQuote($0, cancelling: true) }
        }
        on(router, .rejectQuote) { request, _ in
            await create(request, .rejectQuote, status: .ok) { try await seller.finishQuote($0, cancelling: false) }
        }

        on(router, .createProductOrder) { request, _ in
            await create(request, .createProductOrder) { body in
                statistics.countOrderCreate(seller: profile.id, externalId: body["externalId"]?.stringValue)
                let created = try await seller.createOrder(body)
                // The order exists, but its answer is lost on the way (a proxy timing out): the buyer must look it
                // up by externalId rather than place it again.
                if let loss = faults.lostAnswer() {
                    throw LostAnswer(loss: loss, created: MEFResponse.json(shaped(created), status: .created))
                }
                return created
            }
        }
        on(router, .listProductOrder) { request, _ in
            let externalId = request.uri.queryParameters["externalId"].map(String.init)
            return await list(
                request, .listProductOrder, filters: ["state", "externalId", "projectId"],
                fault: {
                    await faults.lookupFault(externalId: externalId)?.answer(
                        externalId: externalId, retryAfterSeconds: faults.rates.retryAfterSeconds)
                }
            ) {
                await seller.orderSummaries()
            }
        }
        on(router, .retrieveProductOrder) { request, context in
            await retrieve(request, context, .retrieveProductOrder) { await seller.order(id: $0) }
        }
        on(router, .createCancelProductOrder) { request, _ in
            await create(request, .createCancelProductOrder) { try await seller.cancelOrder($0) }
        }
        on(router, .retrieveCancelProductOrder) { request, context in
            await retrieve(request, context, .retrieveCancelProductOrder) { await seller.cancellation(id: $0) }
        }

        registerHubs(on: router)
    }

    /// `POST /hub`, `GET /hub/{id}` and `DELETE /hub/{id}` of the POQ, quote and order APIs; all 501 for a seller
    /// without notification support. (`GET /hub/{id}` is in the order API's spec only; served for all three.)
    private func registerHubs(on router: Router<BasicRequestContext>) {
        for (api, endpoints) in SonataEndpoint.hubs {
            on(router, endpoints.register) { request, _ in
                guard emulation.notifications else { return await notImplemented(request, endpoints.register) }
                return await create(request, endpoints.register) { body in
                    try await hub.register(body, api: api, baseline: seller.standings(of: api).mapValues(\.standing))
                }
            }
            on(router, endpoints.unregister) { request, context in
                guard emulation.notifications else { return await notImplemented(request, endpoints.unregister) }
                return await guarded(request, endpoints.unregister.name) {
                    guard let id = context.parameters.get("id")?.removingPercentEncoding,
                        await hub.remove(id: id, api: api)
                    else {
                        return MEFResponse.error(
                            .notFound, code: SonataErrorCode.notFound, reason: "No registration with this id")
                    }
                    return Response(status: .noContent)
                }
            }
            let hubPath = RouterPath("/\(profile.id)\(profile.sonata.path(for: api))/hub/:id")
            router.get(hubPath) { request, context in
                guard emulation.notifications else {
                    return await notImplemented(request, SonataEndpoint.retrieveOrderHub)
                }
                return await retrieve(request, context, .retrieveOrderHub) {
                    await hub.subscription(id: $0, api: api)?.json
                }
            }
        }
    }

    /// Routes a catalogued operation at this seller's base path for its API.
    private func on(
        _ router: Router<BasicRequestContext>, _ endpoint: SonataEndpoint,
        _ handler: @escaping @Sendable (Request, BasicRequestContext) async -> Response
    ) {
        let path = RouterPath("/\(profile.id)\(profile.sonata.path(for: endpoint.api))\(endpoint.routePattern)")
        let method: HTTPRequest.Method =
            switch endpoint.method {
            case .get: .get
            case .post: .post
            case .patch: .patch
            case .delete: .delete
            }
        router.on(path, method: method, use: handler)
    }

    // MARK: Operation shapes

    private func create(
        _ request: Request, _ endpoint: SonataEndpoint, status: HTTPResponse.Status = .created,
        _ work: @Sendable (JSONObject) async throws -> JSONValue
    ) async -> Response {
        let operation = endpoint.name
        return await guarded(request, operation) {
            let body: JSONObject
            switch try await RequestBody.object(from: request) {
            case .success(let object): body = object
            case .failure(let error): return error.response
            }
            statistics.record(seller: profile.id, operation: operation, body: body)
            do {
                return MEFResponse.json(
                    shaped(try await work(body)), status: status, padding: faults.answerPadding)
            } catch RequestFailure.unprocessable(let problems) {
                return MEFResponse.unprocessable(problems)
            } catch let lost as LostAnswer {
                return await lost.answer()
            } catch let refusal as ChaosRefusal {
                return refusal.response
            } catch RequestFailure.notFound(let what) {
                return MEFResponse.error(.notFound, code: SonataErrorCode.notFound, reason: "\(what) not found")
            }
        }
    }

    private func retrieve(
        _ request: Request, _ context: BasicRequestContext, _ endpoint: SonataEndpoint,
        _ lookup: @Sendable (String) async -> JSONValue?
    ) async -> Response {
        await guarded(request, endpoint.name) {
            // The router hands the segment over as sent: percent-encoded, as buyers must encode ids.
            guard let raw = context.parameters.get("id"), let id = raw.removingPercentEncoding,
                let found = await lookup(id)
            else {
                return MEFResponse.error(.notFound, code: SonataErrorCode.notFound, reason: "No resource with this id")
            }
            return MEFResponse.json(shaped(found), padding: faults.answerPadding)
        }
    }

    /// `fault` answers instead of the list when it returns a response.
    private func list(
        _ request: Request, _ endpoint: SonataEndpoint, filters: [String],
        fault: @Sendable () async -> Response? = { nil }, _ summaries: @Sendable () async -> [JSONObject]
    ) async -> Response {
        await guarded(request, endpoint.name) {
            if let answer = await fault() { return answer }
            let chaos = faults.rates.chaos
            let filters = chaos?.ignoresListFilters == true ? [] : filters
            switch Listing.parse(request, filterKeys: filters, pageSize: emulation.listPageSize) {
            case .success(let listing):
                return chaos?.endlessLists == true ? listing.respondEndlessly() : listing.respond(await summaries())
            case .failure(let error): return error.response
            }
        }
    }

    private func notImplemented(_ request: Request, _ endpoint: SonataEndpoint) async -> Response {
        await guarded(request, endpoint.name) {
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
        if let status = faults.rates.chaos?.htmlErrorStatus { return ChaosRefusal.htmlPage(status: status) }
        let latency = random.value(in: emulation.latencyMilliseconds)
        if latency > 0 { try? await Task.sleep(for: .milliseconds(latency)) }
        let draw = random.unit()
        let rates = faults.rates
        if draw < rates.throttleRate { return MEFResponse.throttled(retryAfterSeconds: rates.retryAfterSeconds) }
        if draw < rates.throttleRate + rates.serverErrorRate { return MEFResponse.unavailable }
        do {
            return try await work()
        } catch {
            return MEFResponse.error(
                .internalServerError, code: SonataErrorCode.internalError, reason: "Internal error",
                message: "\(error)")
        }
    }
}
