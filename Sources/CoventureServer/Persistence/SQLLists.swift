import CoventureCore
import Fluent
import Foundation
import SQLKit

/// The one place where lists of values meet SQL (issue #11): every `IN (…)` list and every multi-row `INSERT` goes
/// through here, split by `StatementLimits` so that no statement binds more values than SQLite (32,766) or
/// PostgreSQL (65,535) accept, however large the data grows.
///
/// A list of up to `StatementLimits.idsPerList` ids is one statement, exactly as before; only longer lists cost
/// more statements. An empty list is still one call (its `IN` matches nothing), so a read issues the same
/// statements whatever it finds (the query-count tests rely on that).
package enum SQLLists {
    /// Whether `count` ids take more than one statement: the results of several statements are only ordered
    /// within each, so a caller that promised one order sorts them again.
    static func isSplit(_ count: Int) -> Bool { count > StatementLimits.idsPerList }

    /// Runs `load` once per chunk of `ids` and concatenates the results in chunk order (`TableRow.all(_:_:in:)` is
    /// built on it).
    static func chunked<ID, T>(_ ids: some Collection<ID>, _ load: ([ID]) async throws -> [T]) async throws -> [T] {
        guard !ids.isEmpty else { return try await load([]) }
        var result: [T] = []
        for chunk in StatementLimits.chunks(ids, size: StatementLimits.idsPerList) {
            result += try await load(chunk)
        }
        return result
    }

    /// `column IN (…)` for one chunk (an empty chunk matches nothing). Only for the closures of `chunked` and
    /// `rows`: a longer list would be refused by the database.
    static func isIn(_ column: String, _ chunk: [UUID]) -> SQLQueryString {
        precondition(chunk.count <= StatementLimits.idsPerList, "split long lists with SQLLists.chunked")
        guard !chunk.isEmpty else { return "1 = 0" }
        return "\(unsafeRaw: column) IN (\(binds: chunk))"
    }

    /// `column IN (…) AND (condition)` for one chunk: the WHERE clause of a record loader's statement.
    static func condition(_ column: String, _ chunk: [UUID], and condition: SQLQueryString?) -> SQLQueryString {
        guard let condition else { return isIn(column, chunk) }
        return "\(isIn(column, chunk)) AND (\(condition))"
    }

    /// The rows of a raw statement over a list of ids: `statement` is given `column IN (…)` for one chunk and
    /// returns the whole statement, e.g. `{ "SELECT id, name FROM people WHERE \($0)" }`.
    static func rows(
        _ db: any Database, _ column: String, in ids: some Collection<UUID>, _ statement: (SQLQueryString) -> SQLQueryString
    ) async throws -> [any SQLRow] {
        let sql = db as! any SQLDatabase
        return try await chunked(ids) { chunk in try await sql.raw(statement(isIn(column, chunk))).all() }
    }

    /// A multi-row `INSERT INTO table (columns) VALUES …` of `rows`, each a parenthesized tuple binding at most one
    /// value per column, in as few statements as `StatementLimits.bindsPerInsert` allows. Nothing for no rows.
    ///
    /// `skippingConflicts` adds `ON CONFLICT DO NOTHING` (both databases): a row that would break a unique constraint
    /// is left out instead of failing the statement, which on PostgreSQL would abort the caller's whole transaction.
    package static func insert(
        _ db: any SQLDatabase, into table: String, columns: String, rows: [SQLQueryString], skippingConflicts: Bool = false
    ) async throws {
        let list = columns.trimmingCharacters(in: CharacterSet(charactersIn: "() "))
        let width = list.split(separator: ",").count
        let conflicts = skippingConflicts ? " ON CONFLICT DO NOTHING" : ""
        for chunk in StatementLimits.chunks(rows, size: StatementLimits.rowsPerInsert(bindsPerRow: width)) {
            try await db.raw(
                "INSERT INTO \(unsafeRaw: table) (\(unsafeRaw: list)) VALUES \(chunk.joined(separator: ", "))\(unsafeRaw: conflicts)"
            ).run()
        }
    }
}
