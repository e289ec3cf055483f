import Fluent
import Foundation
import SQLKit

// The OKR tables, each described once (`TableRow`): these structs are what reads decode, stores write and the large
// dataset inserts. Their initializers are written out because the large dataset (another target) builds rows, and an
// implicit memberwise initializer is never more than internal.

/// A named OKR cycle of an initiative or of an organization.
package struct OKRPeriodRow: TableRow, Identifiable {
    package static let table = "okr_periods"
    package var id: UUID
    /// Set for an initiative's period; nil for an organization's own.
    var initiativeID: UUID?
    var organizationID: UUID
    var name: String
    /// Calendar dates as `YYYY-MM-DD` text, which sorts like the date.
    var startDate: String
    var endDate: String

    package init(id: UUID, initiativeID: UUID?, organizationID: UUID, name: String, startDate: String, endDate: String) {
        (self.id, self.initiativeID, self.organizationID, self.name, self.startDate, self.endDate) =
            (id, initiativeID, organizationID, name, startDate, endDate)
    }

    package enum CodingKeys: String, CodingKey, CaseIterable {
        case id, initiativeID = "initiative_id", organizationID = "organization_id", name, startDate = "start_date"
        case endDate = "end_date"
    }
}

/// An objective: an initiative's (owned by one party's organization) or an organization's own (`initiativeID` nil).
package struct ObjectiveRow: TableRow, Identifiable {
    package static let table = "objectives"
    package var id: UUID
    package var initiativeID: UUID?
    /// The owning party's organization, or the organization whose own objective this is.
    package var organizationID: UUID
    var periodID: UUID
    var title: String
    var details: String
    /// Its weight in whatever it contributes to: a decimal as canonical text.
    var weight: String
    var ownerPersonID: UUID?
    package var createdAt: Date

    package init(
        id: UUID, initiativeID: UUID?, organizationID: UUID, periodID: UUID, title: String, details: String, weight: String,
        ownerPersonID: UUID?, createdAt: Date
    ) {
        (self.id, self.initiativeID, self.organizationID, self.periodID, self.title) = (id, initiativeID, organizationID, periodID, title)
        (self.details, self.weight, self.ownerPersonID, self.createdAt) = (details, weight, ownerPersonID, createdAt)
    }

    package enum CodingKeys: String, CodingKey, CaseIterable {
        case id, initiativeID = "initiative_id", organizationID = "organization_id", periodID = "period_id", title
        case details = "description", weight, ownerPersonID = "owner_person_id", createdAt = "created_at"
    }
}

/// A link from an objective to one it contributes to or supports: a parent in the same initiative, or an organization
/// objective of one of the parties.
package struct ObjectiveAlignmentRow: TableRow, Identifiable {
    package static let table = "objective_alignments"
    package var id: UUID
    var childID: UUID
    var parentID: UUID
    /// `contributing` (counted in the parent's progress) or `supporting` (shown, never counted).
    var kind: String
    var createdAt: Date

    package init(id: UUID, childID: UUID, parentID: UUID, kind: String, createdAt: Date) {
        (self.id, self.childID, self.parentID, self.kind, self.createdAt) = (id, childID, parentID, kind, createdAt)
    }

    package enum CodingKeys: String, CodingKey, CaseIterable {
        case id, childID = "child_id", parentID = "parent_id", kind, createdAt = "created_at"
    }
}

