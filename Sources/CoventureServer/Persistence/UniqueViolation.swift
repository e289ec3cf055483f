import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation

/// A unique constraint the database refused: on either database, the loser of a race between two changes that both
/// checked "not there yet" before either committed (two acceptances of one invitation, two sign-ups with one email).
/// The recorder turns it into a 409 conflict in one place, so a race is never a 500 (issue #11, finding 12).
enum UniqueViolation {
    static let message = "already exists: a change made at the same moment got there first; reload and try again"

    /// The conflict `error` stands for, or nil when it is not a unique-constraint violation. The field is the
    /// constraint's last column, in the API's spelling (`person_id` → `personId`); `request` when unknown.
    static func conflict(from error: any Error) -> AppError? {
        guard let columns = columns(of: error) else { return nil }
        return .conflict(field: columns.last.map(field(column:)) ?? "request", message: message)
    }

    /// The columns of the violated unique constraint (possibly none known), or nil for any other error.
    static func columns(of error: any Error) -> [String]? {
        if let error = error as? SQLiteError {
            // Extended result codes are on: "UNIQUE constraint failed: members.initiative_id, members.person_id".
            guard error.reason == .constraintUniqueFailed || error.reason == .constraintPrimaryKeyFailed else { return nil }
            guard let list = error.message.split(separator: ":", maxSplits: 1).last, error.message.contains(":") else { return [] }
            return list.split(separator: ",").map { $0.split(separator: ".").last.map(String.init) ?? "" }
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        if let error = error as? PSQLError {
            // SQLSTATE 23505, unique_violation; the detail reads "Key (initiative_id, organization_id)=(…) already exists."
            guard error.code == .server, error.serverInfo?[.sqlState] == "23505" else { return nil }
            guard let detail = error.serverInfo?[.detail], detail.hasPrefix("Key ("),
                let close = detail.firstIndex(of: ")")
            else { return [] }
            let list = detail[detail.index(detail.startIndex, offsetBy: 5)..<close]
            return list.split(separator: ",").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " \"")) }.filter { !$0.isEmpty }
        }
        return nil
    }

    /// `organization_id` → `organizationId`, as the API names fields.
    static func field(column: String) -> String {
        let parts = column.split(separator: "_")
        guard let first = parts.first else { return column }
        return String(first) + parts.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }
}
