import Foundation
import JSONCore

// The result document written member by member (`ResultJSON.encodeData`, and each NDJSON line), with no
// `JSONValue` tree in between: each type's keys in sorted order, nil optionals left out, exactly as its `Encodable`
// form comes out with sorted keys. That form is the reference the tests compare these with (TestSupport's
// `JSONValueEncoder`), so a field added to one of these types is added here too, in its sorted place.

extension QuoteRunResult: JSONWritable {
    package func write(to json: inout JSONWriter) throws {
        try write(to: &json) { _ in }
    }

    /// Writes the document, calling `drain` after each element of its long arrays (offers, outcomes, pairs, rankings), so
    /// that a caller streaming it out (`ResultJSON.write(_:to:)`) holds only a part of it at a time.
    func write(to json: inout JSONWriter, drain: (inout JSONWriter) throws -> Void) throws {
        json.beginObject()
        json.member("blackhailVersion", ifPresent: blackhailVersion)
        json.member("finishedAt", ResultJSON.format(finishedAt))
        try json.member("inputs", inputs)
        // Not through `IdentifiedOffer`: wrapping would copy each of tens of thousands of offers.
        try Self.writeArray("offers", offers, to: &json, drain: drain) { try IdentifiedOffer.write($0, to: &$1) }
        try Self.writeArray("outcomes", outcomes, to: &json, drain: drain) { try $0.write(to: &$1) }
        try Self.writeArray("pairs", pairs, to: &json, drain: drain) { try $0.write(to: &$1) }
        try json.member("policy", policy)
        try Self.writeArray("rankings", rankings, to: &json, drain: drain) { try $0.write(to: &$1) }
        try json.member("rates", ifPresent: rates)
        json.member("reportCurrency", reportCurrency)
        json.member("runId", runId)
        json.member("schemaVersion", schemaVersion)
        try json.member("sellers", sellers)
        try json.member("sites", sites)
        json.member("startedAt", ResultJSON.format(startedAt))
        try json.member("summary", RunSummary(self))
        json.member("warnings", warnings)
        json.endObject()
    }

    /// A member holding `elements` as an array, the writer drained after each element.
    private static func writeArray<Element>(
        _ key: String, _ elements: [Element], to json: inout JSONWriter, drain: (inout JSONWriter) throws -> Void,
        element write: (Element, inout JSONWriter) throws -> Void
    ) throws {
        json.key(key)
        json.beginArray()
        for element in elements {
            try write(element, &json)
            try drain(&json)
        }
        json.endArray()
    }
}

extension QuoteRunResult.InputFile: JSONWritable {
    package func write(to json: inout JSONWriter) throws {
        json.beginObject()
        json.member("bytes", bytes)
        json.member("path", path)
        json.member("role", role.rawValue)
        json.member("sellerId", ifPresent: sellerId)
        json.member("sha256", sha256)
        json.endObject()
    }
}

extension QuoteRunResult.SellerSummary: JSONWritable {
    package func write(to json: inout JSONWriter) throws {
        json.beginObject()
        json.member("answered", answered)
        try json.member("diversity", ifPresent: diversity)
        json.member("emulated", emulated)
        json.member("failedSites", failedSites)
        json.member("id", id)
        json.member("name", name)
        if let operations { try json.member("operations", operations) }
        try json.member("notAsked", ifPresent: notAsked)
        json.member("requests", requests)
        json.member("retries", retries)
        json.endObject()
    }
}

extension QuoteRunResult.SiteSummary: JSONWritable {
    package func write(to json: inout JSONWriter) throws {
        json.beginObject()
        json.key("attributes")
        json.beginObject()
        for (name, value) in attributes.sorted(by: { $0.key < $1.key }) {
            json.key(name)
            json.string(value)
        }
        json.endObject()
        json.member("country", country)
        json.member("diversity", diversity.rawValue)
        json.member("id", id)
        try json.member("incumbent", ifPresent: incumbent)
        json.member("maxInstallDays", ifPresent: maxInstallDays)
        json.member("minPairUptime", ifPresent: minPairUptime)
        json.member("minSlaUptime", ifPresent: minSlaUptime)
        json.member("name", ifPresent: name)
        json.member("product", product)
        json.endObject()
    }
}

extension IdentifiedOffer: JSONWritable {
    package func write(to json: inout JSONWriter) throws {
        try Self.write(offer, to: &json)
    }

