import CoventureCore
import Foundation
import Vapor

// What handlers and pages see of workstreams. Dates are `YYYY-MM-DD` strings (CalendarDate encodes so).
// No field names a manager or a reporting line: nobody reports to anybody here.

/// A person in a stream: its leader, or someone assigned.
struct StreamPersonDTO: Content, Equatable {
    var personId: UUID
    var name: String
    var organizationId: UUID
    var organizationName: String
    var commitment: Int
}

package struct AssignmentDTO: Content, Equatable {
    var id: UUID
    var workstreamId: UUID
    var personId: UUID
    var name: String
    var organizationId: UUID
    var organizationName: String
    /// The person's role in the stream, in the team's own words.
    var role: String
    var commitment: Int
    var termEnd: CalendarDate?
}

/// An organization with people in the stream.
struct StreamPartyDTO: Content, Equatable {
    var organizationId: UUID
    var organizationName: String
}

/// A key result the stream contributes to, with its progress when the OKRs know it.
struct StreamKeyResultDTO: Content, Equatable {
    var id: UUID
    var title: String
    var objectiveId: UUID?
    var objectiveTitle: String?
    /// Unclamped (1.5 is 150 %); absent when the KR has no check-in yet.
    var progress: Double?
}

/// The state of a stream's charter, as its health needs it.
struct CharterStatusDTO: Content, Equatable {
    var version: Int
    var inEffect: Bool
    var reviewDate: CalendarDate?
    var reviewDue: Bool
    /// Organizations represented in the stream that have not agreed to the current version.
    var partiesYetToAgree: [UUID]
}

package struct WorkstreamDTO: Content, Equatable {
    package var id: UUID
    var initiativeId: UUID
    var kind: WorkstreamKind
    var name: String
    var purpose: String
    var startDate: CalendarDate
    var endDate: CalendarDate?
    var status: WorkstreamStatus
    var leader: StreamPersonDTO?
    var assignments: [AssignmentDTO]
    var parties: [StreamPartyDTO]
    /// The leader's and every assignee's declared percent, added up.
    var totalCommitment: Int
    var keyResults: [StreamKeyResultDTO]
    var flags: [HealthFlag]
    var charter: CharterStatusDTO?
    var closingNote: String?
    var createdAt: Date

    /// Everyone in the stream, leader first.
    var people: [StreamPersonDTO] {
        (leader.map { [$0] } ?? []) + assignments.map {
            StreamPersonDTO(personId: $0.personId, name: $0.name, organizationId: $0.organizationId,
                            organizationName: $0.organizationName, commitment: $0.commitment)
        }
    }
}

package struct WorkItemDTO: Content, Equatable {
    package var id: UUID
    var workstreamId: UUID
    var title: String
    var assigneeId: UUID
    var assigneeName: String
    var status: WorkItemStatus
    var keyResultId: UUID?
    var createdAt: Date
}

struct CharterAgreementDTO: Content, Equatable {
    var personId: UUID
    var name: String
    var organizationId: UUID
    var organizationName: String
    var agreedAt: Date
}

/// One version of a charter, with who agreed to it.
package struct CharterDTO: Content, Equatable {
    var id: UUID
    var workstreamId: UUID
    package var version: Int
    var isCurrent: Bool
    var purpose: String
    var accountableFor: String
    var workingAgreements: String
    var howItDecides: String
    var reviewDate: CalendarDate?
    var createdAt: Date
    var agreements: [CharterAgreementDTO]
}

// MARK: Line of sight (read by the OKR pages)

/// A person's place in one stream.
struct StreamMembershipSummary: Content, Equatable, Sendable {
    var workstreamId: UUID
    var name: String
    var kind: WorkstreamKind
    var commitment: Int
    var isLeader: Bool
}

struct WorkItemSummary: Content, Equatable, Sendable {
    var id: UUID
    var title: String
    var status: WorkItemStatus
    var workstreamId: UUID
    var workstreamName: String
    var assigneeId: UUID
    var keyResultId: UUID?
}

/// What one person does in one initiative's streams: `WorkstreamReader.lineOfSight(personID:initiativeID:)`.
struct PersonStreamWork: Content, Equatable, Sendable {
    var streams: [StreamMembershipSummary]
    var workItems: [WorkItemSummary]
}

