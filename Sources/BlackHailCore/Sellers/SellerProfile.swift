import Foundation

/// One seller blackhail buys from: where its Sonata APIs live, how to authenticate, which MEF 139 offerings
/// to ask for and how hard it may be driven. Loaded from `sellers/<id>.yaml`.
///
/// A profile with an `emulate` block describes a demo seller served by blackhail's own emulator instead of a
/// remote base URL.
package struct SellerProfile: Sendable, Hashable, Codable {
    /// Short, URL-safe identifier (`[a-z0-9-]`), unique among the configured sellers.
    package var id: String
    /// Human-readable name for tables and reports.
    package var name: String
    package var sonata: SonataEndpoints
    package var auth: AuthReference
    /// Extra trust (a CA bundle) for a private PKI, and a client certificate for mutual TLS.
    package var tls: SellerTLS?
    /// A proxy of this seller's own, instead of the environment's (`HTTPS_PROXY`, ...).
    package var proxy: SellerProxy?
    /// MEF product offering id per Internet Access product, as agreed at onboarding.
    package var products: ProductOfferings
    package var limits: SellerLimits
    /// Who the seller deals with on our side, and the billing account orders are charged to.
    package var buyer: BuyerDetails?
    /// The seller's access media and upstream networks, for choosing diverse pairs (SD-WAN).
    package var diversity: SellerDiversity?
    /// Present for demo sellers: how the emulator plays this seller.
    package var emulate: EmulationProfile?
    /// The file the profile was read from, for messages.
    package var sourcePath: String?

    package init(
        id: String, name: String, sonata: SonataEndpoints = .init(), auth: AuthReference = .none,
        products: ProductOfferings = .init(), limits: SellerLimits = .init(), buyer: BuyerDetails? = nil,
        emulate: EmulationProfile? = nil, sourcePath: String? = nil
    ) {
        self.id = id
        self.name = name
        self.sonata = sonata
        self.auth = auth
        self.products = products
        self.limits = limits
        self.buyer = buyer
        self.emulate = emulate
        self.sourcePath = sourcePath
    }

    enum CodingKeys: String, CodingKey {
        case id, name, sonata, auth, tls, proxy, products, limits, buyer, diversity, emulate
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        name = try container.decodeIfPresent(String.self, forKey: .name) ?? id
        sonata = try container.decodeIfPresent(SonataEndpoints.self, forKey: .sonata) ?? .init()
        auth = try container.decodeIfPresent(AuthReference.self, forKey: .auth) ?? .none
        tls = try container.decodeIfPresent(SellerTLS.self, forKey: .tls)
        proxy = try container.decodeIfPresent(SellerProxy.self, forKey: .proxy)
        products = try container.decodeIfPresent(ProductOfferings.self, forKey: .products) ?? .init()
        limits = try container.decodeIfPresent(SellerLimits.self, forKey: .limits) ?? .init()
        buyer = try container.decodeIfPresent(BuyerDetails.self, forKey: .buyer)
        diversity = try container.decodeIfPresent(SellerDiversity.self, forKey: .diversity)
        emulate = try container.decodeIfPresent(EmulationProfile.self, forKey: .emulate)
    }

    /// Whether blackhail's emulator plays this seller.
    package var isEmulated: Bool { emulate != nil }
}

/// The Sonata APIs blackhail uses, each at the MEF base path unless the profile overrides it (real sellers drift).
package enum SonataAPI: String, Sendable, Hashable, CaseIterable, Codable, CodingKeyRepresentable {
    case address
    case poq
    case quote
    case order

    /// The MEF base path and the version blackhail is built against.
    package var defaultPath: String {
        "/mefApi/sonata/\(resource)/\(defaultVersion)"
    }

    package var defaultVersion: String {
        switch self {
        case .address: "v7"
        case .poq: "v7"
        case .quote: "v8"
        case .order: "v10"
        }
    }

    package var resource: String {
        switch self {
        case .address: "geographicAddressManagement"
        case .poq: "productOfferingQualification"
        case .quote: "quoteManagement"
        case .order: "productOrderingManagement"
        }
    }

    /// Name used in logs and messages ("MEF 87 POQ").
    package var title: String {
        switch self {
        case .address: "MEF 121 address validation"
        case .poq: "MEF 87 POQ"
        case .quote: "MEF 115 quote"
        case .order: "MEF 123 product order"
        }
    }
}

/// Where a seller's APIs live. `baseURL` is `https://host[:port][/seller_prefix]`; each API's base path is appended.
package struct SonataEndpoints: Sendable, Hashable, Codable {
    package var baseURL: String?
    /// Sent as the `buyerId` query parameter, only when we represent several buyers towards this seller.
    package var buyerId: String?
    /// Sent as the `sellerId` query parameter, only when the seller is an aggregator.
    package var sellerId: String?
    /// Per-API overrides: `path` replaces the base path, or `version` keeps the MEF path with another version.
    package var apis: [SonataAPI: APIOverride]
    /// Allows plain `http` base and token URLs off this machine (loopback needs no permission); off by default, as
    /// the buyer's contacts and credentials would cross the network in clear.
    package var allowPlainHTTP: Bool

    package init(
        baseURL: String? = nil, buyerId: String? = nil, sellerId: String? = nil, apis: [SonataAPI: APIOverride] = [:],
        allowPlainHTTP: Bool = false
    ) {
        self.baseURL = baseURL
        self.buyerId = buyerId
        self.sellerId = sellerId
        self.apis = apis
        self.allowPlainHTTP = allowPlainHTTP
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        baseURL = try container.decodeIfPresent(String.self, forKey: .baseURL)
        buyerId = try container.decodeIfPresent(String.self, forKey: .buyerId)
        sellerId = try container.decodeIfPresent(String.self, forKey: .sellerId)
        apis = try container.decodeIfPresent([SonataAPI: APIOverride].self, forKey: .apis) ?? [:]
        allowPlainHTTP = try container.decodeIfPresent(Bool.self, forKey: .allowPlainHTTP) ?? false
    }

    /// The base path of one API on this seller.
    package func path(for api: SonataAPI) -> String {
        guard let override = apis[api] else { return api.defaultPath }
        if let path = override.path { return path.hasSuffix("/") ? String(path.dropLast()) : path }
        return "/mefApi/sonata/\(api.resource)/\(override.version ?? api.defaultVersion)"
    }
}