    /// What `IdentifiedOffer(offer)` writes, without making one.
    static func write(_ offer: Offer, to json: inout JSONWriter) throws {
        json.beginObject()
        json.member("alternateProposalId", ifPresent: offer.alternateProposalId)
        json.member("confidence", ifPresent: offer.confidence)
        try json.member("converted", ifPresent: offer.converted)
        json.member("defects", offer.defects)
        json.member("deviations", offer.deviations)
        json.member("downstream", offer.downstream)
        json.member("drift", offer.drift)
        try json.member("effectiveMonthly", ifPresent: offer.effectiveMonthly)
        json.member("expired", offer.expired)
        json.member("id", offer.id)
        json.member("installDays", ifPresent: offer.installDays)
        json.member("isAlternate", offer.isAlternate)
        try json.member("monthlyRecurring", offer.monthlyRecurring)
        try json.member("nonRecurring", offer.nonRecurring)
        json.member("orderable", offer.orderable)
        json.member("poqId", offer.poqId)
        json.member("poqItemId", offer.poqItemId)
        json.member("product", offer.product)
        json.member("productOfferingId", ifPresent: offer.productOfferingId)
        json.member("quoteId", offer.quoteId)
        json.member("quoteItemId", offer.quoteItemId)
        json.member("quoteLevel", offer.quoteLevel)
        json.member("quoteState", offer.quoteState)
        json.member("requestedDownstream", offer.requestedDownstream)
        json.member("requestedTermMonths", offer.requestedTermMonths)
        json.member("requestedUpstream", offer.requestedUpstream)
        json.member("sellerId", offer.sellerId)
        json.member("sellerName", offer.sellerName)
        json.member("siteId", offer.siteId)
        json.member("slaUptime", ifPresent: offer.slaUptime)
        json.member("termMonths", ifPresent: offer.termMonths)
        try json.member("totalCost", ifPresent: offer.totalCost)
        json.member("upstream", offer.upstream)
        json.member("validUntil", ifPresent: offer.validUntil.map(ResultJSON.format))
        json.member("warnings", offer.warnings)
        json.endObject()
    }
}

extension Money: JSONWritable {
    package func write(to json: inout JSONWriter) throws {
        json.beginObject()
        try json.member("amount", amount)
        json.member("currency", currency)
        json.endObject()
    }
}

extension ConvertedAmounts: JSONWritable {
    package func write(to json: inout JSONWriter) throws {
        json.beginObject()
        json.member("currency", currency)
        try json.member("effectiveMonthly", ifPresent: effectiveMonthly)
        try json.member("monthlyRecurring", monthlyRecurring)
        try json.member("nonRecurring", nonRecurring)
        try json.member("total", ifPresent: total)
        json.endObject()
    }
}

extension NotAsked: JSONWritable {
    package func write(to json: inout JSONWriter) throws {
        json.beginObject()
        json.member("count", count)
        json.member("reason", reason)
        json.key("sites")
        json.beginArray()
        for range in sites {
            json.beginObject()
            json.member("from", range.from)
            json.member("through", range.through)
            json.endObject()
        }
        json.endArray()
        json.endObject()
    }
}

extension SiteSellerOutcome: JSONWritable {
    package func write(to json: inout JSONWriter) throws {
        json.beginObject()
        json.member("offerCount", offerCount)
        json.member("reason", ifPresent: reason)
        json.member("sellerId", sellerId)
        json.member("siteId", siteId)
        json.member("status", status.rawValue)
        json.member("warnings", warnings)
        json.endObject()
    }
}

extension SiteRanking: JSONWritable {
    package func write(to json: inout JSONWriter) throws {
        json.beginObject()
        try json.member("excluded", excluded)
        json.member("explanation", explanation)
        json.member("ranked", ranked)
        json.member("siteId", siteId)
        json.endObject()
    }
}

extension SiteRanking.ExcludedOffer: JSONWritable {
    package func write(to json: inout JSONWriter) throws {
        json.beginObject()
        json.member("offerId", offerId)
        json.member("reason", reason)
        json.endObject()
    }
}

extension PairRanking: JSONWritable {
    package func write(to json: inout JSONWriter) throws {
        json.beginObject()
        json.member("availability", ifPresent: availability)
        json.member("candidates", candidates)
        try json.member("diversity", ifPresent: diversity)
        try json.member("effectiveMonthlyCost", ifPresent: effectiveMonthlyCost)
        json.member("explanation", explanation)
        json.member("primary", ifPresent: primary)
        json.member("secondary", ifPresent: secondary)
        json.member("siteId", siteId)
        try json.member("totalCost", ifPresent: totalCost)
        json.endObject()
    }
}

