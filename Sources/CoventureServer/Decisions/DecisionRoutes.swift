import CoventureCore
import Vapor

extension Routes {
    /// The decision pages, behind sign-in; access is checked in the handlers through `Policy`.
    static func registerDecisionPages(_ signedIn: any RoutesBuilder) {
        typealias P = DecisionPagesController
        signedIn.get(SiteURL.decisions(.key).pathComponents, use: P.register)
        signedIn.post(SiteURL.decisions(.key).pathComponents, use: P.create)
        signedIn.get(SiteURL.newDecision(.key).pathComponents, use: P.new)
        signedIn.get(SiteURL.decision(.key, decision: .key).pathComponents, use: P.show)
        signedIn.post(SiteURL.decision(.key, decision: .key).pathComponents, use: P.update)
        signedIn.post(SiteURL.decisionVote(.key, decision: .key).pathComponents, use: P.vote)
        signedIn.post(SiteURL.decisionOpen(.key, decision: .key).pathComponents, use: P.open)
        signedIn.post(SiteURL.decisionClose(.key, decision: .key).pathComponents, use: P.close)
        signedIn.post(SiteURL.decisionWithdraw(.key, decision: .key).pathComponents, use: P.withdraw)
        signedIn.post(SiteURL.decisionOutcome(.key, decision: .key).pathComponents, use: P.outcome)
        signedIn.get(SiteURL.decisionTypes(.key).pathComponents, use: P.types)
        signedIn.post(SiteURL.decisionTypes(.key).pathComponents, use: P.createType)
        signedIn.post(SiteURL.decisionType(.key, type: .key).pathComponents, use: P.updateType)
        signedIn.post(SiteURL.escalationLadder(.key).pathComponents, use: P.saveLadder)
    }

