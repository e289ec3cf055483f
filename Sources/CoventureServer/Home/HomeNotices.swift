import CoventureCore
import Fluent
import Foundation
import SQLKit

/// Notices for one person: something another person did in their name. Today one kind, a check-in on a key result
/// they own (issue #12, bug 4). Personal reading state, not a change to the initiative: no ledger event.
struct HomeNotices {
    let db: any Database
    let recorder: Recorder

    static let checkedInOnBehalfKind = "checkedInOnBehalf"

    /// One notice as the home page says it.
    struct Notice: Sendable, Equatable {
        var id: UUID
        var initiativeID: UUID?
        var keyResultID: UUID
        var keyResultTitle: String
        var unit: String
        var actorName: String
        var value: String
        var at: Date
    }

    /// Written by the check-in inside its own transaction, so the notice exists exactly when the check-in does.
    static func checkedInOnBehalf(
        owner: UUID, by actorID: UUID, keyResultID: UUID, initiativeID: UUID?, checkInID: UUID, value: String, at: Date,
        on db: any Database
    ) async throws {
        let sql = db as! any SQLDatabase
        try await sql.raw("""
            INSERT INTO home_notices (id, person_id, kind, initiative_id, key_result_id, check_in_id, actor_id, value, created_at)
            VALUES (\(bind: UUID()), \(bind: owner), \(bind: checkedInOnBehalfKind), \(bind: initiativeID), \(bind: keyResultID), \
            \(bind: checkInID), \(bind: actorID), \(bind: value), \(bind: at))
            """).run()
    }

    /// The person's notices, newest first.
    static func notices(for personID: UUID, on db: any Database) async throws -> [Notice] {
        let sql = db as! any SQLDatabase
        return try await sql.raw("""
            SELECT n.id, n.initiative_id, n.key_result_id, k.title, k.unit, p.name AS actor_name, n.value, n.created_at
            FROM home_notices n JOIN key_results k ON k.id = n.key_result_id JOIN people p ON p.id = n.actor_id
            WHERE n.person_id = \(bind: personID) ORDER BY n.created_at DESC, n.id
            """).all().map { row in
                Notice(
                    id: try row.decode(column: "id", as: UUID.self), initiativeID: try row.decode(column: "initiative_id", as: UUID?.self),
                    keyResultID: try row.decode(column: "key_result_id", as: UUID.self), keyResultTitle: try row.decode(column: "title", as: String.self),
                    unit: try row.decode(column: "unit", as: String.self), actorName: try row.decode(column: "actor_name", as: String.self),
                    value: try row.decode(column: "value", as: String.self), at: try row.decode(column: "created_at", as: Date.self))
            }
    }

    /// Dismisses one of the person's notices; false when they have no such notice (someone else's looks missing).
    func dismiss(_ noticeID: UUID, of personID: UUID) async throws -> Bool {
        try await recorder.bookkeeping { db in
            let sql = db as! any SQLDatabase
            guard try await sql.raw("""
                SELECT id FROM home_notices WHERE id = \(bind: noticeID) AND person_id = \(bind: personID)
                """).first() != nil
            else { return false }
            try await sql.raw("DELETE FROM home_notices WHERE id = \(bind: noticeID)").run()
            return true
        }
    }

    /// The owner opened the key result: what was done in their name is now seen. One read when there is nothing to
    /// clear (the usual case), so the key result's page pays no write for it.
    func clear(keyResultID: UUID, for personID: UUID) async throws {
        let sql = db as! any SQLDatabase
        guard try await sql.raw("""
            SELECT id FROM home_notices WHERE person_id = \(bind: personID) AND key_result_id = \(bind: keyResultID)
            """).first() != nil
        else { return }
        try await recorder.bookkeeping { db in
            let sql = db as! any SQLDatabase
            try await sql.raw("""
                DELETE FROM home_notices WHERE person_id = \(bind: personID) AND key_result_id = \(bind: keyResultID)
                """).run()
        }
    }
}

/// How far each person has read each initiative's log: the "since your last visit" digest starts after it.
///
/// It moves when the person opens the initiative's activity page (its first page shows the newest changes) and when
/// they mark an initiative's digest as read on the home page. It never moves backwards. Opening the overview does
/// not move it: the overview shows the latest changes of every party mixed, and is read from a cache.
struct ReadingPositions {
    let db: any Database
    let recorder: Recorder

    /// The person's positions, by initiative (an initiative they never read has none).
    static func positions(of personID: UUID, on db: any Database) async throws -> [UUID: Int] {
        let sql = db as! any SQLDatabase
        return try await sql.raw("SELECT initiative_id, seq FROM home_reading_positions WHERE person_id = \(bind: personID)").all()
            .reduce(into: [UUID: Int]()) { result, row in
                result[try row.decode(column: "initiative_id", as: UUID.self)] = try row.decode(column: "seq", as: Int.self)
            }
    }

    /// Moves the person's position in the initiative forward to `sequence` (never back). An upsert both databases
    /// understand; behind the write gate on SQLite like every write, so it is read first: a page opened again with
    /// nothing new to read writes nothing.
    func advance(_ personID: UUID, in initiativeID: UUID, to sequence: Int, at now: Date = Date()) async throws {
        let sql = db as! any SQLDatabase
        if let current = try await sql.raw("""
            SELECT seq FROM home_reading_positions WHERE person_id = \(bind: personID) AND initiative_id = \(bind: initiativeID)
            """).first()?.decode(column: "seq", as: Int.self), current >= sequence {
            return
        }
        try await recorder.bookkeeping { db in
            let sql = db as! any SQLDatabase
            try await sql.raw("""
                INSERT INTO home_reading_positions (person_id, initiative_id, seq, read_at)
                VALUES (\(bind: personID), \(bind: initiativeID), \(bind: sequence), \(bind: now))
                ON CONFLICT (person_id, initiative_id) DO UPDATE SET seq = excluded.seq, read_at = excluded.read_at
                WHERE home_reading_positions.seq < excluded.seq
                """).run()
        }
    }

    /// The newest sequence number of the initiative's log (0 when empty).
    func head(of initiativeID: UUID) async throws -> Int {
        let sql = db as! any SQLDatabase
        return try await sql.raw("SELECT MAX(seq) AS head FROM ledger_events WHERE log_id = \(bind: initiativeID)").first()?
            .decode(column: "head", as: Int?.self) ?? 0
    }
}

extension HomeNotices: RecordingStore {}
extension ReadingPositions: RecordingStore {}
