import Foundation

/// How blackhail's seller emulator plays a demo seller: where it sells, what it charges, how it answers and how
/// it misbehaves. Everything is deterministic for a given `seed`.
package struct EmulationProfile: Sendable, Hashable, Codable {
    package var seed: UInt64
    /// Where the seller can deliver; a site matching any rule is covered.
    package var coverage: [CoverageRule]
    /// ISO 4217 code of every price this seller quotes.
    package var currency: String
    package var priceBook: [PriceBookEntry]
    /// Deterministic per-site deviation from the price book, as a fraction (0.05 = up to ±5%).
    package var priceVariation: Double
    /// Standard installation interval, counted from order placement.
    package var installInterval: MEFDuration
    /// Service uptime objective (percent) the seller commits to when the buyer states none.
    package var slaUptime: Double
    /// Share of covered sites the seller is less sure of: `yellow` confidence and a 50% longer installation.
    package var uncertainShare: Double
    package var responses: ResponseMode
    /// How long deferred POQs and quotes take from `acknowledged` to done.
    package var deferredSeconds: Double
    package var quoteLevel: QuoteLevelPolicy
    package var quoteValidityDays: Int
    /// Whether the seller proposes an alternate (its largest bandwidth, or the next longer term) when it cannot
    /// meet the request as asked.
    package var alternates: Bool
    /// Added to every response, uniformly between the two bounds.
    package var latencyMilliseconds: ClosedRange<Double>
    package var faults: FaultRates
    /// Answer with the drift real sellers show: one-item arrays as objects, a v0.2.0 URN, string booleans.
    package var drift: Bool
    /// Reject (422) MEF 139 configurations that do not validate against the schema.
    package var strictPayload: Bool
    /// How long an order takes from `acknowledged` to `completed`.
    package var orderCompletionSeconds: Double
    /// How orders move through states, milestones and expected dates; empty: the standard progression over
    /// `orderCompletionSeconds` (`OrderProgressionStep.standard`).
    package var orderProgression: [OrderProgressionStep] = []
    /// The most entries a list page holds, whatever `limit` the buyer asks.
    package var listPageSize = 100
    /// Lifetime of the access tokens the seller's token endpoint issues (OAuth2 sellers).
    package var tokenLifetimeSeconds: Double
    /// Whether the seller takes notification registrations (`POST /hub`) and sends events; false: every hub
    /// operation is answered 501, as sellers without notification support answer.
    package var notifications = true

    package enum ResponseMode: String, Sendable, Hashable, Codable {
        /// Final answers in the create response, whatever the buyer asked.
        case sync
        /// `acknowledged` first, then `inProgress`, then done after `deferredSeconds`.
        case deferred
        /// Whatever the buyer asked for (`instantSyncQualification`, `instantSyncQuote`).
        case asRequested
    }

    package enum QuoteLevelPolicy: String, Sendable, Hashable, Codable {
        /// Firm quotes when the buyer asks for firm, budgetary otherwise.
        case firm
        /// Budgetary quotes only (state `answered`, never orderable).
        case budgetary
    }

    package init(
        seed: UInt64 = 1, coverage: [CoverageRule], currency: String, priceBook: [PriceBookEntry],
        priceVariation: Double = 0, installInterval: MEFDuration = .init(amount: 30, units: .calendarDays),
        slaUptime: Double = 99.9, uncertainShare: Double = 0.1, responses: ResponseMode = .sync,
        deferredSeconds: Double = 2,
        quoteLevel: QuoteLevelPolicy = .firm, quoteValidityDays: Int = 30, alternates: Bool = false,
        latencyMilliseconds: ClosedRange<Double> = 0...0, faults: FaultRates = .init(), drift: Bool = false,
        strictPayload: Bool = false, orderCompletionSeconds: Double = 5, tokenLifetimeSeconds: Double = 3600
    ) {
        self.seed = seed
        self.coverage = coverage
        self.currency = currency
        self.priceBook = priceBook
        self.priceVariation = priceVariation
        self.installInterval = installInterval
        self.slaUptime = slaUptime
        self.uncertainShare = uncertainShare
        self.responses = responses
        self.deferredSeconds = deferredSeconds
        self.quoteLevel = quoteLevel
        self.quoteValidityDays = quoteValidityDays
        self.alternates = alternates
        self.latencyMilliseconds = latencyMilliseconds
        self.faults = faults
        self.drift = drift
        self.strictPayload = strictPayload
        self.orderCompletionSeconds = orderCompletionSeconds
        self.tokenLifetimeSeconds = tokenLifetimeSeconds
    }

    enum CodingKeys: String, CodingKey {
        case seed, coverage, currency, priceBook, priceVariation, installInterval, slaUptime, uncertainShare, responses
        case deferredSeconds, quoteLevel, quoteValidityDays, alternates, latencyMs, faults, drift, strictPayload
        case orderCompletionSeconds, tokenLifetimeSeconds, orderProgression, listPageSize, notifications
    }

    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = EmulationProfile(coverage: [], currency: "USD", priceBook: [])
        seed = try c.decodeIfPresent(UInt64.self, forKey: .seed) ?? defaults.seed
        coverage = try c.decode([CoverageRule].self, forKey: .coverage)
        currency = try c.decode(String.self, forKey: .currency)
        priceBook = try c.decode([PriceBookEntry].self, forKey: .priceBook)
        priceVariation = try c.decodeIfPresent(Double.self, forKey: .priceVariation) ?? defaults.priceVariation
        installInterval = try c.decodeIfPresent(MEFDuration.self, forKey: .installInterval) ?? defaults.installInterval
        slaUptime = try c.decodeIfPresent(Double.self, forKey: .slaUptime) ?? defaults.slaUptime
        uncertainShare = try c.decodeIfPresent(Double.self, forKey: .uncertainShare) ?? defaults.uncertainShare
        responses = try c.decodeIfPresent(ResponseMode.self, forKey: .responses) ?? defaults.responses
        deferredSeconds = try c.decodeIfPresent(Double.self, forKey: .deferredSeconds) ?? defaults.deferredSeconds
        quoteLevel = try c.decodeIfPresent(QuoteLevelPolicy.self, forKey: .quoteLevel) ?? defaults.quoteLevel
        quoteValidityDays = try c.decodeIfPresent(Int.self, forKey: .quoteValidityDays) ?? defaults.quoteValidityDays
        alternates = try c.decodeIfPresent(Bool.self, forKey: .alternates) ?? defaults.alternates
        if let bounds = try c.decodeIfPresent([Double].self, forKey: .latencyMs) {
            guard bounds.count == 2, bounds[0] >= 0, bounds[0] <= bounds[1] else {
                throw DecodingError.dataCorruptedError(
                    forKey: .latencyMs, in: c, debugDescription: "latencyMs must be [min, max] with 0 <= min <= max")
            }
            latencyMilliseconds = bounds[0]...bounds[1]
        } else {
            latencyMilliseconds = defaults.latencyMilliseconds
        }
        faults = try c.decodeIfPresent(FaultRates.self, forKey: .faults) ?? defaults.faults
        drift = try c.decodeIfPresent(Bool.self, forKey: .drift) ?? defaults.drift
        strictPayload = try c.decodeIfPresent(Bool.self, forKey: .strictPayload) ?? defaults.strictPayload
        orderCompletionSeconds =
            try c.decodeIfPresent(Double.self, forKey: .orderCompletionSeconds) ?? defaults.orderCompletionSeconds
        tokenLifetimeSeconds =
            try c.decodeIfPresent(Double.self, forKey: .tokenLifetimeSeconds) ?? defaults.tokenLifetimeSeconds
        orderProgression = try c.decodeIfPresent([OrderProgressionStep].self, forKey: .orderProgression) ?? []
        listPageSize = try max(1, c.decodeIfPresent(Int.self, forKey: .listPageSize) ?? defaults.listPageSize)
        notifications = try c.decodeIfPresent(Bool.self, forKey: .notifications) ?? defaults.notifications
    }

    package func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(seed, forKey: .seed)
        try c.encode(coverage, forKey: .coverage)
        try c.encode(currency, forKey: .currency)
        try c.encode(priceBook, forKey: .priceBook)
        try c.encode(priceVariation, forKey: .priceVariation)
        try c.encode(installInterval, forKey: .installInterval)
        try c.encode(slaUptime, forKey: .slaUptime)
        try c.encode(uncertainShare, forKey: .uncertainShare)
        try c.encode(responses, forKey: .responses)
        try c.encode(deferredSeconds, forKey: .deferredSeconds)
        try c.encode(quoteLevel, forKey: .quoteLevel)
        try c.encode(quoteValidityDays, forKey: .quoteValidityDays)
        try c.encode(alternates, forKey: .alternates)
        try c.encode([latencyMilliseconds.lowerBound, latencyMilliseconds.upperBound], forKey: .latencyMs)
        try c.encode(faults, forKey: .faults)
        try c.encode(drift, forKey: .drift)
        try c.encode(strictPayload, forKey: .strictPayload)
        try c.encode(orderCompletionSeconds, forKey: .orderCompletionSeconds)
        try c.encode(tokenLifetimeSeconds, forKey: .tokenLifetimeSeconds)
        if !orderProgression.isEmpty { try c.encode(orderProgression, forKey: .orderProgression) }
        try c.encode(listPageSize, forKey: .listPageSize)
        if !notifications { try c.encode(notifications, forKey: .notifications) }
    }
}