package struct APIOverride: Sendable, Hashable, Codable {
    package var path: String?
    package var version: String?

    package init(path: String? = nil, version: String? = nil) {
        self.path = path
        self.version = version
    }
}

/// The buyer's side of the relationship with one seller.
package struct BuyerDetails: Sendable, Hashable, Codable {
    /// Sent as `buyerContactInformation` (POQ, Quote) and `productOrderContact` (Order).
    package var contact: ContactDetails
    /// The account orders are billed to (MEF 123 R33).
    package var billingAccount: String?

    package init(contact: ContactDetails, billingAccount: String? = nil) {
        self.contact = contact
        self.billingAccount = billingAccount
    }
}

/// A MEF `RelatedContactInformation` without its role: name, email and phone are all required by the schema.
package struct ContactDetails: Sendable, Hashable, Codable {
    package var name: String
    package var email: String
    package var phone: String
    package var organization: String?

    package init(name: String, email: String, phone: String, organization: String? = nil) {
        self.name = name
        self.email = email
        self.phone = phone
        self.organization = organization
    }
}

/// MEF product offering ids per MEF 139 product, agreed with the seller at onboarding.
package struct ProductOfferings: Sendable, Hashable, Codable {
    package var basic: String?
    package var advanced: String?
    package var exclusive: String?

    package init(basic: String? = nil, advanced: String? = nil, exclusive: String? = nil) {
        self.basic = basic
        self.advanced = advanced
        self.exclusive = exclusive
    }

    package func offering(for product: InternetAccessProduct) -> String? {
        switch product {
        case .basic: basic
        case .advanced: advanced
        case .exclusive: exclusive
        }
    }
}

/// How hard blackhail may drive one seller. Every limit is enforced per run.
package struct SellerLimits: Sendable, Hashable, Codable {
    /// Requests in flight at once to this seller.
    package var concurrency: Int
    /// POQ and quote items per request.
    package var itemsPerRequest: Int
    /// Requests started per second (token bucket).
    package var requestsPerSecond: Double
    /// Per-request timeout.
    package var requestTimeoutSeconds: Double
    /// The longest blackhail polls one POQ or quote of this seller in a run, in minutes; what is still unfinished
    /// then is reported as pending at the seller, and `quote --resume` polls it again.
    package var maxPollMinutes: Double
    /// How long an address id this seller gave is reused by later runs instead of validating the address again,
    /// in days (0: never reused); see `AddressIdCache`.
    package var addressCacheDays: Double

    package static let defaultConcurrency = 8
    package static let defaultItemsPerRequest = 50
    package static let defaultRequestsPerSecond = 50.0
    package static let defaultRequestTimeoutSeconds = 30.0
    package static let defaultMaxPollMinutes = 30.0
    package static let defaultAddressCacheDays = 30.0

    package init(
        concurrency: Int = defaultConcurrency, itemsPerRequest: Int = defaultItemsPerRequest,
        requestsPerSecond: Double = defaultRequestsPerSecond,
        requestTimeoutSeconds: Double = defaultRequestTimeoutSeconds, maxPollMinutes: Double = defaultMaxPollMinutes,
        addressCacheDays: Double = defaultAddressCacheDays
    ) {
        self.concurrency = concurrency
        self.itemsPerRequest = itemsPerRequest
        self.requestsPerSecond = requestsPerSecond
        self.requestTimeoutSeconds = requestTimeoutSeconds
        self.maxPollMinutes = maxPollMinutes
        self.addressCacheDays = addressCacheDays
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        concurrency = try container.decodeIfPresent(Int.self, forKey: .concurrency) ?? Self.defaultConcurrency
        itemsPerRequest =
            try container.decodeIfPresent(Int.self, forKey: .itemsPerRequest) ?? Self.defaultItemsPerRequest
        requestsPerSecond =
            try container.decodeIfPresent(Double.self, forKey: .requestsPerSecond) ?? Self.defaultRequestsPerSecond
        requestTimeoutSeconds =
            try container.decodeIfPresent(Double.self, forKey: .requestTimeoutSeconds)
            ?? Self.defaultRequestTimeoutSeconds
        maxPollMinutes =
            try container.decodeIfPresent(Double.self, forKey: .maxPollMinutes) ?? Self.defaultMaxPollMinutes
        addressCacheDays =
            try container.decodeIfPresent(Double.self, forKey: .addressCacheDays) ?? Self.defaultAddressCacheDays
    }
}

extension SellerLimits {
    /// `maxPollMinutes` in seconds, never more than a week whatever the profile holds (problems reports it).
    package var maxPollSeconds: TimeInterval {
        maxPollMinutes.isNaN ? Self.defaultMaxPollMinutes * 60 : min(max(maxPollMinutes, 0), 10_080) * 60
    }

    /// `requestTimeoutSeconds` as a duration, bounded to a day so that no profile value can overflow it.
    package var requestTimeout: Duration {
        let seconds = requestTimeoutSeconds.isNaN ? Self.defaultRequestTimeoutSeconds : requestTimeoutSeconds
        return .milliseconds(Int64(min(max(seconds, 0.001), 86_400) * 1000))
    }
}
