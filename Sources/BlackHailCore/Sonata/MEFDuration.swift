/// A MEF `Duration` (`{amount, units}`), used for installation intervals and terms in POQ, Quote and Order.
package struct MEFDuration: Sendable, Hashable, Codable, CustomStringConvertible {
    package var amount: Int
    package var units: Unit

    package init(amount: Int, units: Unit) {
        self.amount = amount
        self.units = units
    }

    /// The MEF `TimeUnit` enum, identical in POQ, Quote and Order.
    package enum Unit: String, Sendable, Hashable, Codable, CaseIterable {
        case calendarMonths, calendarDays, calendarHours, calendarMinutes
        case businessDays, businessHours, businessMinutes
    }

    /// The duration in calendar days, for comparing lead times across sellers. Business units count five working
    /// days per seven calendar days and eight working hours per business day; months are 365.25 / 12 days.
    package var calendarDays: Double {
        let amount = Double(amount)
        switch units {
        case .calendarMonths: return amount * 365.25 / 12
        case .calendarDays: return amount
        case .calendarHours: return amount / 24
        case .calendarMinutes: return amount / 1440
        case .businessDays: return amount * 7 / 5
        case .businessHours: return amount / 8 * 7 / 5
        case .businessMinutes: return amount / 480 * 7 / 5
        }
    }

    /// The duration in whole months when it is a contract term in months (or days that are a whole number of
    /// years), else nil.
    package var months: Int? {
        switch units {
        case .calendarMonths: return amount
        case .calendarDays where amount % 365 == 0: return amount / 365 * 12
        default: return nil
        }
    }

    package var description: String { "\(amount) \(units.rawValue)" }
}
