import Foundation

/// An amount of money in a currency's minor units (cents for EUR), never a float (issue #14). JSON:
/// `{"amount": 1250000, "currency": "EUR"}`.
public struct Money: Codable, Equatable, Hashable, Sendable {
    public var amount: Int64
    public var currency: String

    public init(amount: Int64, currency: String) {
        self.amount = amount
        self.currency = currency
    }

    /// The largest amount accepted: 10^15 minor units. Beyond 2^53 a JSON number loses digits in many clients, and no
    /// partnership asks for ten trillion euros.
    public static let maximumAmount: Int64 = 1_000_000_000_000_000

    /// The currency checked (ISO 4217, upper case) and the amount within 0…`maximumAmount` (positive when `positive`).
    public static func validated(_ money: Money?, field: String, positive: Bool = true) throws -> Money {
        guard let money else { throw ValidationError(field: field, "is required: an amount in minor units and an ISO 4217 currency") }
        let currency = try Currency.validated(money.currency, field: "\(field).currency")
        guard money.amount >= (positive ? 1 : 0) else {
            throw ValidationError(field: "\(field).amount", positive ? "must be more than zero" : "must not be negative")
        }
        guard money.amount <= maximumAmount else {
            throw ValidationError(field: "\(field).amount", "must be at most \(maximumAmount) minor units")
        }
        return Money(amount: money.amount, currency: currency)
    }

    /// "EUR 12,500.00": the amount in major units with the currency's own number of decimals, digits grouped by
    /// thousands (a fixed, locale-free form both parties read the same way).
    public var formatted: String {
        let digits = Currency.minorDigits(currency)
        let negative = amount < 0
        let magnitude = amount.magnitude
        let divisor = UInt64(pow(10, Double(digits)))
        let whole = magnitude / divisor
        let fraction = magnitude % divisor
        var grouped = ""
        for (index, character) in String(whole).reversed().enumerated() {
            if index > 0 && index % 3 == 0 { grouped.append(",") }
            grouped.append(character)
        }
        var text = String(grouped.reversed())
        if digits > 0 {
            let padded = String(fraction)
            text += "." + String(repeating: "0", count: digits - padded.count) + padded
        }
        return "\(currency) \(negative ? "−" : "")\(text)"
    }
}

/// ISO 4217 currencies: which codes exist, and how many minor digits each has.
public enum Currency {
    /// The common codes Foundation knows; a code outside it is refused rather than stored as a typo.
    private static let known: Set<String> = Set(Locale.commonISOCurrencyCodes)

    public static func validated(_ code: String?, field: String) throws -> String {
        let code = (code ?? "").trimmingCharacters(in: .whitespaces).uppercased()
        guard code.count == 3, code.unicodeScalars.allSatisfy({ ("A"..."Z").contains($0) }) else {
            throw ValidationError(field: field, "must be an ISO 4217 code like EUR")
        }
        guard known.isEmpty || known.contains(code) else { throw ValidationError(field: field, "is not an ISO 4217 currency code") }
        return code
    }

    /// Minor-unit digits (ISO 4217's exponent): most currencies have 2.
    public static func minorDigits(_ code: String) -> Int {
        switch code {
        case "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND", "VUV", "XAF", "XOF", "XPF": 0
        case "BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND": 3
        default: 2
        }
    }
}

extension Money {
    /// What a person types in major units ("12500", "12 500" refused, "12500.50") as minor units of `currency`: nil
    /// when left empty. More decimals than the currency has is refused rather than rounded (a cent never vanishes).
    public static func minorUnits(typed text: String?, currency: String, field: String) throws -> Int64? {
        guard let value = try DecimalInput.parse(text, field: field, from: .person) else { return nil }
        let digits = Currency.minorDigits(currency)
        var scaled = value
        for _ in 0..<digits { scaled *= 10 }
        var rounded = Decimal()
        NSDecimalRound(&rounded, &scaled, 0, .plain)
        guard rounded == scaled else {
            throw ValidationError(field: field, digits == 0 ? "must be a whole amount in \(currency)" : "may have at most \(digits) decimals in \(currency)")
        }
        guard rounded <= Decimal(maximumAmount), rounded >= Decimal(-maximumAmount) else {
            throw ValidationError(field: field, "is too large")
        }
        return NSDecimalNumber(decimal: rounded).int64Value
    }

    /// The amount in major units as a form shows it again: "12500.50", without grouping.
    public var typed: String {
        let digits = Currency.minorDigits(currency)
        guard digits > 0 else { return String(amount) }
        let divisor = Int64(pow(10, Double(digits)))
        let fraction = String(amount.magnitude % UInt64(divisor))
        return "\(amount < 0 ? "-" : "")\(amount.magnitude / UInt64(divisor)).\(String(repeating: "0", count: digits - fraction.count))\(fraction)"
    }
}
