import BlackHailCore
import JSONCore

extension EmulatedSeller {
    static let addressTypes: Set<String> = [
        "FieldedAddress", "FormattedAddress", "GeographicAddressLabel", "MEFGeographicPoint",
    ]

    /// MEF 121 address validation. The seller knows the addresses in its footprint: those validate with an id;
    /// anything else is a `fail` with no match (still a 200, R18).
    func validateAddress(_ body: JSONObject) throws(RequestFailure) -> JSONValue {
        var checks = RequiredFields()
        checks.requireBool(body, "provideAlternative", at: "", required: true)
        checks.require(body, "submittedGeographicAddress", at: "")
        if let submitted = body["submittedGeographicAddress"]?.objectValue {
            checks.requireEnum(submitted, "@type", in: Self.addressTypes, at: "/submittedGeographicAddress")
            if submitted["@type"]?.stringValue == "FieldedAddress" {
                for key in ["streetName", "city", "country"] {
                    checks.require(submitted, key, at: "/submittedGeographicAddress")
                }
            }
        }
        guard checks.problems.isEmpty, let submitted = body["submittedGeographicAddress"]?.objectValue else {
            throw .unprocessable(checks.problems)
        }
        var response: JSONObject = [
            "provideAlternative": body["provideAlternative"] ?? true,
            "submittedGeographicAddress": .object(submitted),
        ]
        let location = SiteLocation(fields: submitted)
        guard submitted["@type"]?.stringValue == "FieldedAddress", location.isCovered(by: emulation.coverage) else {
            response["validationResult"] = "fail"
            response["alternateGeographicAddress"] = []
            return .object(response)
        }
        response["validationResult"] = "success"
        response["bestMatchGeographicAddress"] = .object(matched(location))
        response["alternateGeographicAddress"] = []
        return .object(response)
    }

    func address(id: String) -> JSONValue? {
        SiteLocation(addressId: id, sellerId: profile.id).map { .object(matched($0)) }
    }

    private func matched(_ location: SiteLocation) -> JSONObject {
        let id = location.addressId(sellerId: profile.id)
        var address: JSONObject = [
            "@type": "FieldedAddress", "id": .string(id),
            "href": .string("\(profile.sonata.path(for: .address))/geographicAddress/\(id)"),
            "allowsNewSite": true, "hasPublicSite": false,
        ]
        for (key, value) in location.fields { address[key] = value }
        return address
    }
}
