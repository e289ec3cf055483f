import CoventureCore
import Vapor

extension Routes {
    /// The workstream pages, behind sign-in; access is checked in the handlers through `Policy`.
    static func registerWorkstreamPages(_ signedIn: any RoutesBuilder) {
        typealias P = WorkstreamPagesController
        signedIn.get(SiteURL.workstreamMap(.key).pathComponents, use: P.map)
        signedIn.post(SiteURL.workstreamMap(.key).pathComponents, use: P.create)
        signedIn.get(SiteURL.workstream(.key, stream: .key).pathComponents, use: P.show)
        signedIn.post(SiteURL.workstream(.key, stream: .key).pathComponents, use: P.update)
        signedIn.post(SiteURL.workstreamClose(.key, stream: .key).pathComponents, use: P.close)
        signedIn.post(SiteURL.workstreamExtend(.key, stream: .key).pathComponents, use: P.extend)
        signedIn.post(SiteURL.workstreamAssignments(.key, stream: .key).pathComponents, use: P.assign)
        signedIn.post(SiteURL.assignmentDecline(.key, stream: .key, assignment: .key).pathComponents, use: P.decline)
        signedIn.post(SiteURL.workstreamWorkItems(.key, stream: .key).pathComponents, use: P.createWorkItem)
        signedIn.post(SiteURL.workItem(.key, stream: .key, item: .key).pathComponents, use: P.updateWorkItem)
        signedIn.get(SiteURL.workstreamCharter(.key, stream: .key).pathComponents, use: P.charter)
        signedIn.post(SiteURL.workstreamCharter(.key, stream: .key).pathComponents, use: P.saveCharter)
        signedIn.post(SiteURL.charterAgree(.key, stream: .key).pathComponents, use: P.agreeToCharter)
        signedIn.get(SiteURL.initiativePerson(.key, person: .key).pathComponents, use: P.person)
        signedIn.post(SiteURL.workstreamKeyResults(.key, stream: .key).pathComponents, use: P.linkKeyResult)
        signedIn.post(SiteURL.workstreamKeyResultRemove(.key, stream: .key, keyResult: .key).pathComponents, use: P.unlinkKeyResult)
    }

