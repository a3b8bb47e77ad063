import BlackHailCore
import Foundation
import JSONCore
import MEF139

/// One demo seller: its profile, its price book, and the POQs, quotes and orders buyers created with it.
///
/// State lives in memory for the life of the emulator. Deferred work advances with the clock rather than with
/// timers: a resource's state is computed from its age whenever it is read.
actor EmulatedSeller {
    let profile: SellerProfile
    let emulation: EmulationProfile
    let priceBook: PriceBook
    let random: SharedRandom
    let now: @Sendable () -> Date
    /// Checks MEF 139 configurations when the profile asks for `strictPayload`.
    let validator: PayloadValidator?
    /// Distinguishes ids of different emulator runs, so an id from an earlier run is never mistaken for a new one.
    let instanceTag: String
    var nextSerial = 1

    var qualifications: [String: StoredQualification] = [:]
    var qualificationOrder: [String] = []
    var quotes: [String: StoredQuote] = [:]
    var quoteOrder: [String] = []
    var orders: [String: StoredOrder] = [:]
    var orderOrder: [String] = []
    var cancellations: [String: JSONObject] = [:]
    /// How much state the last save held (see `saveIfChanged`).
    var savedRevision = 0

    init(
        profile: SellerProfile, emulation: EmulationProfile, now: @escaping @Sendable () -> Date, instanceTag: String,
        validator: PayloadValidator?
    ) {
        self.validator = validator
        self.profile = profile
        self.emulation = emulation
        self.priceBook = PriceBook(profile: emulation)
        self.random = SharedRandom(seed: emulation.seed)
        self.now = now
        self.instanceTag = instanceTag
    }

    func makeId(_ kind: String) -> String {
        defer { nextSerial += 1 }
        return "\(profile.id)-\(kind)-\(instanceTag)-\(String(format: "%06d", nextSerial))"
    }

    /// Whether the seller is less than certain it can deliver at this site: `yellow` confidence and a longer
    /// installation interval. Fixed per site by the seed.
    func isUncertain(_ location: SiteLocation) -> Bool {
        SplitMix64.unitInterval(seed: emulation.seed &+ 1, key: location.key) < emulation.uncertainShare
    }

    func installationInterval(at location: SiteLocation) -> MEFDuration {
        var interval = emulation.installInterval
        if isUncertain(location) { interval.amount += interval.amount / 2 }
        return interval
    }

    /// Whether deferred work asked for at `created` is done now.
    func isDone(createdAt created: Date, deferred: Bool) -> Bool {
        !deferred || now().timeIntervalSince(created) >= emulation.deferredSeconds
    }

    func answersDeferred(buyerAskedForSync: Bool) -> Bool {
        switch emulation.responses {
        case .sync: false
        case .deferred: true
        case .asRequested: !buyerAskedForSync
        }
    }

    /// Where the buyer reads a resource back: its retrieve path below the seller's base URL.
    func href(_ retrieve: SonataEndpoint, id: String) -> String {
        profile.sonata.path(for: retrieve.api) + retrieve.path(id: id)
    }

    func timestamp(_ date: Date) -> JSONValue { .string(MEFDateTime.string(from: date)) }

    /// When deferred work will be done, to the millisecond: in whole seconds the date reads up to a second early,
    /// and a buyer that polls then finds the work unfinished and has to ask again.
    func completionTimestamp(_ date: Date) -> JSONValue {
        .string(date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
    }

    func stateChange(_ changes: [(String, Date)]) -> JSONValue {
        .array(changes.map { .object(["state": .string($0.0), "changeDate": timestamp($0.1)]) })
    }
}

extension MEFDuration {
    var json: JSONValue { .object(["amount": .integer(Int64(amount)), "units": .string(units.rawValue)]) }

    init?(json: JSONValue?) {
        guard let amount = json?["amount"]?.int64Value, let units = json?["units"]?.stringValue.flatMap(Unit.init)
        else { return nil }
        self.init(amount: Int(amount), units: units)
    }
}
