import Foundation
import JSONCore

/// Builds the bodies blackhail sends, as the OpenAPI schemas define them.
package enum SonataRequests {
    package static func addressValidation(_ address: SiteAddress) -> JSONValue {
        ["provideAlternative": true, "submittedGeographicAddress": .object(fieldedAddress(address))]
    }

    package static func fieldedAddress(_ address: SiteAddress) -> JSONObject {
        var fields: JSONObject = ["@type": "FieldedAddress"]
        fields["streetNr"] = address.streetNr.map(JSONValue.string)
        fields["streetName"] = .string(address.streetName)
        fields["streetType"] = address.streetType.map(JSONValue.string)
        fields["postcode"] = address.postcode.map(JSONValue.string)
        fields["city"] = .string(address.city)
        fields["stateOrProvince"] = address.stateOrProvince.map(JSONValue.string)
        fields["country"] = .string(address.country)
        return fields
    }

    package static func contact(_ details: ContactDetails, role: String) -> JSONValue {
        var contact: JSONObject = [
            "role": .string(role), "name": .string(details.name), "emailAddress": .string(details.email),
            "number": .string(details.phone),
        ]
        contact["organization"] = details.organization.map(JSONValue.string)
        return .object(contact)
    }

    /// The site contact as a MEF contact, when the site list gives all three of name, email and phone.
    package static func siteContact(_ site: Site, role: String) -> JSONValue? {
        guard let contact = site.contact, let name = contact.name, let email = contact.email, let phone = contact.phone
        else { return nil }
        return Self.contact(ContactDetails(name: name, email: email, phone: phone), role: role)
    }

    package static func term(months: Int) -> JSONValue {
        [
            "name": .string("\(months) months"),
            "duration": ["amount": .integer(Int64(months)), "units": "calendarMonths"],
            "endOfTermAction": "autoRenew",
        ]
    }
}