    static func registerWorkstreamAPI(_ api: any RoutesBuilder, registry: OpenAPIRegistry) {
        typealias C = WorkstreamsAPIController
        let page = APISchemas.page(of:)
        let paging = APISchemas.paging
        // A closed stream refuses every change to it (409), as do an assignment or a link that already exists.
        let conflicts: Set<APIErrorCode> = [.conflict]

        api.on(.init(method: .GET, url: .workstreams(.key), id: "listWorkstreams",
                     summary: "The initiative's workstreams with their people, key results and health flags",
                     response: page("Workstream"), query: paging), registry: registry, use: C.list)
        api.on(.init(method: .POST, url: .workstreams(.key), id: "createWorkstream",
                     summary: "Start a workstream (admins of any party, and leaders); it starts as forming",
                     request: CreateWorkstreamRequest.self, response: .ref("Workstream"), status: 201),
               registry: registry, use: C.create)
        api.on(.init(method: .GET, url: .workstream(.key), id: "getWorkstream",
                     summary: "A workstream, with `flags` drawn from \(HealthFlag.allCases.map(\.rawValue).joined(separator: ", "))",
                     response: .ref("Workstream"), version: .workstream), registry: registry, use: C.show)
        api.on(.init(method: .PATCH, url: .workstream(.key), id: "updateWorkstream",
                     summary: "Change fields, leader or status (forming → active → sunsetting → closed) of a workstream (admins and its leader)",
                     request: UpdateWorkstreamRequest.self, response: .ref("Workstream"), extraErrors: conflicts, version: .workstream),
               registry: registry, use: C.update)
        api.on(.init(method: .POST, url: .workstreamClose(.key), id: "closeWorkstream",
                     summary: "Close a workstream with a short retrospective note (admins and its leader)",
                     request: CloseWorkstreamRequest.self, response: .ref("Workstream"), extraErrors: conflicts),
               registry: registry, use: C.close)
        api.on(.init(method: .POST, url: .workstreamExtend(.key), id: "extendWorkstream",
                     summary: "Give a temporary workstream a later end date, with the reason (admins and its leader)",
                     request: ExtendWorkstreamRequest.self, response: .ref("Workstream"), extraErrors: conflicts),
               registry: registry, use: C.extend)
        api.on(.init(method: .POST, url: .assignments(.key), id: "createAssignment",
                     summary: "Assign a member of any party to the workstream (admins and its leader)",
                     request: CreateAssignmentRequest.self, response: .ref("Assignment"), status: 201,
                     extraErrors: conflicts),
               registry: registry, use: C.assign)
        api.on(.init(method: .DELETE, url: .assignment(.key, assignment: .key), id: "endAssignment",
                     summary: "End an assignment (admins and the stream's leader)", response: nil, status: 204),
               registry: registry, use: C.endAssignment)
        api.on(.init(method: .POST, url: .assignmentDecline(.key, assignment: .key), id: "declineAssignment",
                     summary: "Decline your own assignment", request: DeclineAssignmentRequest.self, response: nil, status: 204),
               registry: registry, use: C.decline)
        api.on(.init(method: .GET, url: .workItems(.key), id: "listWorkItems", summary: "The workstream's work items",
                     response: page("WorkItem"), query: paging), registry: registry, use: C.workItems)
        api.on(.init(method: .POST, url: .workItems(.key), id: "createWorkItem",
                     summary: "Add a work item for someone in the workstream, optionally linked to a key result (its people, leader and admins)",
                     request: CreateWorkItemRequest.self, response: .ref("WorkItem"), status: 201,
                     extraErrors: conflicts),
               registry: registry, use: C.createWorkItem)
        api.on(.init(method: .PATCH, url: .workItem(.key, item: .key), id: "updateWorkItem",
                     summary: "Change a work item's status, assignee, title or key result",
                     request: UpdateWorkItemRequest.self, response: .ref("WorkItem"), extraErrors: conflicts, version: .workItem),
               registry: registry, use: C.updateWorkItem)
        api.on(.init(method: .GET, url: .charter(.key), id: "getCharter", summary: "The current version of the workstream's team charter",
                     response: .ref("Charter"), version: .charter), registry: registry, use: C.charter)
        api.on(.init(method: .PUT, url: .charter(.key), id: "saveCharter",
                     summary: "Save the charter: any change is a new version that every party represented must agree to again (admins and the leader)",
                     request: SaveCharterRequest.self, response: .ref("Charter"), extraErrors: conflicts, version: .charter),
               registry: registry, use: C.saveCharter)
        api.on(.init(method: .POST, url: .charterAgreements(.key), id: "agreeToCharter",
                     summary: "Agree, for your organization, to the current version of the charter (give the version you read)",
                     request: AgreeCharterRequest.self, response: .ref("Charter"), extraErrors: conflicts),
               registry: registry, use: C.agreeToCharter)
        api.on(.init(method: .GET, url: .charterVersions(.key), id: "listCharterVersions",
                     summary: "Every version of the charter, newest first, with who agreed to each",
                     response: page("Charter"), query: paging), registry: registry, use: C.charterVersions)
        api.on(.init(method: .POST, url: .workstreamKeyResults(.key), id: "linkWorkstreamKeyResult",
                     summary: "Record that the workstream contributes to a key result of its initiative (admins and its leader)",
                     request: LinkKeyResultRequest.self, response: .ref("Workstream"), extraErrors: conflicts),
               registry: registry, use: C.linkKeyResult)
        api.on(.init(method: .DELETE, url: .workstreamKeyResult(.key, keyResult: .key), id: "unlinkWorkstreamKeyResult",
                     summary: "The workstream no longer contributes to the key result (admins and its leader)", response: nil, status: 204,
                     extraErrors: conflicts),
               registry: registry, use: C.unlinkKeyResult)
        api.on(.init(method: .GET, url: .personWorkstreams(.key), id: "getPersonWorkstreams",
                     summary: "A person's workstreams and work items in the initiatives you share, and their total commitment",
                     response: .ref("PersonWorkstreams")), registry: registry, use: C.personStreams)
    }
}

