import CoventureCore
import Fluent
import Foundation
import SQLKit

/// The practice library's reads, shared by pages and the API: plain rows decoded column by column. No recorder.
package struct PracticeReader: Sendable {
    let db: any Database
    var sql: any SQLDatabase { db as! any SQLDatabase }

    package struct VersionRecord: Sendable, Equatable {
        var id: UUID
        var version: Int
        var status: PracticeStatus
        package var content: PracticeContent
        var reason: String
        var proposedBy: UUID?
        var proposerOrganizationID: UUID?
        var retrospectiveID: UUID?
        var proposedAt: Date
        var decidedAt: Date?
    }

    package struct PracticeRecord: Sendable, Equatable {
        package var id: UUID
        /// nil for the shared catalogue's practices.
        var initiativeID: UUID?
        package var catalogueKey: String?
        var copiedFromID: UUID?
        var contributedBy: UUID?
        var status: PracticeStatus
        /// The version in force; 0 while none is accepted.
        package var version: Int
        var latestVersion: Int
        var createdAt: Date
        /// Every version, oldest first.
        var versions: [VersionRecord]

        var isCatalogue: Bool { initiativeID == nil }
        var inForce: VersionRecord? { versions.first { $0.version == version } }
        /// What people see of it: the version in force, or the first one while it is in review.
        package var shown: VersionRecord { inForce ?? versions.first! }
        /// A version proposed after the one in force and not yet accepted (in review or with changes requested).
        var pending: VersionRecord? { versions.last.flatMap { $0.version > version && $0.status != .accepted ? $0 : nil } }
        /// The party that proposed the latest version (in review, or reviewed): it may revise it while in review and may
        /// never review it. nil for the catalogue's own versions and an initiative's copy of them.
        var latestProposer: UUID? { versions.last?.proposerOrganizationID }
    }

    struct ReviewRecord: Sendable, Equatable {
        var practiceID: UUID
        var version: Int
        var organizationID: UUID
        var personID: UUID
        var verdict: PracticeReviewVerdict
        var comment: String
        var at: Date
    }

    struct AdoptionRecord: Sendable, Equatable {
        var id: UUID
        var initiativeID: UUID
        var workstreamID: UUID
        var practiceID: UUID
        var version: Int
        var tailoring: String
        var reviewOn: CalendarDate
        var adoptedBy: UUID
        var adoptedAt: Date
        var endedOn: CalendarDate?

        var isActive: Bool { endedOn == nil }
        func reviewDue(today: CalendarDate) -> Bool { isActive && today > reviewOn }
    }

    struct RetrospectiveVerdictRecord: Sendable, Equatable, Codable {
        var adoptionId: UUID
        var practiceId: UUID
        var verdict: RetrospectiveVerdict
        var note: String
    }

    struct RetrospectiveRecord: Sendable, Equatable {
        var id: UUID
        var initiativeID: UUID
        var workstreamID: UUID
        var heldOn: CalendarDate
        var helped: String
        var toChange: String
        var verdicts: [RetrospectiveVerdictRecord]
        var proposedPracticeID: UUID?
        var proposedVersion: Int?
        var recordedBy: UUID
        var recordedAt: Date
    }

    // MARK: Practices

    private static let practiceColumns: SQLQueryString =
        "id, initiative_id, catalogue_key, copied_from_id, contributed_by, status, version, latest_version, created_at"

    /// The catalogue's practices, by name.
    package func catalogue() async throws -> [PracticeRecord] {
        try await practices(sql.raw("SELECT \(Self.practiceColumns) FROM practices WHERE initiative_id IS NULL").all())
    }

    /// The initiative's own practices (copies of catalogue ones and contributions), by name.
    func practices(_ initiativeID: UUID) async throws -> [PracticeRecord] {
        try await practices(sql.raw("SELECT \(Self.practiceColumns) FROM practices WHERE initiative_id = \(bind: initiativeID)").all())
    }

    func practice(_ id: UUID) async throws -> PracticeRecord {
        guard let practice = try await practices(sql.raw("SELECT \(Self.practiceColumns) FROM practices WHERE id = \(bind: id)").all()).first
        else { throw AppError.notFound }
        return practice
    }

    /// The ids a relation may point to from an initiative: the catalogue's and the initiative's own.
    func relatable(_ initiativeID: UUID) async throws -> Set<UUID> {
        Set(try await sql.raw("SELECT id FROM practices WHERE initiative_id IS NULL OR initiative_id = \(bind: initiativeID)").all()
            .map { try $0.decode(column: "id", as: UUID.self) })
    }

    /// The initiative's copy of a catalogue practice, if it has made one.
    func copy(of catalogueID: UUID, in initiativeID: UUID) async throws -> UUID? {
        try await sql.raw("SELECT id FROM practices WHERE initiative_id = \(bind: initiativeID) AND copied_from_id = \(bind: catalogueID)")
            .first()?.decode(column: "id", as: UUID.self)
    }

    private func practices(_ rows: [any SQLRow]) async throws -> [PracticeRecord] {
        let ids = try rows.map { try $0.decode(column: "id", as: UUID.self) }
        let versions = try await SQLLists.rows(db, "practice_id", in: ids) { inList in """
            SELECT id, practice_id, version, status, name, summary, framework, area, people_min, people_max, duration_minutes, difficulty,
            how_to, relations, reason, proposed_by, proposer_organization_id, retrospective_id, proposed_at, decided_at
            FROM practice_versions WHERE \(inList)
            """ }
        var byPractice: [UUID: [VersionRecord]] = [:]
        for row in versions {
            let content = PracticeContent(
                name: try row.decode(column: "name", as: String.self), summary: try row.decode(column: "summary", as: String.self),
                framework: try row.decode(column: "framework", as: String.self),
                area: try PracticeArea(stored: try row.decode(column: "area", as: String.self), column: "practice_versions.area"),
                peopleMin: try row.decode(column: "people_min", as: Int.self), peopleMax: try row.decode(column: "people_max", as: Int.self),
                durationMinutes: try row.decode(column: "duration_minutes", as: Int.self),
                difficulty: try PracticeDifficulty(stored: try row.decode(column: "difficulty", as: String.self), column: "practice_versions.difficulty"),
                howTo: try row.decode(column: "how_to", as: String.self),
                relations: try PracticeRelations.decode(try row.decode(column: "relations", as: String.self), column: "practice_versions.relations"))
            byPractice[try row.decode(column: "practice_id", as: UUID.self), default: []].append(VersionRecord(
                id: try row.decode(column: "id", as: UUID.self), version: try row.decode(column: "version", as: Int.self),
                status: try PracticeStatus(stored: try row.decode(column: "status", as: String.self), column: "practice_versions.status"),
                content: content, reason: try row.decode(column: "reason", as: String.self),
                proposedBy: try row.decode(column: "proposed_by", as: UUID?.self),
                proposerOrganizationID: try row.decode(column: "proposer_organization_id", as: UUID?.self),
                retrospectiveID: try row.decode(column: "retrospective_id", as: UUID?.self),
                proposedAt: try row.decode(column: "proposed_at", as: Date.self), decidedAt: try row.decode(column: "decided_at", as: Date?.self)))
        }
        return try rows.compactMap { row -> PracticeRecord? in
            let id = try row.decode(column: "id", as: UUID.self)
            guard let versions = byPractice[id]?.sorted(by: { $0.version < $1.version }), !versions.isEmpty else { return nil }
            return PracticeRecord(
                id: id, initiativeID: try row.decode(column: "initiative_id", as: UUID?.self),
                catalogueKey: try row.decode(column: "catalogue_key", as: String?.self),
                copiedFromID: try row.decode(column: "copied_from_id", as: UUID?.self),
                contributedBy: try row.decode(column: "contributed_by", as: UUID?.self),
                status: try PracticeStatus(stored: try row.decode(column: "status", as: String.self), column: "practices.status"),
                version: try row.decode(column: "version", as: Int.self), latestVersion: try row.decode(column: "latest_version", as: Int.self),
                createdAt: try row.decode(column: "created_at", as: Date.self), versions: versions)
        }.sorted { ($0.shown.content.name.lowercased(), $0.id.uuidString) < ($1.shown.content.name.lowercased(), $1.id.uuidString) }
    }

    func reviews(_ practiceID: UUID) async throws -> [ReviewRecord] {
        try await sql.raw("""
            SELECT practice_id, version, organization_id, person_id, verdict, comment, at FROM practice_reviews
            WHERE practice_id = \(bind: practiceID) ORDER BY at, id
            """).all().map(Self.review)
    }

    /// Every review in the initiative (for the awaiting-review list and the mesh page).
    func reviews(initiative initiativeID: UUID) async throws -> [ReviewRecord] {
        try await sql.raw("""
            SELECT r.practice_id, r.version, r.organization_id, r.person_id, r.verdict, r.comment, r.at FROM practice_reviews r
            JOIN practices p ON p.id = r.practice_id WHERE p.initiative_id = \(bind: initiativeID) ORDER BY r.at, r.id
            """).all().map(Self.review)
    }

    private static func review(_ row: any SQLRow) throws -> ReviewRecord {
        ReviewRecord(
            practiceID: try row.decode(column: "practice_id", as: UUID.self), version: try row.decode(column: "version", as: Int.self),
            organizationID: try row.decode(column: "organization_id", as: UUID.self), personID: try row.decode(column: "person_id", as: UUID.self),
            verdict: try PracticeReviewVerdict(stored: try row.decode(column: "verdict", as: String.self), column: "practice_reviews.verdict"),
            comment: try row.decode(column: "comment", as: String.self), at: try row.decode(column: "at", as: Date.self))
    }

    // MARK: Adoptions

    private static let adoptionColumns: SQLQueryString =
        "id, initiative_id, workstream_id, practice_id, version, tailoring, review_on, adopted_by, adopted_at, ended_on"

    func adoptions(initiative initiativeID: UUID) async throws -> [AdoptionRecord] {
        try await sql.raw("SELECT \(Self.adoptionColumns) FROM practice_adoptions WHERE initiative_id = \(bind: initiativeID) ORDER BY adopted_at, id")
            .all().map(Self.adoption)
    }

    func adoptions(workstream streamID: UUID) async throws -> [AdoptionRecord] {
        try await sql.raw("SELECT \(Self.adoptionColumns) FROM practice_adoptions WHERE workstream_id = \(bind: streamID) ORDER BY adopted_at, id")
            .all().map(Self.adoption)
    }

    func adoptions(practice practiceID: UUID) async throws -> [AdoptionRecord] {
        try await sql.raw("SELECT \(Self.adoptionColumns) FROM practice_adoptions WHERE practice_id = \(bind: practiceID) ORDER BY adopted_at, id")
            .all().map(Self.adoption)
    }

    func adoption(_ id: UUID) async throws -> AdoptionRecord {
        guard let row = try await sql.raw("SELECT \(Self.adoptionColumns) FROM practice_adoptions WHERE id = \(bind: id)").first()
        else { throw AppError.notFound }
        return try Self.adoption(row)
    }

    private static func adoption(_ row: any SQLRow) throws -> AdoptionRecord {
        AdoptionRecord(
            id: try row.decode(column: "id", as: UUID.self), initiativeID: try row.decode(column: "initiative_id", as: UUID.self),
            workstreamID: try row.decode(column: "workstream_id", as: UUID.self), practiceID: try row.decode(column: "practice_id", as: UUID.self),
            version: try row.decode(column: "version", as: Int.self), tailoring: try row.decode(column: "tailoring", as: String.self),
            reviewOn: try CalendarDate(parsing: try row.decode(column: "review_on", as: String.self)),
            adoptedBy: try row.decode(column: "adopted_by", as: UUID.self), adoptedAt: try row.decode(column: "adopted_at", as: Date.self),
            endedOn: CalendarDate.stored(try row.decode(column: "ended_on", as: String?.self)))
    }

    /// The workstream feature's one question about practices (its `practiceReviewDue` health flag): the earliest review
    /// date of each stream's practices in use. One statement for any number of streams.
    static func earliestReviews(of streamIDs: [UUID], on db: any Database) async throws -> [UUID: CalendarDate] {
        // Asked even for no streams: a page's statement count does not depend on what it finds.
        try await SQLLists.rows(db, "workstream_id", in: streamIDs) { inList in """
            SELECT workstream_id, MIN(review_on) AS review_on FROM practice_adoptions WHERE ended_on IS NULL AND \(inList) GROUP BY workstream_id
            """ }.reduce(into: [UUID: CalendarDate]()) { result, row in
                if let day = CalendarDate.stored(try row.decode(column: "review_on", as: String?.self)) {
                    result[try row.decode(column: "workstream_id", as: UUID.self)] = day
                }
            }
    }

    // MARK: Retrospectives

    func retrospectives(workstream streamID: UUID) async throws -> [RetrospectiveRecord] {
        try await sql.raw("""
            SELECT id, initiative_id, workstream_id, held_on, helped, to_change, verdicts, proposed_practice_id, proposed_version, recorded_by,
            recorded_at FROM practice_retrospectives WHERE workstream_id = \(bind: streamID) ORDER BY held_on DESC, recorded_at DESC, id
            """).all().map { row in
                let verdicts = try row.decode(column: "verdicts", as: String.self)
                guard let decoded = try? JSONDecoder().decode([RetrospectiveVerdictRecord].self, from: Data(verdicts.utf8)) else {
                    throw StoredValueError(column: "practice_retrospectives.verdicts", value: verdicts)
                }
                return RetrospectiveRecord(
                    id: try row.decode(column: "id", as: UUID.self), initiativeID: try row.decode(column: "initiative_id", as: UUID.self),
                    workstreamID: try row.decode(column: "workstream_id", as: UUID.self),
                    heldOn: try CalendarDate(parsing: try row.decode(column: "held_on", as: String.self)),
                    helped: try row.decode(column: "helped", as: String.self), toChange: try row.decode(column: "to_change", as: String.self),
                    verdicts: decoded, proposedPracticeID: try row.decode(column: "proposed_practice_id", as: UUID?.self),
                    proposedVersion: try row.decode(column: "proposed_version", as: Int?.self),
                    recordedBy: try row.decode(column: "recorded_by", as: UUID.self), recordedAt: try row.decode(column: "recorded_at", as: Date.self))
            }
    }

    /// The names of some people, for reviews and retrospectives.
    func people(_ ids: Set<UUID>) async throws -> [UUID: String] {
        try await PersonRow.all(db, "id", in: ids).reduce(into: [UUID: String]()) { $0[$1.id] = $1.name }
    }

    /// The initiative's streams, by name (id, name, leader, status), for the mesh and the adoption forms.
    package struct StreamRecord: Sendable, Equatable {
        package var id: UUID
        package var name: String
        package var leaderID: UUID?
        var status: WorkstreamStatus
    }

    package func streams(_ initiativeID: UUID) async throws -> [StreamRecord] {
        try await sql.raw("SELECT id, name, leader_id, status FROM workstreams WHERE initiative_id = \(bind: initiativeID) ORDER BY name, id")
            .all().map { row in
                StreamRecord(
                    id: try row.decode(column: "id", as: UUID.self), name: try row.decode(column: "name", as: String.self),
                    leaderID: try row.decode(column: "leader_id", as: UUID?.self),
                    status: try WorkstreamStatus(stored: try row.decode(column: "status", as: String.self), column: "workstreams.status"))
            }
    }

    /// Written out so that the demo target may call it: an implicit memberwise initializer is internal.
    package init(db: any Database) {
        self.db = db
    }
}

extension PracticeReader {
    /// The names people know some practices by (the version in force, or the first while in review).
    func names(_ ids: Set<UUID>) async throws -> [UUID: String] {
        try await SQLLists.rows(db, "p.id", in: Array(ids)) { inList in """
            SELECT p.id, v.name FROM practices p JOIN practice_versions v ON v.practice_id = p.id
            AND v.version = CASE WHEN p.version > 0 THEN p.version ELSE 1 END WHERE \(inList)
            """ }.reduce(into: [UUID: String]()) { $0[try $1.decode(column: "id", as: UUID.self)] = try $1.decode(column: "name", as: String.self) }
    }
}
