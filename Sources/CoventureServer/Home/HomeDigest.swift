import CoventureCore
import Fluent
import Foundation
import SQLKit

/// "Since your last visit": per initiative, the changes other parties made after the person's reading position
/// (`ReadingPositions`), newest first, at most `ReadingDigest.cap`, told by the activity feed's sentences.
///
/// The same statements however many initiatives the person is in (issue #6): the logs' heads, and the latest changes of
/// every initiative with their counts, are each one statement (window functions pick each log's latest and count it).
enum HomeDigest {
    static func load(for viewer: NeedsYouViewer, on db: any Database) async throws -> [HomePage.Digest] {
        let ids = viewer.initiativeIDs
        let positions = try await ReadingPositions.positions(of: viewer.personID, on: db)
        // After the position, or on a first visit (no position) within the past week; by someone of another party.
        let news: SQLQueryString = """
            e.actor_organization_id IS NOT NULL AND e.actor_organization_id <> \(bind: viewer.organizationID) AND (
            (r.seq IS NOT NULL AND e.seq > r.seq)
            OR (r.seq IS NULL AND e.recorded_at >= \(bind: viewer.now.addingTimeInterval(-ReadingDigest.firstVisitWindow))))
            """
        let reading: SQLQueryString = """
            LEFT JOIN home_reading_positions r ON r.initiative_id = e.log_id AND r.person_id = \(bind: viewer.personID)
            """
        let heads = try await SQLLists.rows(db, "log_id", in: ids) { "SELECT log_id, size FROM ledger_heads WHERE \($0)" }
            .reduce(into: [UUID: Int]()) { $0[try $1.decode(column: "log_id", as: UUID.self)] = try $1.decode(column: "size", as: Int.self) }
        // The latest few of each log and how many there are, in one pass over the news: a log's news can be most of its
        // events (a first visit counts a week), so reading them twice, once to count, cost a third of the page.
        let rows = try await SQLLists.rows(db, "e.log_id", in: ids) { inList in """
            SELECT log_id, seq, actor_id, actor_organization_id, action, object_type, object_id, canonical, sha256, recorded_at, total FROM (
                SELECT e.*, ROW_NUMBER() OVER (PARTITION BY e.log_id ORDER BY e.seq DESC) AS newest,
                    COUNT(*) OVER (PARTITION BY e.log_id) AS total
                FROM ledger_events e \(reading) WHERE \(inList) AND \(news)) latest
            WHERE newest <= \(unsafeRaw: String(ReadingDigest.cap)) ORDER BY log_id, seq DESC
            """ }
        let totals = try rows.reduce(into: [UUID: Int]()) {
            $0[try $1.decode(column: "log_id", as: UUID.self)] = try $1.decode(column: "total", as: Int.self)
        }
        let latest = try rows.map(event(_:))
        let items = try await ActivityFeed.items(latest.map(\.event), on: db)
        let parties = try await OrganizationRow.all(db, "id", in: Set(latest.compactMap(\.event.actorOrganizationId)))
            .reduce(into: [UUID: String]()) { $0[$1.id] = $1.name }

        return viewer.initiatives.compactMap { initiative in
            guard let total = totals[initiative.id], total > 0 else { return nil }
            let shown = zip(latest, items).filter { $0.0.log == initiative.id }.map { entry, item in
                HomePage.DigestItem(
                    actor: item.actor, party: entry.event.actorOrganizationId.flatMap { parties[$0] } ?? "", sentence: item.sentence, at: item.at,
                    described: item.described, ledgerIndex: item.ledgerIndex)
            }
            return HomePage.Digest(
                initiativeID: initiative.id, initiativeName: initiative.name, items: shown, total: total,
                through: heads[initiative.id] ?? 0, firstVisit: positions[initiative.id] == nil)
        }
    }

    /// An event row as the activity feed reads it (the change is inside the canonical leaf, as `LedgerEventRow.dto`
    /// reads it).
    private static func event(_ row: any SQLRow) throws -> (log: UUID, event: EventDTO) {
        let canonical = try row.decode(column: "canonical", as: String.self)
        let change = (try? JSONDecoder().decode([String: JSONValue].self, from: Data(canonical.utf8)))?["change"] ?? .null
        return (
            try row.decode(column: "log_id", as: UUID.self),
            EventDTO(
                sequence: try row.decode(column: "seq", as: Int.self), actorId: try row.decode(column: "actor_id", as: UUID?.self),
                actorOrganizationId: try row.decode(column: "actor_organization_id", as: UUID?.self),
                action: try row.decode(column: "action", as: String.self), objectType: try row.decode(column: "object_type", as: String.self),
                objectId: try row.decode(column: "object_id", as: UUID.self), change: change,
                recordedAt: try row.decode(column: "recorded_at", as: Date.self), sha256: try row.decode(column: "sha256", as: String.self)))
    }
}
