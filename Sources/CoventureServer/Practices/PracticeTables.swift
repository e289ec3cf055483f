import CoventureCore
import Foundation

// The practice tables, each described once (`TableRow`): written by the practice stores and the catalogue loader, read
// by `PracticeReader` (which decodes the stored text into Core's types), inserted in bulk by the large dataset.
// Initializers are written out for the large dataset (another target).

package struct PracticeRow: TableRow, Identifiable {
    package static let table = "practices"
    package var id: UUID
    /// Nil for the catalogue's own practices.
    var initiativeID: UUID?
    var catalogueKey: String?
    var copiedFromID: UUID?
    var contributedBy: UUID?
    var status: String
    /// The version in force (0 until one is accepted).
    var version: Int
    var latestVersion: Int
    var createdBy: UUID?
    var createdAt: Date

    package init(
        id: UUID, initiativeID: UUID?, catalogueKey: String?, copiedFromID: UUID?, contributedBy: UUID?, status: String, version: Int,
        latestVersion: Int, createdBy: UUID?, createdAt: Date
    ) {
        (self.id, self.initiativeID, self.catalogueKey, self.copiedFromID, self.contributedBy) = (id, initiativeID, catalogueKey, copiedFromID, contributedBy)
        (self.status, self.version, self.latestVersion, self.createdBy, self.createdAt) = (status, version, latestVersion, createdBy, createdAt)
    }

    package enum CodingKeys: String, CodingKey, CaseIterable {
        case id, initiativeID = "initiative_id", catalogueKey = "catalogue_key", copiedFromID = "copied_from_id"
        case contributedBy = "contributed_by", status, version, latestVersion = "latest_version", createdBy = "created_by"
        case createdAt = "created_at"
    }
}