/// A person's streams across the initiatives the caller shares with them.
struct PersonWorkstreamsDTO: Content, Equatable {
    struct Stream: Content, Equatable {
        var workstreamId: UUID
        var initiativeId: UUID
        var initiativeName: String
        var name: String
        var kind: WorkstreamKind
        var status: WorkstreamStatus
        var role: String
        var commitment: Int
        var isLeader: Bool
        var termEnd: CalendarDate?
        /// Set for an assignment (the leader's place has none): what the person may decline.
        var assignmentId: UUID?
    }
    var personId: UUID
    var name: String
    var organizationId: UUID
    var organizationName: String
    /// Across the open streams (forming, active, sunsetting) of every initiative (a person has one working week), not
    /// only those listed.
    var totalCommitment: Int
    var overCommitted: Bool
    var streams: [Stream]
    var workItems: [WorkItemSummary]
}

// MARK: Requests
// Each request's OpenAPI schema is declared beside its fields (`APIRequestBody`); the routes name the type.

private enum WorkstreamRequestSchemas {
    static let date = Schema.string(format: "date")
    static let kinds = Schema.enumeration(WorkstreamKind.allCases.map(\.rawValue))
    static let statuses = Schema.enumeration(WorkstreamStatus.allCases.map(\.rawValue))
    static let itemStatuses = Schema.enumeration(WorkItemStatus.allCases.map(\.rawValue))
}

package struct CreateWorkstreamRequest: Content, APIRequestBody {
    var kind: WorkstreamKind?
    var name: String?
    var purpose: String?
    var startDate: CalendarDate?
    var endDate: CalendarDate?
    var leaderId: UUID?
    var leaderCommitment: Int?

    static let schema: Schema = {
        typealias S = WorkstreamRequestSchemas
        return .object([
            "kind" <- S.kinds, "name" <- .string(), "purpose" <-? .string(), "startDate" <- S.date,
            "endDate" <-? S.date, "leaderId" <-? .uuid, "leaderCommitment" <-? .integer,
        ])
    }()

    /// Written out so that the demo target may call it: an implicit memberwise initializer is internal.
    package init(
        kind: WorkstreamKind? = nil, name: String? = nil, purpose: String? = nil, startDate: CalendarDate? = nil,
        endDate: CalendarDate? = nil, leaderId: UUID? = nil, leaderCommitment: Int? = nil
    ) {
        self.kind = kind
        self.name = name
        self.purpose = purpose
        self.startDate = startDate
        self.endDate = endDate
        self.leaderId = leaderId
        self.leaderCommitment = leaderCommitment
    }
}

/// Every field optional: only those given change. `status` moves along `forming → active → sunsetting → closed`.
package struct UpdateWorkstreamRequest: Content, APIRequestBody {
    var kind: WorkstreamKind?
    var name: String?
    var purpose: String?
    var startDate: CalendarDate?
    var endDate: CalendarDate?
    var status: WorkstreamStatus?
    var leaderId: UUID?
    var leaderCommitment: Int?

    static let schema: Schema = {
        typealias S = WorkstreamRequestSchemas
        return .object([
            "kind" <-? S.kinds, "name" <-? .string(), "purpose" <-? .string(), "startDate" <-? S.date,
            "endDate" <-? S.date, "status" <-? S.statuses, "leaderId" <-? .uuid, "leaderCommitment" <-? .integer,
        ])
    }()

    /// Written out so that the demo target may call it: an implicit memberwise initializer is internal.
    package init(
        kind: WorkstreamKind? = nil, name: String? = nil, purpose: String? = nil, startDate: CalendarDate? = nil,
        endDate: CalendarDate? = nil, status: WorkstreamStatus? = nil, leaderId: UUID? = nil,
        leaderCommitment: Int? = nil
    ) {
        self.kind = kind
        self.name = name
        self.purpose = purpose
        self.startDate = startDate
        self.endDate = endDate
        self.status = status
        self.leaderId = leaderId
        self.leaderCommitment = leaderCommitment
    }
}

struct CloseWorkstreamRequest: Content, APIRequestBody {
    var note: String?

    static let schema: Schema = .object(["note" <- .string()])
}