/// A region a demo seller serves: a country, optionally narrowed to states/provinces or postcode prefixes.
package struct CoverageRule: Sendable, Hashable, Codable {
    /// ISO 3166-1 alpha-2.
    package var country: String
    package var regions: [String]?
    package var postcodePrefixes: [String]?

    package init(country: String, regions: [String]? = nil, postcodePrefixes: [String]? = nil) {
        self.country = country
        self.regions = regions
        self.postcodePrefixes = postcodePrefixes
    }

    package func covers(country: String, region: String?, postcode: String?) -> Bool {
        guard self.country.caseInsensitiveCompare(country) == .orderedSame else { return false }
        if let regions {
            guard let region, regions.contains(where: { $0.caseInsensitiveCompare(region) == .orderedSame }) else {
                return false
            }
        }
        if let postcodePrefixes {
            let compact = (postcode ?? "").uppercased().filter { !$0.isWhitespace }
            guard postcodePrefixes.contains(where: { compact.hasPrefix($0.uppercased()) }) else { return false }
        }
        return true
    }
}

/// One line of a demo seller's price book: the price of a bandwidth tier for one contract term.
package struct PriceBookEntry: Sendable, Hashable, Codable {
    /// Symmetric access bandwidth of the tier, in Mbit/s.
    package var mbps: Int
    package var termMonths: Int
    /// Monthly recurring charge, duty free.
    package var mrc: Decimal
    /// Non-recurring (installation) charge, duty free.
    package var nrc: Decimal

    package init(mbps: Int, termMonths: Int, mrc: Decimal, nrc: Decimal) {
        self.mbps = mbps
        self.termMonths = termMonths
        self.mrc = mrc
        self.nrc = nrc
    }

    enum CodingKeys: String, CodingKey { case mbps, termMonths, mrc, nrc }

    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        mbps = try c.decode(Int.self, forKey: .mbps)
        termMonths = try c.decode(Int.self, forKey: .termMonths)
        // YAML numbers arrive as binary floating point; prices are kept as decimals rounded to the cent.
        mrc = Self.money(try c.decode(Double.self, forKey: .mrc))
        nrc = Self.money(try c.decode(Double.self, forKey: .nrc))
    }

    package func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(mbps, forKey: .mbps)
        try c.encode(termMonths, forKey: .termMonths)
        try c.encode(NSDecimalNumber(decimal: mrc).doubleValue, forKey: .mrc)
        try c.encode(NSDecimalNumber(decimal: nrc).doubleValue, forKey: .nrc)
    }

    static func money(_ value: Double) -> Decimal {
        Decimal(string: String(format: "%.2f", value)) ?? Decimal(value)
    }
}

