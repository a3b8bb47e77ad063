import Foundation

/// Sellers' address ids from earlier runs, kept in the journal: a site whose address a seller validated with an id
/// less than `limits.addressCacheDays` ago (30 by default; 0 never reuses one) is sent to that seller by reference to
/// the id again, without a new validation. Quoting the same estate again then costs no address validation, the
/// largest share of a run's requests (one per site and seller).
///
/// Only ids are kept: an address a seller did not know, or matched without an id, is validated again each run. The
/// key is the validation request's bytes (`QuotePlan.addressKeys`), so any change to a site's address asks again.
/// `revalidate` (`--revalidate-addresses`) asks every seller again and refreshes what is kept.
package struct AddressIdCache: Sendable {
    package let journal: Journal
    package let revalidate: Bool

    package init(journal: Journal, revalidate: Bool = false) {
        self.journal = journal
        self.revalidate = revalidate
    }

    /// The ids the seller gave for `keys` within its lifetime before `now`; none when revalidating or when the
    /// journal cannot be read (the addresses are then validated, which is never wrong).
    func known(seller: SellerProfile, keys: Set<String>, now: Date) async -> [String: String] {
        let days = seller.limits.addressCacheDays
        guard !revalidate, days > 0, !keys.isEmpty else { return [:] }
        let since = now.addingTimeInterval(-days * 86_400)
        return (try? await journal.addressIds(sellerId: seller.id, keys: keys, since: since)) ?? [:]
    }

    /// Keeps the ids the seller gave in this run; a journal that cannot be written costs the next run validations,
    /// not this run its result.
    func remember(seller: SellerProfile, _ ids: [String: String], now: Date) async {
        guard seller.limits.addressCacheDays > 0 else { return }
        try? await journal.rememberAddressIds(sellerId: seller.id, ids, validatedAt: now)
    }
}
