import Foundation

// The workstreams' tables, each described once (`TableRow`, issue #11): the stores write them, `WorkstreamReader`
// reads them, and the large dataset inserts them, all through these structs. The API and the pages answer with the
// DTOs in WorkstreamDTOs.swift, never with these rows. Their memberwise initializers are written out as `package`
// because the large dataset builds them (an implicit one is never more than internal).
//
// Enum-like columns (kind, status, role) stay `String` here: the Core types decode them where they are used, and
// fail there on a value they do not know.
//
// Calendar dates (start, end, term end, review) are stored as `YYYY-MM-DD` text: the same on SQLite and
// PostgreSQL, sorted like the date, and never shifted by a time zone.
//
// Deliberately absent, here and everywhere: a manager, supervisor or reporting line. A stream has a leader who
// leads the work, and people who say how much of their time they give it.

/// A workstream of an initiative.
package struct WorkstreamRow: TableRow, Identifiable {
    package static let table = "workstreams"
    package var id: UUID
    package var initiativeID: UUID
    package var kind: String
    package var name: String
    package var purpose: String
    package var startDate: String
    package var endDate: String?
    package var status: String
    package var leaderID: UUID?
    /// Percent of the leader's time, 1…100; set exactly when `leaderID` is.
    package var leaderCommitment: Int?
    /// The short retrospective note written when the stream was closed.
    package var closingNote: String?
    package var createdAt: Date

    package enum CodingKeys: String, CodingKey, CaseIterable {
        case id, initiativeID = "initiative_id", kind, name, purpose, startDate = "start_date", endDate = "end_date", status
        case leaderID = "leader_id", leaderCommitment = "leader_commitment", closingNote = "closing_note", createdAt = "created_at"
    }

    package init(
        id: UUID, initiativeID: UUID, kind: String, name: String, purpose: String, startDate: String, endDate: String?,
        status: String, leaderID: UUID?, leaderCommitment: Int?, closingNote: String?, createdAt: Date
    ) {
        self.id = id
        self.initiativeID = initiativeID
        self.kind = kind
        self.name = name
        self.purpose = purpose
        self.startDate = startDate
        self.endDate = endDate
        self.status = status
        self.leaderID = leaderID
        self.leaderCommitment = leaderCommitment
        self.closingNote = closingNote
        self.createdAt = createdAt
    }
}

/// A person's place in a stream, from any party.
package struct AssignmentRow: TableRow, Identifiable {
    package static let table = "workstream_assignments"
    package var id: UUID
    package var workstreamID: UUID
    package var personID: UUID
    package var role: String
    package var commitment: Int
    package var termEnd: String?
    /// Set when the person declined it or it was ended: it no longer counts anywhere.
    package var endedAt: Date?
    package var createdAt: Date

    package enum CodingKeys: String, CodingKey, CaseIterable {
        case id, workstreamID = "workstream_id", personID = "person_id", role, commitment, termEnd = "term_end"
        case endedAt = "ended_at", createdAt = "created_at"
    }

    package init(
        id: UUID, workstreamID: UUID, personID: UUID, role: String, commitment: Int, termEnd: String?, endedAt: Date?, createdAt: Date
    ) {
        self.id = id
        self.workstreamID = workstreamID
        self.personID = personID
        self.role = role
        self.commitment = commitment
        self.termEnd = termEnd
        self.endedAt = endedAt
        self.createdAt = createdAt
    }
}

/// A small unit of work in a stream.
package struct WorkItemRow: TableRow, Identifiable {
    package static let table = "work_items"
    package var id: UUID
    package var workstreamID: UUID
    package var title: String
    package var assigneeID: UUID
    package var status: String
    /// The key result this work moves, if any: the assignee's line of sight.
    package var keyResultID: UUID?
    package var createdAt: Date

    package enum CodingKeys: String, CodingKey, CaseIterable {
        case id, workstreamID = "workstream_id", title, assigneeID = "assignee_id", status, keyResultID = "key_result_id"
        case createdAt = "created_at"
    }

    package init(id: UUID, workstreamID: UUID, title: String, assigneeID: UUID, status: String, keyResultID: UUID?, createdAt: Date) {
        self.id = id
        self.workstreamID = workstreamID
        self.title = title
        self.assigneeID = assigneeID
        self.status = status
        self.keyResultID = keyResultID
        self.createdAt = createdAt
    }
}

/// A key result a stream contributes to.
package struct WorkstreamKeyResultRow: TableRow, Identifiable {
    package static let table = "workstream_key_results"
    package var id: UUID
    package var workstreamID: UUID
    package var keyResultID: UUID
    package var createdAt: Date

    package enum CodingKeys: String, CodingKey, CaseIterable {
        case id, workstreamID = "workstream_id", keyResultID = "key_result_id", createdAt = "created_at"
    }

    package init(id: UUID, workstreamID: UUID, keyResultID: UUID, createdAt: Date) {
        self.id = id
        self.workstreamID = workstreamID
        self.keyResultID = keyResultID
        self.createdAt = createdAt
    }
}

/// One version of a stream's team charter. Versions are never changed: a change is a new row.
package struct CharterVersionRow: TableRow, Identifiable {
    package static let table = "workstream_charters"
    package var id: UUID
    package var workstreamID: UUID
    package var version: Int
    package var purpose: String
    package var accountableFor: String
    package var workingAgreements: String
    package var howItDecides: String
    package var reviewDate: String?
    package var createdBy: UUID
    package var createdAt: Date

    package enum CodingKeys: String, CodingKey, CaseIterable {
        case id, workstreamID = "workstream_id", version, purpose, accountableFor = "accountable_for"
        case workingAgreements = "working_agreements", howItDecides = "how_it_decides", reviewDate = "review_date"
        case createdBy = "created_by", createdAt = "created_at"
    }

    package init(
        id: UUID, workstreamID: UUID, version: Int, purpose: String, accountableFor: String, workingAgreements: String,
        howItDecides: String, reviewDate: String?, createdBy: UUID, createdAt: Date
    ) {
        self.id = id
        self.workstreamID = workstreamID
        self.version = version
        self.purpose = purpose
        self.accountableFor = accountableFor
        self.workingAgreements = workingAgreements
        self.howItDecides = howItDecides
        self.reviewDate = reviewDate
        self.createdBy = createdBy
        self.createdAt = createdAt
    }
}

/// One person's agreement, for their organization, to one charter version.
package struct CharterAgreementRow: TableRow, Identifiable {
    package static let table = "workstream_charter_agreements"
    package var id: UUID
    package var charterID: UUID
    package var workstreamID: UUID
    package var version: Int
    package var personID: UUID
    package var organizationID: UUID
    package var agreedAt: Date

    package enum CodingKeys: String, CodingKey, CaseIterable {
        case id, charterID = "charter_id", workstreamID = "workstream_id", version, personID = "person_id"
        case organizationID = "organization_id", agreedAt = "agreed_at"
    }

    package init(id: UUID, charterID: UUID, workstreamID: UUID, version: Int, personID: UUID, organizationID: UUID, agreedAt: Date) {
        self.id = id
        self.charterID = charterID
        self.workstreamID = workstreamID
        self.version = version
        self.personID = personID
        self.organizationID = organizationID
        self.agreedAt = agreedAt
    }
}