/// How often, and how, a demo seller fails on purpose.
package struct FaultRates: Sendable, Hashable, Codable {
    /// Share of requests answered with 500/503.
    package var serverErrorRate: Double
    /// Share of requests answered with 429 and a `Retry-After`.
    package var throttleRate: Double
    package var retryAfterSeconds: Int
    /// How look-ups of orders by `externalId` (`GET /productOrder`) fail, if they do.
    package var orderLookup: OrderLookupFault?
    /// How the answers to order creations are lost after the order was created, if they are.
    package var orderCreateAnswerLost: LostOrderAnswer?
    /// How the seller's answers mean nothing or more than they should, if they do.
    package var chaos: SellerChaos?

    package init(
        serverErrorRate: Double = 0, throttleRate: Double = 0, retryAfterSeconds: Int = 1,
        orderLookup: OrderLookupFault? = nil, orderCreateAnswerLost: LostOrderAnswer? = nil, chaos: SellerChaos? = nil
    ) {
        self.serverErrorRate = serverErrorRate
        self.throttleRate = throttleRate
        self.retryAfterSeconds = retryAfterSeconds
        self.orderLookup = orderLookup
        self.orderCreateAnswerLost = orderCreateAnswerLost
        self.chaos = chaos
    }

    enum CodingKeys: String, CodingKey {
        case serverErrorRate, throttleRate, retryAfterSeconds, orderLookup, orderCreateAnswerLost, chaos
    }

    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        serverErrorRate = try c.decodeIfPresent(Double.self, forKey: .serverErrorRate) ?? 0
        throttleRate = try c.decodeIfPresent(Double.self, forKey: .throttleRate) ?? 0
        retryAfterSeconds = try c.decodeIfPresent(Int.self, forKey: .retryAfterSeconds) ?? 1
        orderLookup = try c.decodeIfPresent(OrderLookupFault.self, forKey: .orderLookup)
        orderCreateAnswerLost = try c.decodeIfPresent(LostOrderAnswer.self, forKey: .orderCreateAnswerLost)
        chaos = try c.decodeIfPresent(SellerChaos.self, forKey: .chaos)
    }

    package var isFaultFree: Bool {
        serverErrorRate == 0 && throttleRate == 0 && (orderLookup?.rate ?? 0) == 0
            && (orderCreateAnswerLost?.rate ?? 0) == 0 && (chaos ?? SellerChaos()) == SellerChaos()
    }
}