    static func registerDecisionAPI(_ api: any RoutesBuilder, registry: OpenAPIRegistry) {
        typealias C = DecisionsAPIController
        let page = APISchemas.page(of:)
        let paging = APISchemas.paging
        let conflicts: Set<APIErrorCode> = [.conflict]
        let proposed: [Int: (summary: String, schema: Schema)] = [
            202: ("Once a partner has joined, the change is proposed as a decision of a reserved type (the decision)", .ref("Decision")),
        ]

        api.on(.init(method: .GET, url: .decisionTypes(.key), id: "listDecisionTypes",
                     summary: "The initiative's decision types and their rules", response: page("DecisionType"), query: paging),
               registry: registry, use: C.types)
        api.on(.init(method: .POST, url: .decisionTypes(.key), id: "createDecisionType",
                     summary: "Add a decision type (the admins of any party): at once while the owner is alone (201), as a decision of a reserved type once a partner has joined (202)",
                     request: DecisionTypeRequest.self, response: .ref("DecisionType"), status: 201, extraErrors: conflicts,
                     otherSuccesses: proposed),
               registry: registry, use: C.createType)
        api.on(.init(method: .PATCH, url: .decisionType(.key), id: "updateDecisionType",
                     summary: "Change a decision type's rules (only what is sent): at once while the owner is alone, as a decision once a partner has joined (202)",
                     request: DecisionTypeRequest.self, response: .ref("DecisionType"), extraErrors: conflicts, otherSuccesses: proposed, version: .decisionType),
               registry: registry, use: C.updateType)
        api.on(.init(method: .GET, url: .decisions(.key), id: "listDecisions",
                     summary: "The decision register, newest first; filter by status, type, workstream, party (an organization id) or text",
                     response: page("Decision"),
                     query: paging + [
                        ("status", .enumeration(DecisionStatus.allCases.map(\.rawValue)), "Only decisions in this state."),
                        ("typeId", .uuid, "Only decisions of this type."), ("workstreamId", .uuid, "Only decisions about this workstream."),
                        ("partyId", .uuid, "Only decisions proposed by someone of this organization."),
                        ("q", .string(), "Text in the title or proposal."),
                     ]),
               registry: registry, use: C.list)
        api.on(.init(method: .POST, url: .decisions(.key), id: "createDecision",
                     summary: "Propose a decision (anyone but observers), as a draft or opened at once (`open: true`)",
                     request: CreateDecisionRequest.self, response: .ref("Decision"), status: 201, extraErrors: conflicts),
               registry: registry, use: C.create)
        api.on(.init(method: .GET, url: .decision(.key), id: "getDecision",
                     summary: "A decision with its tally (null while hidden until the close) and, once sealed, its number and outcome",
                     response: .ref("Decision"), version: .decision), registry: registry, use: C.show)
        api.on(.init(method: .PATCH, url: .decision(.key), id: "updateDecision",
                     summary: "Change a draft or open decision (its author and the owner's admins); after the first vote an edit is a new version",
                     request: UpdateDecisionRequest.self, response: .ref("Decision"), extraErrors: conflicts, version: .decision),
               registry: registry, use: C.update)
        api.on(.init(method: .POST, url: .decisionOpen(.key), id: "openDecision",
                     summary: "Open a draft for votes (its author and the owner's admins); `closesAt` defaults to the type's days",
                     request: OpenDecisionRequest.self, response: .ref("Decision"), extraErrors: conflicts),
               registry: registry, use: C.open)
        api.on(.init(method: .POST, url: .decisionClose(.key), id: "closeDecision",
                     summary: "Close early, once every eligible voter has voted (its author and the owner's admins); the server closes the rest at their deadline",
                     response: .ref("Decision"), extraErrors: conflicts),
               registry: registry, use: C.close)
        api.on(.init(method: .POST, url: .decisionWithdraw(.key), id: "withdrawDecision",
                     summary: "Withdraw a draft or open decision (its author and the owner's admins)", response: .ref("Decision"),
                     extraErrors: conflicts),
               registry: registry, use: C.withdraw)
        api.on(.init(method: .GET, url: .decisionVotes(.key), id: "listDecisionVotes",
                     summary: "Every vote with the version it was cast on; `current` marks the one that counts. Hidden until the close: only your own",
                     response: page("Vote"), query: paging),
               registry: registry, use: C.votes)
        api.on(.init(method: .POST, url: .decisionVotes(.key), id: "castVote",
                     summary: "Vote on an open decision (eligible members; observers never); your latest vote counts",
                     request: VoteRequest.self, response: .ref("Vote"), status: 201, extraErrors: conflicts),
               registry: registry, use: C.vote)
        api.on(.init(method: .POST, url: .decisionOutcome(.key), id: "recordDecisionOutcome",
                     summary: "The owner's outcome of a closed advice decision, answering every objection by vote id; it seals the decision",
                     request: OutcomeRequest.self, response: .ref("Decision"), extraErrors: conflicts),
               registry: registry, use: C.outcome)
        api.on(.init(method: .GET, url: .escalationLadder(.key), id: "getEscalationLadder",
                     summary: "The steps a deadlocked reserved matter climbs", response: .ref("EscalationLadder"), version: .escalationLadder),
               registry: registry, use: C.ladder)
        api.on(.init(method: .PUT, url: .escalationLadder(.key), id: "setEscalationLadder",
                     summary: "Set the escalation ladder (the owner's admins): 1–10 steps, each a name, the members who are up, and days",
                     request: EscalationLadderDTO.self, response: .ref("EscalationLadder"), version: .escalationLadder),
               registry: registry, use: C.setLadder)
    }
}

extension VersionedResource {
    /// A decision type has no `GET` of its own: its version is that of what its `PATCH` answers when it changes at once.
    static let decisionType = VersionedResource(table: "decision_types", parameter: "decisionTypeID") { req, db in
        guard let type = try await DecisionReader(db: db).type(try req.uuid("decisionTypeID")) else { throw AppError.notFound }
        return type
    }
    /// The initiative's one ladder: the initiative's row is what conditional changes of it lock.
    static let escalationLadder = VersionedResource(table: "initiatives", parameter: "initiativeID") { req, db in
        DecisionsAPIController.dto(try await DecisionReader(db: db).ladder(try req.uuid("initiativeID")))
    }
    static let decision = VersionedResource(table: "decisions", parameter: "decisionID") { req, db in
        try await DecisionStore(db: db, recorder: req.recorder).detail(try req.uuid("decisionID"))
    }
}