/// The named schemas of the workstream DTOs (merged into `APISchemas.components`).
enum WorkstreamSchemas {
    static let components: [String: Schema] = {
        let date = Schema.string(format: "date")
        let kinds = Schema.enumeration(WorkstreamKind.allCases.map(\.rawValue))
        return [
            "StreamPerson": .object([
                "personId" <- .uuid, "name" <- .string(), "organizationId" <- .uuid, "organizationName" <- .string(), "commitment" <- .integer,
            ]),
            "Assignment": .object([
                "id" <- .uuid, "workstreamId" <- .uuid, "personId" <- .uuid, "name" <- .string(), "organizationId" <- .uuid,
                "organizationName" <- .string(), "role" <- .string(), "commitment" <- .integer, "termEnd" <-? date,
            ]),
            "StreamParty": .object(["organizationId" <- .uuid, "organizationName" <- .string()]),
            "StreamKeyResult": .object([
                "id" <- .uuid, "title" <- .string(), "objectiveId" <-? .uuid, "objectiveTitle" <-? .string(), "progress" <-? .nullable(.any),
            ]),
            "CharterStatus": .object([
                "version" <- .integer, "inEffect" <- .boolean, "reviewDate" <-? date, "reviewDue" <- .boolean,
                "partiesYetToAgree" <- .array(.uuid),
            ]),
            "Workstream": .object([
                "id" <- .uuid, "initiativeId" <- .uuid, "kind" <- kinds, "name" <- .string(), "purpose" <- .string(),
                "startDate" <- date, "endDate" <-? date, "status" <- .enumeration(WorkstreamStatus.allCases.map(\.rawValue)),
                "leader" <-? .ref("StreamPerson"), "assignments" <- .array(.ref("Assignment")), "parties" <- .array(.ref("StreamParty")),
                "totalCommitment" <- .integer, "keyResults" <- .array(.ref("StreamKeyResult")),
                "flags" <- .array(.enumeration(HealthFlag.allCases.map(\.rawValue))), "charter" <-? .ref("CharterStatus"),
                "closingNote" <-? .string(), "createdAt" <- .dateTime,
            ]),
            "WorkItem": .object([
                "id" <- .uuid, "workstreamId" <- .uuid, "title" <- .string(), "assigneeId" <- .uuid, "assigneeName" <- .string(),
                "status" <- .enumeration(WorkItemStatus.allCases.map(\.rawValue)), "keyResultId" <-? .uuid, "createdAt" <- .dateTime,
            ]),
            "CharterAgreement": .object([
                "personId" <- .uuid, "name" <- .string(), "organizationId" <- .uuid, "organizationName" <- .string(), "agreedAt" <- .dateTime,
            ]),
            "Charter": .object([
                "id" <- .uuid, "workstreamId" <- .uuid, "version" <- .integer, "isCurrent" <- .boolean, "purpose" <- .string(),
                "accountableFor" <- .string(), "workingAgreements" <- .string(), "howItDecides" <- .string(), "reviewDate" <-? date,
                "createdAt" <- .dateTime, "agreements" <- .array(.ref("CharterAgreement")),
            ]),
            "WorkItemSummary": .object([
                "id" <- .uuid, "title" <- .string(), "status" <- .enumeration(WorkItemStatus.allCases.map(\.rawValue)),
                "workstreamId" <- .uuid, "workstreamName" <- .string(), "assigneeId" <- .uuid, "keyResultId" <-? .uuid,
            ]),
            "PersonStream": .object([
                "workstreamId" <- .uuid, "initiativeId" <- .uuid, "initiativeName" <- .string(), "name" <- .string(), "kind" <- kinds,
                "status" <- .enumeration(WorkstreamStatus.allCases.map(\.rawValue)), "role" <- .string(), "commitment" <- .integer,
                "isLeader" <- .boolean, "termEnd" <-? date, "assignmentId" <-? .uuid,
            ]),
            "PersonWorkstreams": .object([
                "personId" <- .uuid, "name" <- .string(), "organizationId" <- .uuid, "organizationName" <- .string(),
                "totalCommitment" <- .integer, "overCommitted" <- .boolean, "streams" <- .array(.ref("PersonStream")),
                "workItems" <- .array(.ref("WorkItemSummary")),
            ]),
        ]
    }()
}

extension VersionedResource {
    static let workstream = VersionedResource(table: WorkstreamRow.table, parameter: "workstreamID") { req, db in
        try await WorkstreamReader(db: db).detail(try req.uuid("workstreamID"))
    }
    /// The stream's current charter (a save makes a new version): the stream's row is what conditional saves lock.
    static let charter = VersionedResource(table: WorkstreamRow.table, parameter: "workstreamID") { req, db in
        guard let current = try await WorkstreamReader(db: db).charterVersions(of: try req.uuid("workstreamID")).first else {
            throw AppError.notFound
        }
        return current
    }
    /// A work item has no `GET` of its own: its version is that of what its `PATCH` answers.
    static let workItem = VersionedResource(table: WorkItemRow.table, parameter: "workItemID") { req, db in
        try await WorkstreamReader(db: db).workItem(try req.uuid("workItemID"), in: try req.uuid("workstreamID"))
    }
}