extension CurrencyRates: JSONWritable {
    package func write(to json: inout JSONWriter) throws {
        json.beginObject()
        json.member("base", base)
        json.key("rates")
        json.beginObject()
        for (code, rate) in rates.sorted(by: { $0.key < $1.key }) {
            json.key(code)
            try json.decimal(rate)
        }
        json.endObject()
        json.endObject()
    }
}

extension SellerDiversity: JSONWritable {
    package func write(to json: inout JSONWriter) throws {
        json.beginObject()
        json.member("accessMedia", ifPresent: accessMedia)
        if let upstream { json.member("upstream", upstream) }
        json.endObject()
    }
}

extension DiversityAssessment: JSONWritable {
    package func write(to json: inout JSONWriter) throws {
        json.beginObject()
        json.member("accessMedia", accessMedia.rawValue)
        json.member("seller", seller.rawValue)
        json.member("upstream", upstream.rawValue)
        json.endObject()
    }
}

extension RankingPolicy: JSONWritable {
    package func write(to json: inout JSONWriter) throws {
        json.beginObject()
        try json.member("constraints", constraints)
        json.member("costBasis", costBasis.rawValue)
        try json.member("weights", weights)
        json.endObject()
    }
}

extension RankingPolicy.Constraints: JSONWritable {
    package func write(to json: inout JSONWriter) throws {
        json.beginObject()
        json.member("maxInstallDays", ifPresent: maxInstallDays)
        json.member("minSlaUptime", ifPresent: minSlaUptime)
        json.endObject()
    }
}

extension RankingPolicy.Weights: JSONWritable {
    package func write(to json: inout JSONWriter) throws {
        json.beginObject()
        json.member("availability", availability)
        json.member("cost", cost)
        json.member("leadTime", leadTime)
        json.endObject()
    }
}

extension RunSummary: JSONWritable {
    package func write(to json: inout JSONWriter) throws {
        json.beginObject()
        json.member("completeness", completeness.rawValue)
        json.member("coveredSites", coveredSites)
        json.member("earliestExpiry", ifPresent: earliestExpiry.map(ResultJSON.format))
        json.member("elapsedSeconds", elapsedSeconds)
        json.member("failedSellers", failedSellers)
        json.member("offers", offers)
        json.member("orderableOffers", orderableOffers)
        try json.member("savings", ifPresent: savings)
        json.member("sellers", sellers)
        json.member("sellersAnswered", sellersAnswered)
        json.member("sites", sites)
        json.member("uncoveredSites", uncoveredSites)
        try json.member("winners", winners)
        json.endObject()
    }
}

extension RunSummary.Spend: JSONWritable {
    package func write(to json: inout JSONWriter) throws {
        json.beginObject()
        json.member("currency", currency)
        try json.member("effectiveMonthly", effectiveMonthly)
        try json.member("monthlyRecurring", monthlyRecurring)
        try json.member("nonRecurring", nonRecurring)
        try json.member("total", total)
        json.endObject()
    }
}

extension SavingsSummary: JSONWritable {
    package func write(to json: inout JSONWriter) throws {
        json.beginObject()
        json.member("currency", currency)
        try json.member("current", current)
        try json.member("percent", ifPresent: percent)
        try json.member("saving", saving)
        try json.member("sites", sites)
        json.member("sitesNotCompared", sitesNotCompared)
        try json.member("winners", winners)
        json.endObject()
    }
}

extension IncumbentSaving: JSONWritable {
    package func write(to json: inout JSONWriter) throws {
        json.beginObject()
        json.member("currency", currency)
        try json.member("current", current)
        json.member("currentSeller", ifPresent: currentSeller)
        try json.member("percent", ifPresent: percent)
        try json.member("saving", saving)
        json.member("siteId", siteId)
        try json.member("winner", winner)
        json.endObject()
    }
}

extension Incumbent: JSONWritable {
    package func write(to json: inout JSONWriter) throws {
        json.beginObject()
        try json.member("monthlyRecurring", monthlyRecurring)
        try json.member("nonRecurring", nonRecurring)
        json.member("sellerName", ifPresent: sellerName)
        json.endObject()
    }
}