struct ExtendWorkstreamRequest: Content, APIRequestBody {
    var endDate: CalendarDate?
    var reason: String?

    static let schema: Schema = .object(["endDate" <- WorkstreamRequestSchemas.date, "reason" <- .string()])
}

package struct CreateAssignmentRequest: Content, APIRequestBody {
    var personId: UUID?
    var role: String?
    var commitment: Int?
    var termEnd: CalendarDate?

    static let schema: Schema = .object([
        "personId" <- .uuid, "role" <-? .string(), "commitment" <- .integer,
        "termEnd" <-? WorkstreamRequestSchemas.date,
    ])

    /// Written out so that the demo target may call it: an implicit memberwise initializer is internal.
    package init(personId: UUID? = nil, role: String? = nil, commitment: Int? = nil, termEnd: CalendarDate? = nil) {
        self.personId = personId
        self.role = role
        self.commitment = commitment
        self.termEnd = termEnd
    }
}

struct DeclineAssignmentRequest: Content, APIRequestBody {
    var reason: String?

    static let schema: Schema = .object(["reason" <-? .string()])
}

package struct CreateWorkItemRequest: Content, APIRequestBody {
    var title: String?
    var assigneeId: UUID?
    var status: WorkItemStatus?
    var keyResultId: UUID?

    static let schema: Schema = .object([
        "title" <- .string(), "assigneeId" <- .uuid, "status" <-? WorkstreamRequestSchemas.itemStatuses,
        "keyResultId" <-? .uuid,
    ])

    /// Written out so that the demo target may call it: an implicit memberwise initializer is internal.
    package init(
        title: String? = nil, assigneeId: UUID? = nil, status: WorkItemStatus? = nil, keyResultId: UUID? = nil
    ) {
        self.title = title
        self.assigneeId = assigneeId
        self.status = status
        self.keyResultId = keyResultId
    }
}

package struct UpdateWorkItemRequest: Content, APIRequestBody {
    var title: String?
    var assigneeId: UUID?
    var status: WorkItemStatus?
    var keyResultId: UUID?

    static let schema: Schema = .object([
        "title" <-? .string(), "assigneeId" <-? .uuid, "status" <-? WorkstreamRequestSchemas.itemStatuses,
        "keyResultId" <-? .uuid,
    ])

    /// Written out so that the demo target may call it: an implicit memberwise initializer is internal.
    package init(
        title: String? = nil, assigneeId: UUID? = nil, status: WorkItemStatus? = nil, keyResultId: UUID? = nil
    ) {
        self.title = title
        self.assigneeId = assigneeId
        self.status = status
        self.keyResultId = keyResultId
    }
}

package struct LinkKeyResultRequest: Content, APIRequestBody {
    var keyResultId: UUID?

    static let schema: Schema = .object(["keyResultId" <- .uuid])

    /// Written out so that the demo target may call it: an implicit memberwise initializer is internal.
    package init(keyResultId: UUID? = nil) {
        self.keyResultId = keyResultId
    }
}

package struct SaveCharterRequest: Content, APIRequestBody {
    var purpose: String?
    var accountableFor: String?
    var workingAgreements: String?
    var howItDecides: String?
    var reviewDate: CalendarDate?

    static let schema: Schema = .object([
        "purpose" <- .string(), "accountableFor" <-? .string(), "workingAgreements" <-? .string(),
        "howItDecides" <-? .string(), "reviewDate" <-? WorkstreamRequestSchemas.date,
    ])

    /// Written out so that the demo target may call it: an implicit memberwise initializer is internal.
    package init(
        purpose: String? = nil, accountableFor: String? = nil, workingAgreements: String? = nil,
        howItDecides: String? = nil, reviewDate: CalendarDate? = nil
    ) {
        self.purpose = purpose
        self.accountableFor = accountableFor
        self.workingAgreements = workingAgreements
        self.howItDecides = howItDecides
        self.reviewDate = reviewDate
    }
}

package struct AgreeCharterRequest: Content, APIRequestBody {
    var version: Int?

    static let schema: Schema = .object(["version" <- .integer])

    /// Written out so that the demo target may call it: an implicit memberwise initializer is internal.
    package init(version: Int? = nil) {
        self.version = version
    }
}
