import CoventureCore
import Fluent
import Foundation

// Fluent models are `@unchecked Sendable`: their property wrappers defeat Sendable checking.
// They are written by the practice stores and the catalogue loader only; reads go through `PracticeReader` (plain rows).

final class PracticeModel: Model, @unchecked Sendable {
    static let schema = "practices"
    @ID(key: .id) var id: UUID?
    @OptionalField(key: "initiative_id") var initiativeID: UUID?
    @OptionalField(key: "catalogue_key") var catalogueKey: String?
    @OptionalField(key: "copied_from_id") var copiedFromID: UUID?
    @OptionalField(key: "contributed_by") var contributedBy: UUID?
    @Field(key: "status") var status: String
    @Field(key: "version") var version: Int
    @Field(key: "latest_version") var latestVersion: Int
    @OptionalField(key: "created_by") var createdBy: UUID?
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

final class PracticeVersionModel: Model, @unchecked Sendable {
    static let schema = "practice_versions"
    @ID(key: .id) var id: UUID?
    @Field(key: "practice_id") var practiceID: UUID
    @Field(key: "version") var version: Int
    @Field(key: "status") var status: String
    @Field(key: "name") var name: String
    @Field(key: "summary") var summary: String
    @Field(key: "framework") var framework: String
    @Field(key: "area") var area: String
    @Field(key: "people_min") var peopleMin: Int
    @Field(key: "people_max") var peopleMax: Int
    @Field(key: "duration_minutes") var durationMinutes: Int
    @Field(key: "difficulty") var difficulty: String
    @Field(key: "how_to") var howTo: String
    @Field(key: "relations") var relations: String
    @Field(key: "reason") var reason: String
    @OptionalField(key: "proposed_by") var proposedBy: UUID?
    @OptionalField(key: "proposer_organization_id") var proposerOrganizationID: UUID?
    @OptionalField(key: "retrospective_id") var retrospectiveID: UUID?
    @Field(key: "proposed_at") var proposedAt: Date
    @OptionalField(key: "decided_at") var decidedAt: Date?

    init() {}

    init(practiceID: UUID, version: Int, status: PracticeStatus, content: PracticeContent, reason: String, proposedBy: UUID?,
         proposerOrganizationID: UUID?, retrospectiveID: UUID? = nil, at now: Date) throws {
        self.id = UUID()
        self.practiceID = practiceID
        self.version = version
        self.status = status.rawValue
        self.reason = reason
        self.proposedBy = proposedBy
        self.proposerOrganizationID = proposerOrganizationID
        self.retrospectiveID = retrospectiveID
        self.proposedAt = now
        self.decidedAt = status == .accepted ? now : nil
        try set(content)
    }

    func set(_ content: PracticeContent) throws {
        name = content.name
        summary = content.summary
        framework = content.framework
        area = content.area.rawValue
        peopleMin = content.peopleMin
        peopleMax = content.peopleMax
        durationMinutes = content.durationMinutes
        difficulty = content.difficulty.rawValue
        howTo = content.howTo
        relations = try PracticeRelations.encode(content.relations)
    }
}

final class PracticeReviewModel: Model, @unchecked Sendable {
    static let schema = "practice_reviews"
    @ID(key: .id) var id: UUID?
    @Field(key: "practice_id") var practiceID: UUID
    @Field(key: "version") var version: Int
    @Field(key: "organization_id") var organizationID: UUID
    @Field(key: "person_id") var personID: UUID
    @Field(key: "verdict") var verdict: String
    @Field(key: "comment") var comment: String
    @Field(key: "at") var at: Date

    init() {}
}

final class PracticeAdoptionModel: Model, @unchecked Sendable {
    static let schema = "practice_adoptions"
    @ID(key: .id) var id: UUID?
    @Field(key: "initiative_id") var initiativeID: UUID
    @Field(key: "workstream_id") var workstreamID: UUID
    @Field(key: "practice_id") var practiceID: UUID
    @Field(key: "version") var version: Int
    @Field(key: "tailoring") var tailoring: String
    @Field(key: "review_on") var reviewOn: String
    @Field(key: "adopted_by") var adoptedBy: UUID
    @Field(key: "adopted_at") var adoptedAt: Date
    @OptionalField(key: "ended_on") var endedOn: String?

    init() {}
}

final class PracticeRetrospectiveModel: Model, @unchecked Sendable {
    static let schema = "practice_retrospectives"
    @ID(key: .id) var id: UUID?
    @Field(key: "initiative_id") var initiativeID: UUID
    @Field(key: "workstream_id") var workstreamID: UUID
    @Field(key: "held_on") var heldOn: String
    @Field(key: "helped") var helped: String
    @Field(key: "to_change") var toChange: String
    @Field(key: "verdicts") var verdicts: String
    @OptionalField(key: "proposed_practice_id") var proposedPracticeID: UUID?
    @OptionalField(key: "proposed_version") var proposedVersion: Int?
    @Field(key: "recorded_by") var recordedBy: UUID
    @Field(key: "recorded_at") var recordedAt: Date

    init() {}
}

/// A practice's relations as stored: a JSON list of `{"kind","practiceId"}`.
package enum PracticeRelations {
    private struct Stored: Codable {
        var kind: String
        var practiceId: UUID
    }

    package static func encode(_ relations: [PracticeRelation]) throws -> String {
        String(decoding: try JSONEncoder().encode(relations.map { Stored(kind: $0.kind.rawValue, practiceId: $0.practiceID) }), as: UTF8.self)
    }

    static func decode(_ text: String, column: String) throws -> [PracticeRelation] {
        guard let stored = try? JSONDecoder().decode([Stored].self, from: Data(text.utf8)) else {
            throw StoredValueError(column: column, value: text)
        }
        return try stored.map {
            guard let kind = PracticeRelationKind(rawValue: $0.kind) else { throw StoredValueError(column: column, value: $0.kind) }
            return PracticeRelation(kind: kind, practiceID: $0.practiceId)
        }
    }
}