package struct KeyResultRow: TableRow, Identifiable {
    package static let table = "key_results"
    package var id: UUID
    var objectiveID: UUID
    /// The objective's initiative (nil for an organization objective's KR): lets lists be scoped in one query.
    package var initiativeID: UUID?
    var organizationID: UUID
    package var title: String
    var kind: String
    var unit: String
    var baseline: String?
    var target: String?
    /// Milestone steps as a JSON array of strings.
    var steps: String
    var weight: String
    var ownerPersonID: UUID?
    /// The latest check-in's value and confidence, kept on write so that trees and roll-ups need no history scan.
    var currentValue: String?
    var confidence: String?
    var lastCheckInAt: Date?
    var createdAt: Date

    package init(
        id: UUID, objectiveID: UUID, initiativeID: UUID?, organizationID: UUID, title: String, kind: String, unit: String,
        baseline: String?, target: String?, steps: String, weight: String, ownerPersonID: UUID?, currentValue: String? = nil,
        confidence: String? = nil, lastCheckInAt: Date? = nil, createdAt: Date
    ) {
        (self.id, self.objectiveID, self.initiativeID, self.organizationID, self.title) = (id, objectiveID, initiativeID, organizationID, title)
        (self.kind, self.unit, self.baseline, self.target, self.steps, self.weight) = (kind, unit, baseline, target, steps, weight)
        (self.ownerPersonID, self.currentValue, self.confidence, self.lastCheckInAt) = (ownerPersonID, currentValue, confidence, lastCheckInAt)
        self.createdAt = createdAt
    }

    package enum CodingKeys: String, CodingKey, CaseIterable {
        case id, objectiveID = "objective_id", initiativeID = "initiative_id", organizationID = "organization_id", title, kind
        case unit, baseline, target, steps, weight, ownerPersonID = "owner_person_id", currentValue = "current_value", confidence
        case lastCheckInAt = "last_check_in_at", createdAt = "created_at"
    }
}

/// One check-in. Append-only: a correction is a new check-in naming the one it corrects.
package struct CheckInRow: TableRow, Identifiable {
    package static let table = "check_ins"
    package var id: UUID
    var keyResultID: UUID
    var value: String
    var confidence: String
    var narrative: String
    var personID: UUID
    var correctsID: UUID?
    var recordedAt: Date
    /// The key result's owner when someone else checked in for them (issue #12, bug 4).
    var onBehalfOf: UUID?
    /// The tool that sent it through an inbound feed (issue #16, schema version 9).
    var source: String?

    package init(
        id: UUID, keyResultID: UUID, value: String, confidence: String, narrative: String, personID: UUID, correctsID: UUID?,
        recordedAt: Date, onBehalfOf: UUID? = nil, source: String? = nil
    ) {
        (self.id, self.keyResultID, self.value, self.confidence, self.narrative) = (id, keyResultID, value, confidence, narrative)
        (self.personID, self.correctsID, self.recordedAt, self.onBehalfOf, self.source) = (personID, correctsID, recordedAt, onBehalfOf, source)
    }

    package enum CodingKeys: String, CodingKey, CaseIterable {
        case id, keyResultID = "key_result_id", value, confidence, narrative, personID = "person_id", correctsID = "corrects_id"
        case recordedAt = "recorded_at", onBehalfOf = "on_behalf_of", source
    }
}

// MARK: Reads in creation order

/// Objectives and key results are listed oldest first everywhere (the tree's siblings, the API's lists): these reads
/// keep that order, also when a long id list took several statements.
protocol CreatedInOrder: TableRow, Identifiable where ID == UUID {
    var createdAt: Date { get }
}

extension CreatedInOrder {
    /// The rows matching `condition`, oldest first.
    static func load(_ db: any Database, where condition: SQLQueryString) async throws -> [Self] {
        try await all(db, where: condition, orderBy: "created_at, id")
    }

    /// The rows whose `column` is one of `ids` (and that match `condition`, if given), oldest first.
    static func load(
        _ db: any Database, _ column: String, in ids: some Collection<UUID>, and condition: SQLQueryString? = nil
    ) async throws -> [Self] {
        var rows = try await all(db, column, in: ids, and: condition, orderBy: "created_at, id")
        if SQLLists.isSplit(ids.count) { rows.sort { ($0.createdAt, $0.id.uuidString) < ($1.createdAt, $1.id.uuidString) } }
        return rows
    }
}

extension ObjectiveRow: CreatedInOrder {}
extension KeyResultRow: CreatedInOrder {}
extension ObjectiveAlignmentRow: CreatedInOrder {}
