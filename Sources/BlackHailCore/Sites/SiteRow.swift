/// One data row of a site list, mapped column by column onto a `Site`.
///
/// Every field is checked even after a problem, so that a row reports all its problems at once. A field with a CSV
/// syntax issue is skipped: its value is unreliable and the issue is already reported.
struct SiteRow {
    private let record: CSVRecord
    private let header: SiteHeader
    private let file: String
    private let malformed: Set<Int>
    /// Problems found by `makeSite()`.
    private(set) var problems: [SiteListProblem] = []

    init(record: CSVRecord, header: SiteHeader, file: String) {
        self.record = record
        self.header = header
        self.file = file
        self.malformed = record.malformedFieldIndices
    }

    // MARK: - Fields

    /// The field of `column`, or `nil` when the header has no such column.
    func field(_ column: SiteColumn) -> CSVField? {
        header.index(of: column).map { record.fields[$0] }
    }

    /// The value of `column`, or `nil` when it is empty, absent or malformed.
    func text(_ column: SiteColumn) -> String? {
        guard let index = header.index(of: column), !malformed.contains(index) else { return nil }
        let value = record.fields[index].value
        return value.isEmpty ? nil : value
    }

    /// Whether the row gives `column` an empty value (as opposed to lacking the column or having a malformed field).
    private func isEmpty(_ column: SiteColumn) -> Bool {
        guard let index = header.index(of: column), !malformed.contains(index) else { return false }
        return record.fields[index].value.isEmpty
    }

    private mutating func report(_ column: SiteColumn, _ message: String) {
        let position = field(column)?.position ?? record.position
        problems.append(SiteListProblem(file: file, position: position, columnName: column.name, message: message))
    }

    /// The parsed value of `column`, or `nil` when it is empty or wrong (then reported).
    private mutating func value<Value>(
        _ column: SiteColumn,
        _ parse: (String) throws(SiteValueError) -> Value
    ) -> Value? {
        guard let text = text(column) else { return nil }
        do {
            return try parse(text)
        } catch {
            report(column, error.message)
            return nil
        }
    }

    /// Like `value(_:_:)`, reporting an empty value too.
    private mutating func requiredValue<Value>(
        _ column: SiteColumn,
        _ parse: (String) throws(SiteValueError) -> Value
    ) -> Value? {
        if isEmpty(column) {
            report(column, "a value is required")
        }
        return value(column, parse)
    }

    private mutating func requiredText(_ column: SiteColumn) -> String? {
        requiredValue(column) { $0 }
    }

    // MARK: - Site

    /// The site of this row, or `nil` when the row has problems (see `problems`) or lacks a required column.
    mutating func makeSite() -> Site? {
        let id = requiredText(.siteID)
        let address = makeAddress()
        let coordinates = makeCoordinates()
        let product = value(.product) { text throws(SiteValueError) in
            try SiteValueParser.choice(text, of: InternetAccessProduct.self)
        }
        let bandwidths = makeBandwidths()
        let terms = value(.termMonths) { text throws(SiteValueError) in
            try SiteValueParser.positiveIntegerList(text, unit: "months")
        }
        // MEF 139 `Ipv4Prefix.prefixLength` is 0...31 (ipCommon.yaml): a /32 is a single address, not a subnet to
        // route to the site, and every seller would refuse the request, so it is refused here, with a position.
        let ipv4PrefixLength = value(.ipv4PrefixLength) { text throws(SiteValueError) in
            try SiteValueParser.integer(text, in: 0...31, reason: "the MEF 139 Ipv4Prefix range")
        }
        let ipv6PrefixLength = value(.ipv6PrefixLength) { text throws(SiteValueError) in
            try SiteValueParser.integer(text, in: 0...127, reason: "the MEF 139 Ipv6Prefix range")
        }
        let minSlaUptime = value(.minSlaUptime, SiteValueParser.percent)
        let maxInstallDays = value(.maxInstallDays) { text throws(SiteValueError) in
            try SiteValueParser.positiveInteger(text[...], unit: "days")
        }
        let quoteLevel = value(.quoteLevel) { text throws(SiteValueError) in
            try SiteValueParser.choice(text, of: QuoteLevel.self)
        }
        let contact = makeContact()
        let diversity = value(.diversity) { text throws(SiteValueError) in
            try SiteValueParser.choice(text, of: Diversity.self)
        }
        let minPairUptime = value(.minPairUptime, SiteValueParser.percent)
        if minPairUptime != nil, text(.diversity) == nil || diversity == Diversity.none {
            report(.minPairUptime, "only applies to a diverse pair: set diversity to pair, or leave this empty")
        }

        let incumbent = makeIncumbent()

        guard problems.isEmpty, let id, let address, let bandwidths else { return nil }
        return Site(
            id: id,
            name: text(.name),
            address: address,
            coordinates: coordinates,
            product: product ?? .basic,
            bandwidths: bandwidths,
            termsMonths: terms ?? [Site.defaultTermMonths],
            ipv4PrefixLength: ipv4PrefixLength,
            ipv6PrefixLength: ipv6PrefixLength,
            minSlaUptime: minSlaUptime,
            maxInstallDays: maxInstallDays,
            quoteLevel: quoteLevel ?? .firm,
            contact: contact,
            diversity: diversity ?? Diversity.none,
            minPairUptime: minPairUptime,
            extraAttributes: extraAttributes(),
            sourceLine: record.line,
            incumbent: incumbent
        )
    }