package struct PracticeVersionRow: TableRow, Identifiable {
    package static let table = "practice_versions"
    package var id: UUID
    var practiceID: UUID
    var version: Int
    var status: String
    var name: String
    var summary: String
    var framework: String
    var area: String
    var peopleMin: Int
    var peopleMax: Int
    var durationMinutes: Int
    var difficulty: String
    var howTo: String
    var relations: String
    var reason: String
    var proposedBy: UUID?
    var proposerOrganizationID: UUID?
    var retrospectiveID: UUID?
    var proposedAt: Date
    var decidedAt: Date?

    /// A version of `content`, proposed (or, for an accepted one, decided) `now`.
    package init(
        id: UUID = UUID(), practiceID: UUID, version: Int, status: PracticeStatus, content: PracticeContent, reason: String,
        proposedBy: UUID?, proposerOrganizationID: UUID?, retrospectiveID: UUID? = nil, at now: Date
    ) throws {
        (self.id, self.practiceID, self.version, self.status, self.reason) = (id, practiceID, version, status.rawValue, reason)
        (self.proposedBy, self.proposerOrganizationID, self.retrospectiveID) = (proposedBy, proposerOrganizationID, retrospectiveID)
        (self.proposedAt, self.decidedAt) = (now, status == .accepted ? now : nil)
        (name, summary, framework, area, peopleMin, peopleMax, durationMinutes, difficulty, howTo, relations) =
            ("", "", "", "", 0, 0, 0, "", "", "")
        try set(content)
    }

    mutating func set(_ content: PracticeContent) throws {
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

    /// The version's content in Core's types; a stored value Core does not know fails loudly.
    var content: PracticeContent {
        get throws {
            PracticeContent(
                name: name, summary: summary, framework: framework, area: try PracticeArea(stored: area, column: "practice_versions.area"),
                peopleMin: peopleMin, peopleMax: peopleMax, durationMinutes: durationMinutes,
                difficulty: try PracticeDifficulty(stored: difficulty, column: "practice_versions.difficulty"), howTo: howTo,
                relations: try PracticeRelations.decode(relations, column: "practice_versions.relations"))
        }
    }

    package enum CodingKeys: String, CodingKey, CaseIterable {
        case id, practiceID = "practice_id", version, status, name, summary, framework, area, peopleMin = "people_min"
        case peopleMax = "people_max", durationMinutes = "duration_minutes", difficulty, howTo = "how_to", relations, reason
        case proposedBy = "proposed_by", proposerOrganizationID = "proposer_organization_id", retrospectiveID = "retrospective_id"
        case proposedAt = "proposed_at", decidedAt = "decided_at"
    }
}

package struct PracticeReviewRow: TableRow, Identifiable {
    package static let table = "practice_reviews"
    package var id: UUID
    var practiceID: UUID
    var version: Int
    var organizationID: UUID
    var personID: UUID
    var verdict: String
    var comment: String
    var at: Date

    package init(id: UUID, practiceID: UUID, version: Int, organizationID: UUID, personID: UUID, verdict: String, comment: String, at: Date) {
        (self.id, self.practiceID, self.version, self.organizationID) = (id, practiceID, version, organizationID)
        (self.personID, self.verdict, self.comment, self.at) = (personID, verdict, comment, at)
    }

    package enum CodingKeys: String, CodingKey, CaseIterable {
        case id, practiceID = "practice_id", version, organizationID = "organization_id", personID = "person_id", verdict, comment, at
    }
}

package struct PracticeAdoptionRow: TableRow, Identifiable {
    package static let table = "practice_adoptions"
    package var id: UUID
    var initiativeID: UUID
    var workstreamID: UUID
    var practiceID: UUID
    var version: Int
    var tailoring: String
    var reviewOn: String
    var adoptedBy: UUID
    var adoptedAt: Date
    var endedOn: String?

    package init(
        id: UUID, initiativeID: UUID, workstreamID: UUID, practiceID: UUID, version: Int, tailoring: String, reviewOn: String,
        adoptedBy: UUID, adoptedAt: Date, endedOn: String?
    ) {
        (self.id, self.initiativeID, self.workstreamID, self.practiceID, self.version) = (id, initiativeID, workstreamID, practiceID, version)
        (self.tailoring, self.reviewOn, self.adoptedBy, self.adoptedAt, self.endedOn) = (tailoring, reviewOn, adoptedBy, adoptedAt, endedOn)
    }

    package enum CodingKeys: String, CodingKey, CaseIterable {
        case id, initiativeID = "initiative_id", workstreamID = "workstream_id", practiceID = "practice_id", version, tailoring
        case reviewOn = "review_on", adoptedBy = "adopted_by", adoptedAt = "adopted_at", endedOn = "ended_on"
    }
}

package struct PracticeRetrospectiveRow: TableRow, Identifiable {
    package static let table = "practice_retrospectives"
    package var id: UUID
    var initiativeID: UUID
    var workstreamID: UUID
    var heldOn: String
    var helped: String
    var toChange: String
    /// A JSON array of the adoptions' verdicts.
    var verdicts: String
    var proposedPracticeID: UUID?
    var proposedVersion: Int?
    var recordedBy: UUID
    var recordedAt: Date

    package init(
        id: UUID, initiativeID: UUID, workstreamID: UUID, heldOn: String, helped: String, toChange: String, verdicts: String,
        proposedPracticeID: UUID?, proposedVersion: Int?, recordedBy: UUID, recordedAt: Date
    ) {
        (self.id, self.initiativeID, self.workstreamID, self.heldOn, self.helped, self.toChange) = (id, initiativeID, workstreamID, heldOn, helped, toChange)
        (self.verdicts, self.proposedPracticeID, self.proposedVersion) = (verdicts, proposedPracticeID, proposedVersion)
        (self.recordedBy, self.recordedAt) = (recordedBy, recordedAt)
    }

    package enum CodingKeys: String, CodingKey, CaseIterable {
        case id, initiativeID = "initiative_id", workstreamID = "workstream_id", heldOn = "held_on", helped, toChange = "to_change"
        case verdicts, proposedPracticeID = "proposed_practice_id", proposedVersion = "proposed_version", recordedBy = "recorded_by"
        case recordedAt = "recorded_at"
    }
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