/// A demo seller whose answers are hostile rather than lost: error pages instead of MEF errors, sizes no real
/// seller sends, work that never finishes, answers that mean nothing. Each is off unless set. Profile:
/// `faults: { chaos: { htmlErrorStatus: 501 } }`.
package struct SellerChaos: Sendable, Hashable, Codable {
    /// Every Sonata operation is answered with this status and an HTML page, as a proxy in front of a seller
    /// answers (501, 404, ...).
    package var htmlErrorStatus: Int?
    /// Ids of quotes padded to this many characters.
    package var idLength: Int?
    /// Address validations refused (400) with a reason this many characters long.
    package var errorReasonLength: Int?
    /// POQs stay `inProgress` whatever happens.
    package var neverFinish: Bool?
    /// Address validations answered 200 with an empty object.
    package var emptyAddressValidation: Bool?
    /// Every answer object gains a member `x_padding`: an array of small numbers this many bytes long, valid
    /// JSON whose parsed form is many times its size.
    package var paddingBytes: Int?
    /// Lists (`GET` on a collection) ignore their filters: every record, other buyers' orders included.
    package var ignoresListFilters: Bool?
    /// Lists never end: every page is full of made-up records, and `X-Total-Count` says a million.
    package var endlessLists: Bool?

    package init(
        htmlErrorStatus: Int? = nil, idLength: Int? = nil, errorReasonLength: Int? = nil,
        neverFinish: Bool? = nil, emptyAddressValidation: Bool? = nil, paddingBytes: Int? = nil,
        ignoresListFilters: Bool? = nil, endlessLists: Bool? = nil
    ) {
        self.htmlErrorStatus = htmlErrorStatus
        self.idLength = idLength
        self.errorReasonLength = errorReasonLength
        self.neverFinish = neverFinish
        self.emptyAddressValidation = emptyAddressValidation
        self.paddingBytes = paddingBytes
        self.ignoresListFilters = ignoresListFilters
        self.endlessLists = endlessLists
    }
}

