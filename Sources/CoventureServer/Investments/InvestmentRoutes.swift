import CoventureCore
import Vapor

extension Routes {
    /// The investment pages, behind sign-in; access is checked in the handlers through `Policy`.
    static func registerInvestmentPages(_ signedIn: any RoutesBuilder) {
        typealias P = InvestmentPagesController
        signedIn.get(SiteURL.portfolio(.key).pathComponents, use: P.portfolio)
        signedIn.get(SiteURL.newProposal(.key).pathComponents, use: P.new)
        signedIn.post(SiteURL.proposals(.key).pathComponents, use: P.create)
        signedIn.get(SiteURL.proposal(.key, proposal: .key).pathComponents, use: P.show)
        signedIn.get(SiteURL.proposalEdit(.key, proposal: .key).pathComponents, use: P.edit)
        signedIn.post(SiteURL.proposalEdit(.key, proposal: .key).pathComponents, use: P.update)
        signedIn.post(SiteURL.proposalRatings(.key, proposal: .key).pathComponents, use: P.rate)
        signedIn.post(SiteURL.proposalGates(.key, proposal: .key).pathComponents, use: P.openGate)
        signedIn.post(SiteURL.proposalOutcome(.key, proposal: .key).pathComponents, use: P.outcome)
        signedIn.get(SiteURL.scoringFramework(.key).pathComponents, use: P.framework)
        signedIn.post(SiteURL.scoringFramework(.key).pathComponents, use: P.proposeFramework)
    }

    static func registerInvestmentAPI(_ api: any RoutesBuilder, registry: OpenAPIRegistry) {
        typealias C = InvestmentsAPIController
        let conflicts: Set<APIErrorCode> = [.conflict]
        api.on(.init(method: .GET, url: .scoringFramework(.key), id: "getScoringFramework",
                     summary: "The investment scoring framework in force (null until one is ratified) and every version, newest first",
                     response: .ref("ScoringFrameworks"), version: .scoringFramework),
               registry: registry, use: C.framework)
        api.on(.init(method: .PUT, url: .scoringFramework(.key), id: "proposeScoringFramework",
                     summary: "Propose a new version of the scoring framework (the admins of any party): it is in force once the decision carrying it passes (202, the proposed version with its decisionId)",
                     request: ScoringFrameworkRequest.self, response: .ref("ScoringFramework"), status: 202, version: .scoringFramework),
               registry: registry, use: C.proposeFramework)
        api.on(.init(method: .GET, url: .proposals(.key), id: "listProposals",
                     summary: "The initiative's investment proposals, oldest first, each with its score, funding, tranches and gates",
                     response: APISchemas.page(of: "Proposal"), query: APISchemas.paging),
               registry: registry, use: C.list)
        api.on(.init(method: .POST, url: .proposals(.key), id: "createProposal",
                     summary: "Propose an investment (anyone but observers): the ask in minor units, each party's pledge and the tranches, both summing to the ask",
                     request: CreateProposalRequest.self, response: .ref("Proposal"), status: 201),
               registry: registry, use: C.create)
        api.on(.init(method: .GET, url: .proposal(.key), id: "getProposal",
                     summary: "A proposal with its score (overall, per party, spread and divergence per criterion), funding, tranches and gates",
                     response: .ref("Proposal"), version: .proposal),
               registry: registry, use: C.show)
        api.on(.init(method: .PATCH, url: .proposal(.key), id: "updateProposal",
                     summary: "Change a proposal (its author and the owner's admins; the ask, funding and tranches only before the first gate), or record the owner's kill, hold or recycle with a reason on a gate that did not pass (the owner's admins)",
                     request: UpdateProposalRequest.self, response: .ref("Proposal"), extraErrors: conflicts, version: .proposal),
               registry: registry, use: C.update)
        api.on(.init(method: .POST, url: .proposalRatings(.key), id: "rateProposal",
                     summary: "Score a proposal on the criteria of its framework (anyone but observers); a score replaces your earlier one on that criterion",
                     request: RatingRequest.self, response: .ref("Proposal"), status: 201, extraErrors: conflicts),
               registry: registry, use: C.rate)
        api.on(.init(method: .POST, url: .proposalGates(.key), id: "openGate",
                     summary: "Open the next gate (its author and the owner's admins): a decision on releasing the next tranche, of the initiative's default type or `typeId`",
                     request: OpenGateRequest.self, response: .ref("Proposal"), status: 201, extraErrors: conflicts),
               registry: registry, use: C.openGate)
        api.on(.init(method: .GET, url: .portfolio(.key), id: "getPortfolio",
                     summary: "Every proposal's stage, score with spread, and money asked, released and remaining, per party and in total per currency",
                     response: .ref("Portfolio"),
                     query: [("sort", .enumeration(InvestmentReader.PortfolioSort.allCases.map(\.rawValue)), "The order: created (default), score (highest first), title, stage or ask.")]),
               registry: registry, use: C.portfolio)
    }
}

extension VersionedResource {
    static let proposal = VersionedResource(table: "investment_proposals", parameter: "proposalID") { req, db in
        try await InvestmentReader(db: db).dto(try req.uuid("proposalID"))
    }
}

extension VersionedResource {
    /// The initiative's frameworks (in force and proposed): the initiative's row is what conditional changes lock.
    static let scoringFramework = VersionedResource(table: "initiatives", parameter: "initiativeID") { req, db in
        try await InvestmentReader(db: db).overview(try req.uuid("initiativeID"))
    }
}