    /// The service the site has today: a monthly charge in a currency at least, a one-off charge and a seller if
    /// given. The other `current_` columns mean nothing without `current_mrc`.
    private mutating func makeIncumbent() -> Incumbent? {
        let monthly = value(.currentMrc, SiteValueParser.amount)
        let oneOff = value(.currentNrc, SiteValueParser.amount)
        let currency = value(.currentCurrency, SiteValueParser.currency)
        if isEmpty(.currentMrc) || header.index(of: .currentMrc) == nil {
            for column in [SiteColumn.currentNrc, .currentCurrency, .currentSeller] where text(column) != nil {
                report(column, "only applies with current_mrc, the current service's monthly charge")
            }
        } else if text(.currentMrc) != nil, isEmpty(.currentCurrency) || header.index(of: .currentCurrency) == nil {
            report(.currentCurrency, "a value is required when current_mrc is given")
        }
        guard let monthly, let currency else { return nil }
        return Incumbent(
            monthlyRecurring: Money(monthly, currency), nonRecurring: oneOff.map { Money($0, currency) },
            sellerName: text(.currentSeller))
    }

    private mutating func makeAddress() -> SiteAddress? {
        let streetName = requiredText(.streetName)
        let city = requiredText(.city)
        let country = requiredValue(.country, SiteValueParser.countryCode)
        guard let streetName, let city, let country else { return nil }
        return SiteAddress(
            streetNr: text(.streetNr),
            streetName: streetName,
            streetType: text(.streetType),
            city: city,
            stateOrProvince: text(.stateOrProvince),
            postcode: text(.postcode),
            country: country
        )
    }

    private mutating func makeCoordinates() -> Coordinates? {
        let latitude = value(.latitude) { text throws(SiteValueError) in
            try SiteValueParser.degrees(text, limit: 90, axis: "latitude")
        }
        let longitude = value(.longitude) { text throws(SiteValueError) in
            try SiteValueParser.degrees(text, limit: 180, axis: "longitude")
        }
        requireTogether(.latitude, .longitude)
        guard let latitude, let longitude else { return nil }
        return Coordinates(latitude: latitude, longitude: longitude)
    }

    /// Reports an empty `first` or `second` when the other has a value.
    private mutating func requireTogether(_ first: SiteColumn, _ second: SiteColumn) {
        if text(first) != nil, isEmpty(second) {
            report(second, "a value is required when \(first.name) is given")
        }
        if text(second) != nil, isEmpty(first) {
            report(first, "a value is required when \(second.name) is given")
        }
    }

    private mutating func makeBandwidths() -> [Bandwidth]? {
        let symmetricText = text(.bandwidthMbps)
        let hasAsymmetric = text(.downMbps) != nil || text(.upMbps) != nil
        if symmetricText != nil, hasAsymmetric {
            report(.bandwidthMbps, "give either bandwidth_mbps, or down_mbps and up_mbps, not both")
            return nil
        }
        if let symmetricText {
            let rates = value(.bandwidthMbps, SiteValueParser.bitsPerSecondList)
            return rates.flatMap {
                distinct($0.map(Bandwidth.init(symmetric:)), in: .bandwidthMbps, text: symmetricText)
            }
        }
        if hasAsymmetric {
            requireTogether(.downMbps, .upMbps)
            let down = value(.downMbps, SiteValueParser.bitsPerSecondList)
            let up = value(.upMbps, SiteValueParser.bitsPerSecondList)
            guard let down, let up else { return nil }
            guard down.count == up.count else {
                report(
                    .upMbps,
                    "has \(count(up.count)) but down_mbps has \(count(down.count)): the lists pair element-wise"
                )
                return nil
            }
            let pairs = zip(down, up).map { Bandwidth(downstream: $0, upstream: $1) }
            return distinct(pairs, in: .downMbps, text: text(.downMbps) ?? "")
        }
        let bandwidthColumns = [SiteColumn.bandwidthMbps, .downMbps, .upMbps]
        if let column = bandwidthColumns.first(where: isEmpty) {
            report(column, "a bandwidth is required: fill bandwidth_mbps, or down_mbps and up_mbps")
        }
        return nil
    }

    /// `bandwidths`, or `nil` after reporting the first repeated one (each would become the same request item).
    private mutating func distinct(_ bandwidths: [Bandwidth], in column: SiteColumn, text: String) -> [Bandwidth]? {
        var seen: Set<Bandwidth> = []
        for bandwidth in bandwidths {
            guard seen.insert(bandwidth).inserted else {
                report(column, "\"\(text)\" lists \(bandwidth) twice")
                return nil
            }
        }
        return bandwidths
    }

    private func count(_ values: Int) -> String {
        values == 1 ? "1 value" : "\(values) values"
    }

    private mutating func makeContact() -> SiteContact? {
        let email = value(.contactEmail) { text throws(SiteValueError) in
            guard SiteValueParser.looksLikeEmailAddress(text) else {
                throw SiteValueError("\"\(text)\" does not look like an email address")
            }
            return text
        }
        let contact = SiteContact(name: text(.contactName), email: email, phone: text(.contactPhone))
        return contact == SiteContact() ? nil : contact
    }

    /// The non-empty values of the `x_` columns.
    private func extraAttributes() -> [String: String] {
        var attributes: [String: String] = [:]
        for (name, index) in header.extraColumns where !malformed.contains(index) {
            let value = record.fields[index].value
            if !value.isEmpty {
                attributes[name] = value
            }
        }
        return attributes
    }
}