/// A demo seller whose order look-ups (`GET /productOrder?externalId=...`) fail: the buyer cannot tell whether an
/// order exists. Profile: `faults: { orderLookup: { failure: unavailable, rate: 1, startAfter: 0 } }`.
package struct OrderLookupFault: Sendable, Hashable, Codable {
    package var failure: Failure
    /// Share of look-ups that fail (default 1: all).
    package var rate: Double
    /// Look-ups of each `externalId` answered correctly before the fault starts (default 0): with 1, the look-up
    /// before the create works and the ones after it fail.
    package var startAfter: Int
    /// How long a `slow` answer takes; longer than the buyer's request timeout (default 10).
    package var delaySeconds: Double

    package enum Failure: String, Sendable, Hashable, Codable, CaseIterable {
        /// 429 with a `Retry-After`.
        case throttled
        /// 503.
        case unavailable
        /// The right answer, after `delaySeconds`.
        case slow
        /// 200 with an HTML body.
        case malformed
        /// 200 with a list whose entry has no `id`.
        case entryWithoutId
    }

    package init(_ failure: Failure, rate: Double = 1, startAfter: Int = 0, delaySeconds: Double = 10) {
        self.failure = failure
        self.rate = rate
        self.startAfter = startAfter
        self.delaySeconds = delaySeconds
    }

    enum CodingKeys: String, CodingKey { case failure, rate, startAfter, delaySeconds }

    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        failure = try c.decode(Failure.self, forKey: .failure)
        rate = try c.decodeIfPresent(Double.self, forKey: .rate) ?? 1
        startAfter = try c.decodeIfPresent(Int.self, forKey: .startAfter) ?? 0
        delaySeconds = try c.decodeIfPresent(Double.self, forKey: .delaySeconds) ?? 10
    }
}

/// A demo seller that creates the order and then loses the answer on the way, as a proxy timing out does.
/// Profile: `faults: { orderCreateAnswerLost: { failure: reset, rate: 1 } }`.
package struct LostOrderAnswer: Sendable, Hashable, Codable {
    package var failure: Failure
    /// Share of creations whose answer is lost (default 1: all).
    package var rate: Double
    /// How long a `slow` answer takes; longer than the buyer's request timeout (default 10).
    package var delaySeconds: Double

    package enum Failure: String, Sendable, Hashable, Codable, CaseIterable {
        /// 503.
        case unavailable
        /// 504.
        case gatewayTimeout
        /// The connection closes in the middle of the answer.
        case reset
        /// The answer comes after `delaySeconds`.
        case slow
    }

    package init(_ failure: Failure, rate: Double = 1, delaySeconds: Double = 10) {
        self.failure = failure
        self.rate = rate
        self.delaySeconds = delaySeconds
    }

    enum CodingKeys: String, CodingKey { case failure, rate, delaySeconds }

    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        failure = try c.decode(Failure.self, forKey: .failure)
        rate = try c.decodeIfPresent(Double.self, forKey: .rate) ?? 1
        delaySeconds = try c.decodeIfPresent(Double.self, forKey: .delaySeconds) ?? 10
    }
}
