import CoventureCore
import Fluent
import Foundation
import SQLKit

/// The practice library's changes (issue #15): a party contributes a practice, revises it while it is in review, and
/// another party reviews it; an accepted refinement becomes the version in force while every older version stays
/// readable. Every change goes through the recorder with its events on the initiative's log.
package struct PracticeStore: RecordingStore {
    let db: any Database
    let recorder: Recorder
    var reader: PracticeReader { PracticeReader(db: db) }

    // MARK: Reads

    /// A practice the caller may read: the catalogue's to anyone signed in, an initiative's to its members (a missing
    /// one and another initiative's look the same: 404).
    func readable(_ id: UUID, by actor: Actor) async throws -> PracticeReader.PracticeRecord {
        let practice = try await reader.practice(id)
        if let initiativeID = practice.initiativeID {
            try await Policy.authorize(.initiative(initiativeID, .read), actor: actor, on: db)
        }
        return practice
    }

    /// What a list of practices needs beside them: names of organizations, people and related practices, and use counts.
    struct Context: Sendable {
        var organizations: [UUID: String] = [:]
        var people: [UUID: String] = [:]
        var practiceNames: [UUID: String] = [:]
        var usedBy: [UUID: Int] = [:]
        var reviews: [UUID: [PracticeReader.ReviewRecord]] = [:]
    }

    /// `adoptions`: the initiative's adoptions when the caller has read them already (the mesh shows them too).
    func context(
        for practices: [PracticeReader.PracticeRecord], initiativeID: UUID?, adoptions preloaded: [PracticeReader.AdoptionRecord]? = nil
    ) async throws -> Context {
        var context = Context()
        if let initiativeID {
            context.organizations = try await InitiativeStore.partyNames(initiativeID, on: db)
            var adoptions = preloaded ?? []
            if preloaded == nil { adoptions = try await reader.adoptions(initiative: initiativeID) }
            for adoption in adoptions where adoption.isActive { context.usedBy[adoption.practiceID, default: 0] += 1 }
            context.reviews = Dictionary(grouping: try await reader.reviews(initiative: initiativeID), by: \.practiceID)
        }
        let related = Set(practices.flatMap { $0.versions.flatMap { $0.content.relations.map(\.practiceID) } })
        context.practiceNames = try await reader.names(related)
        let people = Set(context.reviews.values.flatMap { $0.map(\.personID) })
        context.people = try await reader.people(people)
        return context
    }

    static func relations(_ relations: [PracticeRelation], names: [UUID: String]) -> [PracticeRelationDTO] {
        relations.map { PracticeRelationDTO(kind: $0.kind, practiceId: $0.practiceID, name: names[$0.practiceID]) }
    }

    static func versionDTO(
        _ version: PracticeReader.VersionRecord, of practice: PracticeReader.PracticeRecord, context: Context
    ) -> PracticeVersionDTO {
        let c = version.content
        let previous = practice.versions.last { $0.version < version.version }
        let change = previous.map {
            PracticeChange.between($0.content, c) { relation in
                "\(relation.kind.label) \(context.practiceNames[relation.practiceID] ?? "a practice")"
            }
        }
        let reviews = (context.reviews[practice.id] ?? []).filter { $0.version == version.version }.map {
            PracticeReviewDTO(
                version: $0.version, organizationId: $0.organizationID, organizationName: context.organizations[$0.organizationID] ?? "A party",
                personId: $0.personID, personName: context.people[$0.personID] ?? "Someone", verdict: $0.verdict, comment: $0.comment, at: $0.at)
        }
        return PracticeVersionDTO(
            version: version.version, status: version.status, inForce: version.version == practice.version, name: c.name, summary: c.summary,
            framework: c.framework, area: c.area, peopleMin: c.peopleMin, peopleMax: c.peopleMax, durationMinutes: c.durationMinutes,
            difficulty: c.difficulty, howTo: c.howTo, relations: relations(c.relations, names: context.practiceNames), reason: version.reason,
            proposedById: version.proposedBy,
            proposerOrganization: version.proposerOrganizationID.map {
                OrganizationRefDTO(organizationId: $0, name: context.organizations[$0] ?? "A party")
            },
            retrospectiveId: version.retrospectiveID, proposedAt: version.proposedAt, decidedAt: version.decidedAt, reviews: reviews,
            changes: change?.fields.map { FieldChangeDTO(field: $0.field, before: $0.before, after: $0.after) } ?? [],
            howToDiff: change?.howTo.map { DiffLineDTO(kind: "\($0.kind)", text: $0.text) } ?? [])
    }

    static func dto(_ practice: PracticeReader.PracticeRecord, context: Context) -> PracticeDTO {
        let c = practice.shown.content
        return PracticeDTO(
            id: practice.id, initiativeId: practice.initiativeID, catalogueKey: practice.catalogueKey, copiedFromId: practice.copiedFromID,
            contributedBy: practice.contributedBy.map { OrganizationRefDTO(organizationId: $0, name: context.organizations[$0] ?? "A party") },
            status: practice.status, version: practice.version > 0 ? practice.version : practice.shown.version, name: c.name,
            summary: c.summary, framework: c.framework, area: c.area, peopleMin: c.peopleMin, peopleMax: c.peopleMax,
            durationMinutes: c.durationMinutes, difficulty: c.difficulty, howTo: c.howTo,
            relations: relations(c.relations, names: context.practiceNames),
            pending: practice.pending.map { versionDTO($0, of: practice, context: context) }, usedBy: context.usedBy[practice.id] ?? 0,
            createdAt: practice.createdAt)
    }

    func detail(_ id: UUID) async throws -> PracticeDTO {
        let practice = try await reader.practice(id)
        return Self.dto(practice, context: try await context(for: [practice], initiativeID: practice.initiativeID))
    }

    func versions(_ practice: PracticeReader.PracticeRecord) async throws -> [PracticeVersionDTO] {
        let context = try await context(for: [practice], initiativeID: practice.initiativeID)
        return practice.versions.map { Self.versionDTO($0, of: practice, context: context) }
    }

    func library(_ initiativeID: UUID, adoptions: [PracticeReader.AdoptionRecord]? = nil) async throws -> [PracticeDTO] {
        let practices = try await reader.practices(initiativeID)
        let context = try await context(for: practices, initiativeID: initiativeID, adoptions: adoptions)
        return practices.map { Self.dto($0, context: context) }
    }

    /// The shared catalogue, filtered: `framework` (exact, any case), `area`, and `q` (words in the name, summary or
    /// framework).
    func catalogue(framework: String?, area: String?, query: String?) async throws -> [PracticeDTO] {
        let filter = try Self.catalogueFilter(framework: framework, area: area, query: query)
        let practices = try await reader.catalogue().filter { filter.matches($0.shown.content) }
        let context = try await context(for: practices, initiativeID: nil)
        return practices.map { Self.dto($0, context: context) }
    }

    /// The catalogue's filters as sent (`?framework=&area=&q=`), each checked; empty means no filter.
    static func catalogueFilter(framework: String?, area: String?, query: String?) throws -> CatalogueFilter {
        var checks = FieldChecks()
        let framework = checks.run { () throws -> String? in
            guard let framework, !framework.isEmpty else { return nil }
            return try Validate.text(framework, field: "framework", maxLength: 60)
        } ?? nil
        let area = checks.run { () throws -> PracticeArea? in
            guard let area, !area.isEmpty else { return nil }
            guard let value = PracticeArea(rawValue: area) else {
                throw ValidationError(field: "area", "must be discover, decide, deliver, measure or foundation")
            }
            return value
        } ?? nil
        let query = checks.run { () throws -> String? in
            guard let query, !query.isEmpty else { return nil }
            return try Validate.text(query, field: "q", maxLength: 100)
        } ?? nil
        try checks.finish()
        return CatalogueFilter(framework: framework, area: area, query: query)
    }

    // MARK: Contributing and revising

    func known(_ initiativeID: UUID) async throws -> Set<UUID> { try await reader.relatable(initiativeID) }

    package static func fields(_ c: PracticeContent, version: Int) -> [String: JSONValue] {
        [
            "name": .string(c.name), "summary": .string(c.summary), "framework": .string(c.framework), "area": .string(c.area.rawValue),
            "peopleMin": .int(Int64(c.peopleMin)), "peopleMax": .int(Int64(c.peopleMax)), "durationMinutes": .int(Int64(c.durationMinutes)),
            "difficulty": .string(c.difficulty.rawValue), "howTo": .string(c.howTo),
            "relations": .array(c.relations.map { .object(["kind": .string($0.kind.rawValue), "practiceId": .id($0.practiceID)]) }),
            "version": .int(Int64(version)),
        ]
    }

    /// A party's own practice, added to the initiative's library in review: another party accepts it before any stream
    /// may adopt it.
    package func contribute(_ initiativeID: UUID, _ request: PracticeRequest, by actor: Actor) async throws -> PracticeDTO {
        guard let personID = actor.personID, let organizationID = actor.organizationID else {
            throw AppError.forbidden("a practice needs a person to contribute it")
        }
        let permission = Permission.initiative(initiativeID, .contributePractice)
        try await Policy.authorize(permission, actor: actor, on: db)
        let known = try await known(initiativeID)
        let now = recorder.now()
        let id = UUID()
        try await recorder.record(
            permission, by: actor,
            validate: { try PracticeContent.validated(try request.input(), base: nil, known: known, selfID: id) },
            apply: { db, content in
                try await PracticeRow(
                    id: id, initiativeID: initiativeID, catalogueKey: nil, copiedFromID: nil, contributedBy: organizationID,
                    status: PracticeStatus.inReview.rawValue, version: 0, latestVersion: 1, createdBy: personID, createdAt: now
                ).insert(db)
                try await PracticeVersionRow(
                    practiceID: id, version: 1, status: .inReview, content: content, reason: "", proposedBy: personID,
                    proposerOrganizationID: organizationID, at: now
                ).insert(db)
                var change = Self.fields(content, version: 1)
                change["organizationId"] = .id(organizationID)
                return Recorded((), EventDraft(log: initiativeID, action: .practiceContributed, objectID: id, change: change))
            })
        return try await detail(id)
    }

    /// Revises the version in review (a contribution, or a proposed refinement), by its proposing party: only what is
    /// sent changes, and it is in review again.
    func revise(_ practiceID: UUID, _ request: PracticeRequest, by actor: Actor) async throws -> PracticeDTO {
        let practice = try await readable(practiceID, by: actor)
        guard let initiativeID = practice.initiativeID else { throw AppError.forbidden("the catalogue is changed by new editions only") }
        let permission = Permission.initiative(initiativeID, .revisePractice(proposerOrganizationID: practice.latestProposer))
        try await Policy.authorize(permission, actor: actor, on: db)
        guard let pending = practice.pending else {
            throw AppError.conflict(field: "version", message: "in review: there is none, so propose a change from a retrospective")
        }
        let known = try await known(initiativeID)
        let now = recorder.now()
        try await recorder.record(
            permission, by: actor,
            validate: { try PracticeContent.validated(try request.input(), base: pending.content, known: known, selfID: practiceID) },
            apply: { db, content in
                guard let model = try await PracticeRow.find(practiceID, db),
                      let row = try await PracticeVersionRow.first(db, where: "practice_id = \(bind: practiceID) AND version = \(bind: pending.version)"),
                      model.latestVersion == pending.version, row.status != PracticeStatus.accepted.rawValue
                else { throw AppError.conflict(field: "version", message: "in review was reviewed meanwhile") }
                var revised = row
                try revised.set(content)
                revised.status = PracticeStatus.inReview.rawValue
                revised.proposedAt = now
                try await revised.update(db, changedFrom: row)
                if model.version == 0 {
                    var inReview = model
                    inReview.status = PracticeStatus.inReview.rawValue
                    try await inReview.update(db, changedFrom: model)
                }
                return Recorded((), EventDraft(
                    log: initiativeID, action: .practiceRevised, objectID: practiceID, change: Self.fields(content, version: pending.version)))
            })
        return try await detail(practiceID)
    }

    // MARK: Reviewing

    /// Accepts the version in review, or asks for changes with a comment: an admin or leader of another party than
    /// the proposer's. An accepted version is the one in force; the streams on older versions hear of it and move when
    /// they choose.
    package func review(_ practiceID: UUID, _ request: PracticeReviewRequest, by actor: Actor) async throws -> PracticeDTO {
        guard let personID = actor.personID, let organizationID = actor.organizationID else {
            throw AppError.forbidden("a review needs a person to give it")
        }
        let practice = try await readable(practiceID, by: actor)
        guard let initiativeID = practice.initiativeID else { throw AppError.forbidden("the catalogue is not reviewed in an initiative") }
        let permission = Permission.initiative(initiativeID, .reviewPractice(proposerOrganizationID: practice.latestProposer))
        try await Policy.authorize(permission, actor: actor, on: db)
        guard let pending = practice.pending else { throw AppError.conflict(field: "version", message: "awaiting a review: there is none") }
        let streams = try await reader.streams(initiativeID)
        let adoptions = try await reader.adoptions(practice: practiceID)
        let now = recorder.now()
        let name = pending.content.name
        let link = SiteURL.practice(.value(initiativeID), practice: .value(practiceID)).path
        try await recorder.record(
            permission, by: actor,
            validate: { () -> (PracticeReviewVerdict, String) in
                var checks = FieldChecks()
                let verdict = checks.run { () throws -> PracticeReviewVerdict in
                    guard let raw = request.verdict, let verdict = PracticeReviewVerdict(rawValue: raw) else {
                        throw ValidationError(field: "verdict", "must be accept or requestChanges")
                    }
                    return verdict
                }
                let comment = checks.run { try Validate.longText(request.comment, field: "comment", maxLength: 4000) }
                try checks.finish()
                guard let verdict, let comment else { throw ValidationError(field: "verdict", "must be accept or requestChanges") }
                if verdict == .requestChanges && comment.isEmpty {
                    throw ValidationError(field: "comment", "is required to ask for changes: say what should change")
                }
                if pending.status == .changesRequested {
                    throw AppError.conflict(
                        field: "version", message: "\(pending.version) has changes asked for: it is in review again once its party revises it")
                }
                return (verdict, comment)
            },
            apply: { db, input in
                let (verdict, comment) = input
                guard let model = try await PracticeRow.find(practiceID, db),
                      let row = try await PracticeVersionRow.first(db, where: "practice_id = \(bind: practiceID) AND version = \(bind: pending.version)"),
                      model.latestVersion == pending.version, row.status == PracticeStatus.inReview.rawValue
                else { throw AppError.conflict(field: "version", message: "\(pending.version) was reviewed or revised meanwhile") }
                try await PracticeReviewRow(
                    id: UUID(), practiceID: practiceID, version: pending.version, organizationID: organizationID, personID: personID,
                    verdict: verdict.rawValue, comment: comment, at: now
                ).insert(db)
                var reviewed = row
                reviewed.status = verdict.status.rawValue
                if verdict == .accept { reviewed.decidedAt = now }
                try await reviewed.update(db, changedFrom: row)
                var practice = model
                if verdict == .accept {
                    practice.version = pending.version
                    practice.status = PracticeStatus.accepted.rawValue
                } else if model.version == 0 {
                    practice.status = PracticeStatus.changesRequested.rawValue
                }
                try await practice.update(db, changedFrom: model)
                var drafts: [NotificationDraft] = []
                if let proposedBy = pending.proposedBy, proposedBy != personID {
                    drafts.append(NotificationDraft(
                        personID: proposedBy, initiativeID: initiativeID, kind: .practiceReviewed, subjectID: practiceID,
                        message: verdict == .accept
                            ? "Version \(pending.version) of the practice “\(name)” was accepted."
                            : "Changes were asked for on version \(pending.version) of the practice “\(name)”: \(comment)",
                        link: link))
                }
                if verdict == .accept, pending.version > 1 {
                    // The leaders of streams on an older version: they choose when to move.
                    let behind = Set(adoptions.filter { $0.isActive && $0.version < pending.version }.map(\.workstreamID))
                    for stream in streams where behind.contains(stream.id) {
                        guard let leader = stream.leaderID else { continue }
                        drafts.append(NotificationDraft(
                            personID: leader, initiativeID: initiativeID, kind: .practiceVersionAccepted, subjectID: practiceID,
                            message: "Version \(pending.version) of “\(name)” was accepted; \(stream.name) uses an older one and may move when it chooses.",
                            link: SiteURL.workstream(.value(initiativeID), stream: .value(stream.id)).path,
                            dedupeKey: "practice-version:\(practiceID.uuidString.lowercased()):\(pending.version):\(stream.id.uuidString.lowercased())"))
                    }
                }
                try await Notifications.send(drafts, on: db, at: now)
                var change: [String: JSONValue] = [
                    "name": .string(name), "version": .int(Int64(pending.version)), "verdict": .string(verdict.rawValue),
                    "organizationId": .id(organizationID),
                ]
                if !comment.isEmpty { change["comment"] = .string(comment) }
                return Recorded((), EventDraft(log: initiativeID, action: .practiceReviewed, objectID: practiceID, change: change))
            })
        return try await detail(practiceID)
    }

    /// Written out so that the demo target may call it: an implicit memberwise initializer is internal.
    package init(db: any Database, recorder: Recorder) {
        self.db = db
        self.recorder = recorder
    }
}
