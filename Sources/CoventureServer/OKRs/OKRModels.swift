import Fluent
import Foundation

// Fluent models are `@unchecked Sendable`: their property wrappers defeat Sendable checking, and they never leave
// the store that loads them (handlers see DTOs).

/// A named OKR cycle of an initiative or of an organization.
final class OKRPeriodModel: Model, @unchecked Sendable {
    static let schema = "okr_periods"
    @ID(key: .id) var id: UUID?
    /// Set for an initiative's period; nil for an organization's own.
    @OptionalField(key: "initiative_id") var initiativeID: UUID?
    @Field(key: "organization_id") var organizationID: UUID
    @Field(key: "name") var name: String
    /// Calendar dates as `YYYY-MM-DD` text, which sorts like the date.
    @Field(key: "start_date") var startDate: String
    @Field(key: "end_date") var endDate: String

    init() {}
}

/// An objective: an initiative's (owned by one party's organization) or an organization's own (`initiativeID` nil).
package final class ObjectiveModel: Model, @unchecked Sendable {
    package static let schema = "objectives"
    @ID(key: .id) package var id: UUID?
    @OptionalField(key: "initiative_id") package var initiativeID: UUID?
    /// The owning party's organization, or the organization whose own objective this is.
    @Field(key: "organization_id") package var organizationID: UUID
    @Field(key: "period_id") var periodID: UUID
    @Field(key: "title") var title: String
    @Field(key: "description") var details: String
    /// Its weight in whatever it contributes to: a decimal as canonical text.
    @Field(key: "weight") var weight: String
    @OptionalField(key: "owner_person_id") var ownerPersonID: UUID?
    @Field(key: "created_at") package var createdAt: Date

    package init() {}
}

/// A link from an objective to one it contributes to or supports: a parent in the same initiative, or an organization
/// objective of one of the parties.
final class ObjectiveAlignmentModel: Model, @unchecked Sendable {
    static let schema = "objective_alignments"
    @ID(key: .id) var id: UUID?
    @Field(key: "child_id") var childID: UUID
    @Field(key: "parent_id") var parentID: UUID
    /// `contributing` (counted in the parent's progress) or `supporting` (shown, never counted).
    @Field(key: "kind") var kind: String
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

package final class KeyResultModel: Model, @unchecked Sendable {
    package static let schema = "key_results"
    @ID(key: .id) package var id: UUID?
    @Field(key: "objective_id") var objectiveID: UUID
    /// The objective's initiative (nil for an organization objective's KR): lets lists be scoped in one query.
    @OptionalField(key: "initiative_id") package var initiativeID: UUID?
    @Field(key: "organization_id") var organizationID: UUID
    @Field(key: "title") package var title: String
    @Field(key: "kind") var kind: String
    @Field(key: "unit") var unit: String
    @OptionalField(key: "baseline") var baseline: String?
    @OptionalField(key: "target") var target: String?
    /// Milestone steps as a JSON array of strings.
    @Field(key: "steps") var steps: String
    @Field(key: "weight") var weight: String
    @OptionalField(key: "owner_person_id") var ownerPersonID: UUID?
    /// The latest check-in's value and confidence, kept on write so that trees and roll-ups need no history scan.
    @OptionalField(key: "current_value") var currentValue: String?
    @OptionalField(key: "confidence") var confidence: String?
    @OptionalField(key: "last_check_in_at") var lastCheckInAt: Date?
    @Field(key: "created_at") var createdAt: Date

    package init() {}
}

/// One check-in. Append-only: a correction is a new check-in naming the one it corrects.
final class CheckInModel: Model, @unchecked Sendable {
    static let schema = "check_ins"
    @ID(key: .id) var id: UUID?
    @Field(key: "key_result_id") var keyResultID: UUID
    @Field(key: "value") var value: String
    @Field(key: "confidence") var confidence: String
    @Field(key: "narrative") var narrative: String
    @Field(key: "person_id") var personID: UUID
    @OptionalField(key: "corrects_id") var correctsID: UUID?
    @Field(key: "recorded_at") var recordedAt: Date
    /// The key result's owner when someone else checked in for them (issue #12, bug 4).
    @OptionalField(key: "on_behalf_of") var onBehalfOf: UUID?
    /// The tool that sent it through an inbound feed (issue #16, schema version 9).
    @OptionalField(key: "source") var source: String?

    init() {}
}
