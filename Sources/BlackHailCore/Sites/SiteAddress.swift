/// A site's postal address, in the parts of MEF's `FieldedAddress`.
package struct SiteAddress: Sendable, Hashable {
    package var streetNr: String?
    package var streetName: String
    package var streetType: String?
    package var city: String
    package var stateOrProvince: String?
    /// Kept as written: postcodes are identifiers, not numbers ("01067" keeps its zero).
    package var postcode: String?
    /// An officially assigned ISO 3166-1 alpha-2 code in upper case, such as `DE`.
    package var country: String

    package init(
        streetNr: String? = nil,
        streetName: String,
        streetType: String? = nil,
        city: String,
        stateOrProvince: String? = nil,
        postcode: String? = nil,
        country: String
    ) {
        self.streetNr = streetNr
        self.streetName = streetName
        self.streetType = streetType
        self.city = city
        self.stateOrProvince = stateOrProvince
        self.postcode = postcode
        self.country = country
    }
}
