import Foundation

/// A stored value that does not decode: a row written by a newer version, or altered by hand. Reading it as some
/// default ("an unknown role is an observer") would compute the wrong thing without a trace, so the read fails
/// instead, naming the column and the value (issue #11: stored enums decode or fail loudly). It is a server error
/// (500), logged with this description; nothing a caller sent can cause it.
struct StoredValueError: Error, Equatable, CustomStringConvertible {
    var column: String
    var value: String
    var description: String { "the stored \(column) '\(value)' is not one this version knows" }
}

extension RawRepresentable where RawValue == String {
    /// Decodes a string read from the database, or throws `StoredValueError`: never a silent default.
    init(stored raw: String, column: String) throws {
        guard let value = Self(rawValue: raw) else { throw StoredValueError(column: column, value: raw) }
        self = value
    }
}
