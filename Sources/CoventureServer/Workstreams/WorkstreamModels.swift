import Fluent
import Foundation

// Fluent models are `@unchecked Sendable`: their property wrappers defeat Sendable checking.
// They never leave the feature's stores and `WorkstreamReader`; handlers see the DTOs in WorkstreamDTOs.swift.
//
// Calendar dates (start, end, term end, review) are stored as `YYYY-MM-DD` text: the same on SQLite and
// PostgreSQL, sorted like the date, and never shifted by a time zone.
//
// Deliberately absent, here and everywhere: a manager, supervisor or reporting line. A stream has a leader who
// leads the work, and people who say how much of their time they give it.

final class WorkstreamModel: Model, @unchecked Sendable {
    static let schema = "workstreams"
    @ID(key: .id) var id: UUID?
    @Field(key: "initiative_id") var initiativeID: UUID
    @Field(key: "kind") var kind: String
    @Field(key: "name") var name: String
    @Field(key: "purpose") var purpose: String
    @Field(key: "start_date") var startDate: String
    @OptionalField(key: "end_date") var endDate: String?
    @Field(key: "status") var status: String
    @OptionalField(key: "leader_id") var leaderID: UUID?
    /// Percent of the leader's time, 1…100; set exactly when `leaderID` is.
    @OptionalField(key: "leader_commitment") var leaderCommitment: Int?
    /// The short retrospective note written when the stream was closed.
    @OptionalField(key: "closing_note") var closingNote: String?
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

/// A person's place in a stream, from any party.
final class AssignmentModel: Model, @unchecked Sendable {
    static let schema = "workstream_assignments"
    @ID(key: .id) var id: UUID?
    @Parent(key: "workstream_id") var workstream: WorkstreamModel
    @Parent(key: "person_id") var person: PersonModel
    @Field(key: "role") var role: String
    @Field(key: "commitment") var commitment: Int
    @OptionalField(key: "term_end") var termEnd: String?
    /// Set when the person declined it or it was ended: it no longer counts anywhere.
    @OptionalField(key: "ended_at") var endedAt: Date?
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

/// A small unit of work in a stream.
final class WorkItemModel: Model, @unchecked Sendable {
    static let schema = "work_items"
    @ID(key: .id) var id: UUID?
    @Parent(key: "workstream_id") var workstream: WorkstreamModel
    @Field(key: "title") var title: String
    @Parent(key: "assignee_id") var assignee: PersonModel
    @Field(key: "status") var status: String
    /// The key result this work moves, if any: the assignee's line of sight.
    @OptionalField(key: "key_result_id") var keyResultID: UUID?
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

/// A key result a stream contributes to.
final class WorkstreamKeyResultModel: Model, @unchecked Sendable {
    static let schema = "workstream_key_results"
    @ID(key: .id) var id: UUID?
    @Parent(key: "workstream_id") var workstream: WorkstreamModel
    @Field(key: "key_result_id") var keyResultID: UUID
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

/// One version of a stream's team charter. Versions are never changed: a change is a new row.
final class CharterVersionModel: Model, @unchecked Sendable {
    static let schema = "workstream_charters"
    @ID(key: .id) var id: UUID?
    @Parent(key: "workstream_id") var workstream: WorkstreamModel
    @Field(key: "version") var version: Int
    @Field(key: "purpose") var purpose: String
    @Field(key: "accountable_for") var accountableFor: String
    @Field(key: "working_agreements") var workingAgreements: String
    @Field(key: "how_it_decides") var howItDecides: String
    @OptionalField(key: "review_date") var reviewDate: String?
    @Field(key: "created_by") var createdBy: UUID
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

/// One person's agreement, for their organization, to one charter version.
final class CharterAgreementModel: Model, @unchecked Sendable {
    static let schema = "workstream_charter_agreements"
    @ID(key: .id) var id: UUID?
    @Parent(key: "charter_id") var charter: CharterVersionModel
    @Field(key: "workstream_id") var workstreamID: UUID
    @Field(key: "version") var version: Int
    @Parent(key: "person_id") var person: PersonModel
    @Field(key: "organization_id") var organizationID: UUID
    @Field(key: "agreed_at") var agreedAt: Date

    init() {}
}
