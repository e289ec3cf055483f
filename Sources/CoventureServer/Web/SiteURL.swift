import Foundation
import Vapor

/// A path parameter: `.key` when registering a route, `.value(x)` when printing a link.
enum Param<Value: Sendable & CustomStringConvertible>: Sendable {
    case key
    case value(Value)
}

/// Every URL of the app, for both route registration and links, so a link can never point at a route that does
/// not exist. No path literal appears anywhere else.
enum SiteURL: Sendable {
    case home
    case signIn
    case signOut
    case healthz
    case stylesheet
    /// The icon browsers ask for on every page (served from `Public/`; without it each page logged a 404).
    case favicon
    case script
    case ledgerScript
    case okrImportScript
    case liveScript
    case initiatives
    case newInitiative
    case initiative(Param<UUID>)
    case initiativeSettings(Param<UUID>)
    case initiativeActivity(Param<UUID>)
    case initiativeLedger(Param<UUID>)
    case ledgerEntry(Param<UUID>, index: Param<Int>)
    case ledgerCosignerKey(Param<UUID>)
    case initiativeMembers(Param<UUID>)
    case memberRole(Param<UUID>, member: Param<UUID>)
    case memberRemove(Param<UUID>, member: Param<UUID>)
    case initiativeInvitations(Param<UUID>)
    case invitationRevoke(Param<UUID>, invitation: Param<UUID>)
    case initiativePartners(Param<UUID>)
    case invitation(Param<String>)
    case organization(Param<UUID>)
    case tokens
    case tokenRevoke(Param<UUID>)
    case okrTree(Param<UUID>)
    case okrImport(Param<UUID>)
    case okrExport(Param<UUID>)
    case okrSettings(Param<UUID>)
    case lineOfSight(Param<UUID>)
    case objective(Param<UUID>)
    case objectiveKeyResults(Param<UUID>)
    case objectiveAlignments(Param<UUID>)
    case objectiveAlignmentRemove(Param<UUID>, alignment: Param<UUID>)
    case keyResult(Param<UUID>)
    case keyResultCheckIns(Param<UUID>)
    case organizationOKRs(Param<UUID>)
    // Workstreams (#4)
    case workstreamMap(Param<UUID>)
    case workstream(Param<UUID>, stream: Param<UUID>)
    case workstreamClose(Param<UUID>, stream: Param<UUID>)
    case workstreamExtend(Param<UUID>, stream: Param<UUID>)
    case workstreamAssignments(Param<UUID>, stream: Param<UUID>)
    case assignmentDecline(Param<UUID>, stream: Param<UUID>, assignment: Param<UUID>)
    case workstreamWorkItems(Param<UUID>, stream: Param<UUID>)
    case workItem(Param<UUID>, stream: Param<UUID>, item: Param<UUID>)
    case workstreamCharter(Param<UUID>, stream: Param<UUID>)
    case charterAgree(Param<UUID>, stream: Param<UUID>)
    case initiativePerson(Param<UUID>, person: Param<UUID>)
    case workstreamKeyResults(Param<UUID>, stream: Param<UUID>)
    case workstreamKeyResultRemove(Param<UUID>, stream: Param<UUID>, keyResult: Param<UUID>)
    // Home, "Needs you" (#12)
    case homeMarkRead(Param<UUID>)
    case noticeDismiss(Param<UUID>)
    // Decisions (#13)
    case decisions(Param<UUID>)
    case newDecision(Param<UUID>)
    case decision(Param<UUID>, decision: Param<UUID>)
    case decisionVote(Param<UUID>, decision: Param<UUID>)
    case decisionOpen(Param<UUID>, decision: Param<UUID>)
    case decisionClose(Param<UUID>, decision: Param<UUID>)
    case decisionWithdraw(Param<UUID>, decision: Param<UUID>)
    case decisionOutcome(Param<UUID>, decision: Param<UUID>)
    case decisionTypes(Param<UUID>)
    case decisionType(Param<UUID>, type: Param<UUID>)
    case escalationLadder(Param<UUID>)
    // Value (#14)
    case value(Param<UUID>)
    case newValueMetric(Param<UUID>)
    case valueMetric(Param<UUID>, metric: Param<UUID>)
    case valueMeasurements(Param<UUID>, metric: Param<UUID>)
    case valueVerdicts(Param<UUID>, metric: Param<UUID>, measurement: Param<UUID>)
    // Notifications
    case notifications
    case notificationRead(Param<UUID>)
    case notificationsReadAll
    // Investments (#14)
    case portfolio(Param<UUID>)
    case proposals(Param<UUID>)
    case newProposal(Param<UUID>)
    case proposal(Param<UUID>, proposal: Param<UUID>)
    case proposalEdit(Param<UUID>, proposal: Param<UUID>)
    case proposalRatings(Param<UUID>, proposal: Param<UUID>)
    case proposalGates(Param<UUID>, proposal: Param<UUID>)
    case proposalOutcome(Param<UUID>, proposal: Param<UUID>)
    case scoringFramework(Param<UUID>)
    // The partnership report (#14)
    case partnershipReport(Param<UUID>)
    // Practices (#15)
    case practices(Param<UUID>)
    case newPractice(Param<UUID>)
    case practice(Param<UUID>, practice: Param<UUID>)
    case practiceEdit(Param<UUID>, practice: Param<UUID>)
    case practiceReviews(Param<UUID>, practice: Param<UUID>)
    case workstreamAdoptions(Param<UUID>, stream: Param<UUID>)
    case adoption(Param<UUID>, stream: Param<UUID>, adoption: Param<UUID>)
    case workstreamRetrospectives(Param<UUID>, stream: Param<UUID>)
    // Pulse (#15)
    case pulse(Param<UUID>)
    case pulseAnswers(Param<UUID>)
    case pulseRounds(Param<UUID>)
    case pulseSettings(Param<UUID>)
    // My updates (#16)
    case myUpdates
    // Webhooks (#16)
    case webhooks(Param<UUID>)
    case webhook(Param<UUID>, webhook: Param<UUID>)
    case webhookDelete(Param<UUID>, webhook: Param<UUID>)
    case webhookTest(Param<UUID>, webhook: Param<UUID>)
    case webhookRotate(Param<UUID>, webhook: Param<UUID>)
    // Live updates (#17): Server-Sent Events of an initiative's changes
    case live(Param<UUID>)
    // An organization's webhooks (#16): its own log and every initiative it is a party to
    case organizationWebhooks(Param<UUID>)
    case organizationWebhook(Param<UUID>, webhook: Param<UUID>)
    case organizationWebhookDelete(Param<UUID>, webhook: Param<UUID>)
    case organizationWebhookTest(Param<UUID>, webhook: Param<UUID>)
    case organizationWebhookRotate(Param<UUID>, webhook: Param<UUID>)
    // Inbound key-result feeds (#16)
    case keyResultFeeds(Param<UUID>)
    case keyResultFeedRevoke(Param<UUID>, feed: Param<UUID>)
    // Personal calendar feeds (#16): `file` is the secret followed by ".ics"
    case calendarFeed(Param<String>)
    case tokensCalendarFeed
    case tokensCalendarFeedRevoke
    // Prometheus metrics (#16), behind COVENTURE_METRICS_TOKEN
    case metrics
    case api(APIURL)

    /// Segments, where a parameter is `(name, value-or-nil)`.
    fileprivate var segments: [Segment] {
        switch self {
        case .home: []
        case .signIn: ["sign-in"]
        case .signOut: ["sign-out"]
        case .healthz: ["healthz"]
        case .stylesheet: ["styles.css"]
        case .favicon: ["favicon.ico"]
        case .myUpdates: ["me", "updates"]
        case .script: ["app.js"]
        case .ledgerScript: ["ledger.js"]
        case .liveScript: ["live.js"]
        case .okrImportScript: ["okr-import.js"]
        case .initiatives: ["initiatives"]
        case .newInitiative: ["initiatives", "new"]
        case .initiative(let id): ["initiatives", .param("initiativeID", id)]
        case .initiativeSettings(let id): ["initiatives", .param("initiativeID", id), "settings"]
        case .initiativeActivity(let id): ["initiatives", .param("initiativeID", id), "activity"]
        case .initiativeLedger(let id): ["initiatives", .param("initiativeID", id), "ledger"]
        case .ledgerEntry(let id, let index): ["initiatives", .param("initiativeID", id), "ledger", .param("index", index)]
        case .ledgerCosignerKey(let id): ["initiatives", .param("initiativeID", id), "ledger", "cosigner-key"]
        case .initiativeMembers(let id): ["initiatives", .param("initiativeID", id), "members"]
        case .memberRole(let id, let member):
            ["initiatives", .param("initiativeID", id), "members", .param("memberID", member), "role"]
        case .memberRemove(let id, let member):
            ["initiatives", .param("initiativeID", id), "members", .param("memberID", member), "remove"]
        case .initiativeInvitations(let id): ["initiatives", .param("initiativeID", id), "invitations"]
        case .invitationRevoke(let id, let invitation):
            ["initiatives", .param("initiativeID", id), "invitations", .param("invitationID", invitation), "revoke"]
        case .initiativePartners(let id): ["initiatives", .param("initiativeID", id), "partners"]
        case .invitation(let code): ["invitations", .param("code", code)]
        case .organization(let id): ["organizations", .param("organizationID", id)]
        case .tokens: ["tokens"]
        case .tokenRevoke(let id): ["tokens", .param("tokenID", id), "revoke"]
        case .okrTree(let id): ["initiatives", .param("initiativeID", id), "okrs"]
        case .okrImport(let id): ["initiatives", .param("initiativeID", id), "okrs", "import"]
        case .okrExport(let id): ["initiatives", .param("initiativeID", id), "okrs.csv"]
        case .okrSettings(let id): ["initiatives", .param("initiativeID", id), "okrs", "settings"]
        case .lineOfSight(let id): ["initiatives", .param("initiativeID", id), "line-of-sight"]
        case .objective(let id): ["objectives", .param("objectiveID", id)]
        case .objectiveKeyResults(let id): ["objectives", .param("objectiveID", id), "key-results"]
        case .objectiveAlignments(let id): ["objectives", .param("objectiveID", id), "alignments"]
        case .objectiveAlignmentRemove(let id, let alignment):
            ["objectives", .param("objectiveID", id), "alignments", .param("alignmentID", alignment), "remove"]
        case .keyResult(let id): ["key-results", .param("keyResultID", id)]
        case .keyResultCheckIns(let id): ["key-results", .param("keyResultID", id), "check-ins"]
        case .organizationOKRs(let id): ["organizations", .param("organizationID", id), "okrs"]
        case .workstreamMap(let id): ["initiatives", .param("initiativeID", id), "workstreams"]
        case .workstream(let id, let stream): ["initiatives", .param("initiativeID", id), "workstreams", .param("workstreamID", stream)]
        case .workstreamClose(let id, let stream):
            ["initiatives", .param("initiativeID", id), "workstreams", .param("workstreamID", stream), "close"]
        case .workstreamExtend(let id, let stream):
            ["initiatives", .param("initiativeID", id), "workstreams", .param("workstreamID", stream), "extend"]
        case .workstreamAssignments(let id, let stream):
            ["initiatives", .param("initiativeID", id), "workstreams", .param("workstreamID", stream), "assignments"]
        case .assignmentDecline(let id, let stream, let assignment):
            ["initiatives", .param("initiativeID", id), "workstreams", .param("workstreamID", stream), "assignments",
             .param("assignmentID", assignment), "decline"]
        case .workstreamWorkItems(let id, let stream):
            ["initiatives", .param("initiativeID", id), "workstreams", .param("workstreamID", stream), "work-items"]
        case .workItem(let id, let stream, let item):
            ["initiatives", .param("initiativeID", id), "workstreams", .param("workstreamID", stream), "work-items", .param("workItemID", item)]
        case .workstreamCharter(let id, let stream):
            ["initiatives", .param("initiativeID", id), "workstreams", .param("workstreamID", stream), "charter"]
        case .charterAgree(let id, let stream):
            ["initiatives", .param("initiativeID", id), "workstreams", .param("workstreamID", stream), "charter", "agree"]
        case .initiativePerson(let id, let person): ["initiatives", .param("initiativeID", id), "people", .param("personID", person)]
        case .workstreamKeyResults(let id, let stream):
            ["initiatives", .param("initiativeID", id), "workstreams", .param("workstreamID", stream), "key-results"]
        case .workstreamKeyResultRemove(let id, let stream, let keyResult):
            ["initiatives", .param("initiativeID", id), "workstreams", .param("workstreamID", stream), "key-results",
             .param("keyResultID", keyResult), "remove"]
        case .homeMarkRead(let id): ["initiatives", .param("initiativeID", id), "mark-read"]
        case .noticeDismiss(let id): ["notices", .param("noticeID", id), "dismiss"]
        case .decisions(let id): ["initiatives", .param("initiativeID", id), "decisions"]
        case .newDecision(let id): ["initiatives", .param("initiativeID", id), "decisions", "new"]
        case .decision(let id, let decision): ["initiatives", .param("initiativeID", id), "decisions", .param("decisionID", decision)]
        case .decisionVote(let id, let decision):
            ["initiatives", .param("initiativeID", id), "decisions", .param("decisionID", decision), "vote"]
        case .decisionOpen(let id, let decision):
            ["initiatives", .param("initiativeID", id), "decisions", .param("decisionID", decision), "open"]
        case .decisionClose(let id, let decision):
            ["initiatives", .param("initiativeID", id), "decisions", .param("decisionID", decision), "close"]
        case .decisionWithdraw(let id, let decision):
            ["initiatives", .param("initiativeID", id), "decisions", .param("decisionID", decision), "withdraw"]
        case .decisionOutcome(let id, let decision):
            ["initiatives", .param("initiativeID", id), "decisions", .param("decisionID", decision), "outcome"]
        case .decisionTypes(let id): ["initiatives", .param("initiativeID", id), "decision-types"]
        case .decisionType(let id, let type): ["initiatives", .param("initiativeID", id), "decision-types", .param("decisionTypeID", type)]
        case .escalationLadder(let id): ["initiatives", .param("initiativeID", id), "escalation-ladder"]
        // Value (#14)
        case .value(let id): ["initiatives", .param("initiativeID", id), "value"]
        case .newValueMetric(let id): ["initiatives", .param("initiativeID", id), "value", "new"]
        case .valueMetric(let id, let metric): ["initiatives", .param("initiativeID", id), "value", .param("valueMetricID", metric)]
        case .valueMeasurements(let id, let metric):
            ["initiatives", .param("initiativeID", id), "value", .param("valueMetricID", metric), "measurements"]
        case .valueVerdicts(let id, let metric, let measurement):
            ["initiatives", .param("initiativeID", id), "value", .param("valueMetricID", metric), "measurements", .param("measurementID", measurement), "verdicts"]
        case .notifications: ["notifications"]
        case .notificationRead(let id): ["notifications", .param("notificationID", id), "read"]
        case .notificationsReadAll: ["notifications", "read-all"]
        case .portfolio(let id): ["initiatives", .param("initiativeID", id), "portfolio"]
        case .proposals(let id): ["initiatives", .param("initiativeID", id), "proposals"]
        case .newProposal(let id): ["initiatives", .param("initiativeID", id), "proposals", "new"]
        case .proposal(let id, let proposal): ["initiatives", .param("initiativeID", id), "proposals", .param("proposalID", proposal)]
        case .proposalEdit(let id, let proposal): ["initiatives", .param("initiativeID", id), "proposals", .param("proposalID", proposal), "edit"]
        case .proposalRatings(let id, let proposal):
            ["initiatives", .param("initiativeID", id), "proposals", .param("proposalID", proposal), "ratings"]
        case .proposalGates(let id, let proposal): ["initiatives", .param("initiativeID", id), "proposals", .param("proposalID", proposal), "gates"]
        case .proposalOutcome(let id, let proposal):
            ["initiatives", .param("initiativeID", id), "proposals", .param("proposalID", proposal), "outcome"]
        case .scoringFramework(let id): ["initiatives", .param("initiativeID", id), "scoring-framework"]
        case .partnershipReport(let id): ["initiatives", .param("initiativeID", id), "report"]
        case .practices(let id): ["initiatives", .param("initiativeID", id), "practices"]
        case .newPractice(let id): ["initiatives", .param("initiativeID", id), "practices", "new"]
        case .practice(let id, let practice): ["initiatives", .param("initiativeID", id), "practices", .param("practiceID", practice)]
        case .practiceEdit(let id, let practice): ["initiatives", .param("initiativeID", id), "practices", .param("practiceID", practice), "edit"]
        case .practiceReviews(let id, let practice):
            ["initiatives", .param("initiativeID", id), "practices", .param("practiceID", practice), "reviews"]
        case .workstreamAdoptions(let id, let stream):
            ["initiatives", .param("initiativeID", id), "workstreams", .param("workstreamID", stream), "adoptions"]
        case .adoption(let id, let stream, let adoption):
            ["initiatives", .param("initiativeID", id), "workstreams", .param("workstreamID", stream), "adoptions", .param("adoptionID", adoption)]
        case .workstreamRetrospectives(let id, let stream):
            ["initiatives", .param("initiativeID", id), "workstreams", .param("workstreamID", stream), "retrospectives"]
        // Pulse (#15)
        case .pulse(let id): ["initiatives", .param("initiativeID", id), "pulse"]
        case .pulseAnswers(let id): ["initiatives", .param("initiativeID", id), "pulse", "answers"]
        case .pulseRounds(let id): ["initiatives", .param("initiativeID", id), "pulse", "rounds"]
        case .pulseSettings(let id): ["initiatives", .param("initiativeID", id), "pulse", "settings"]
        // Webhooks (#16)
        case .webhooks(let id): ["initiatives", .param("initiativeID", id), "webhooks"]
        case .webhook(let id, let webhook): ["initiatives", .param("initiativeID", id), "webhooks", .param("webhookID", webhook)]
        case .webhookDelete(let id, let webhook): ["initiatives", .param("initiativeID", id), "webhooks", .param("webhookID", webhook), "delete"]
        case .webhookTest(let id, let webhook): ["initiatives", .param("initiativeID", id), "webhooks", .param("webhookID", webhook), "test"]
        case .webhookRotate(let id, let webhook): ["initiatives", .param("initiativeID", id), "webhooks", .param("webhookID", webhook), "rotate"]
        case .live(let id): ["initiatives", .param("initiativeID", id), "live"]
        case .organizationWebhooks(let id): ["organizations", .param("organizationID", id), "webhooks"]
        case .organizationWebhook(let id, let webhook): ["organizations", .param("organizationID", id), "webhooks", .param("webhookID", webhook)]
        case .organizationWebhookDelete(let id, let webhook):
            ["organizations", .param("organizationID", id), "webhooks", .param("webhookID", webhook), "delete"]
        case .organizationWebhookTest(let id, let webhook):
            ["organizations", .param("organizationID", id), "webhooks", .param("webhookID", webhook), "test"]
        case .organizationWebhookRotate(let id, let webhook):
            ["organizations", .param("organizationID", id), "webhooks", .param("webhookID", webhook), "rotate"]
        // Inbound key-result feeds (#16)
        case .keyResultFeeds(let id): ["key-results", .param("keyResultID", id), "feeds"]
        case .keyResultFeedRevoke(let id, let feed): ["key-results", .param("keyResultID", id), "feeds", .param("feedID", feed), "revoke"]
        case .calendarFeed(let file): ["calendar", .param("file", file)]
        case .tokensCalendarFeed: ["tokens", "calendar-feed"]
        case .tokensCalendarFeedRevoke: ["tokens", "calendar-feed", "revoke"]
        case .metrics: ["metrics"]
        case .api(let api): ["api", "v1"] + api.segments
        }
    }

    /// The path for links: `/initiatives/6F…`.
    var path: String { Segment.path(segments) }
    /// The components for registering the route: `initiatives/:initiativeID`.
    var pathComponents: [PathComponent] { Segment.components(segments) }
    /// The OpenAPI form: `/api/v1/initiatives/{initiativeID}`.
    var template: String { Segment.template(segments) }
}

/// Every path of the JSON API, under `/api/v1`.
enum APIURL: Sendable {
    case openAPI
    case initiatives
    case initiative(Param<UUID>)
    case governance(Param<UUID>)
    case parties(Param<UUID>)
    case members(Param<UUID>)
    case member(Param<UUID>, member: Param<UUID>)
    case invitations(Param<UUID>)
    case invitation(Param<UUID>, invitation: Param<UUID>)
    case acceptInvitation(Param<String>)
    case events(Param<UUID>)
    case me
    case person(Param<UUID>)
    case organization(Param<UUID>)
    case tokens
    case token(Param<UUID>)
    case ledgerVerifierKey
    case ledgerCheckpoint(Param<UUID>)
    case ledgerEntries(Param<UUID>)
    case ledgerInclusionProof(Param<UUID>)
    case ledgerConsistencyProof(Param<UUID>)
    case ledgerCosignatures(Param<UUID>)
    case cosignerKey(Param<UUID>)
    case initiativeObjectives(Param<UUID>)
    case initiativeOKRs(Param<UUID>)
    case initiativeOKRsCSV(Param<UUID>)
    case initiativeOKRSettings(Param<UUID>)
    case lineOfSight(Param<UUID>)
    case alignmentReport(Param<UUID>)
    case objective(Param<UUID>)
    case objectiveKeyResults(Param<UUID>)
    case objectiveAlignments(Param<UUID>)
    case objectiveAlignment(Param<UUID>, alignment: Param<UUID>)
    case keyResult(Param<UUID>)
    case keyResultCheckIns(Param<UUID>)
    case organizationObjectives(Param<UUID>)
    // Workstreams (#4)
    case workstreams(Param<UUID>)
    case workstream(Param<UUID>)
    case workstreamClose(Param<UUID>)
    case workstreamExtend(Param<UUID>)
    case assignments(Param<UUID>)
    case assignment(Param<UUID>, assignment: Param<UUID>)
    case assignmentDecline(Param<UUID>, assignment: Param<UUID>)
    case workItems(Param<UUID>)
    case workItem(Param<UUID>, item: Param<UUID>)
    case charter(Param<UUID>)
    case charterAgreements(Param<UUID>)
    case charterVersions(Param<UUID>)
    case personWorkstreams(Param<UUID>)
    case workstreamKeyResults(Param<UUID>)
    case workstreamKeyResult(Param<UUID>, keyResult: Param<UUID>)
    // Decisions (#13)
    case decisionTypes(Param<UUID>)
    case decisionType(Param<UUID>)
    case decisions(Param<UUID>)
    case decision(Param<UUID>)
    case decisionOpen(Param<UUID>)
    case decisionClose(Param<UUID>)
    case decisionWithdraw(Param<UUID>)
    case decisionVotes(Param<UUID>)
    case decisionOutcome(Param<UUID>)
    case escalationLadder(Param<UUID>)
    // Value (#14)
    case valueMetrics(Param<UUID>)
    case valueMetric(Param<UUID>)
    case valueMeasurements(Param<UUID>)
    case measurementVerdicts(Param<UUID>)
    // Notifications
    case myNotifications
    case notificationRead(Param<UUID>)
    // My updates (#16)
    case myKeyResults
    case myCheckIns
    // Investments (#14)
    case scoringFramework(Param<UUID>)
    case proposals(Param<UUID>)
    case proposal(Param<UUID>)
    case proposalRatings(Param<UUID>)
    case proposalGates(Param<UUID>)
    case portfolio(Param<UUID>)
    // Practices (#15)
    case catalogue
    case practice(Param<UUID>)
    case practiceVersions(Param<UUID>)
    case practiceReviews(Param<UUID>)
    case initiativePractices(Param<UUID>)
    case adoptions(Param<UUID>)
    case adoption(Param<UUID>)
    case retrospectives(Param<UUID>)
    // Pulse (#15)
    case pulseSettings(Param<UUID>)
    case pulseRounds(Param<UUID>)
    case pulseAnswers(Param<UUID>)
    case pulse(Param<UUID>)
    // Webhooks (#16)
    case webhooks(Param<UUID>)
    case webhook(Param<UUID>)
    case webhookTest(Param<UUID>)
    case webhookRotateSecret(Param<UUID>)
    case webhookDeliveries(Param<UUID>)
    case organizationWebhooks(Param<UUID>)
    // Inbound key-result feeds (#16)
    case keyResultFeeds(Param<UUID>)
    case feed(Param<UUID>)
    /// The feed itself, called by a tool: its secret is the credential.
    case feedCall(Param<String>)
    // Personal calendar feeds (#16)
    case calendarFeed
    // A party's full export (#17)
    case initiativeExport(Param<UUID>)

    fileprivate var segments: [Segment] {
        switch self {
        case .openAPI: ["openapi.json"]
        case .initiatives: ["initiatives"]
        case .initiative(let id): ["initiatives", .param("initiativeID", id)]
        case .governance(let id): ["initiatives", .param("initiativeID", id), "governance"]
        case .parties(let id): ["initiatives", .param("initiativeID", id), "parties"]
        case .members(let id): ["initiatives", .param("initiativeID", id), "members"]
        case .member(let id, let member): ["initiatives", .param("initiativeID", id), "members", .param("memberID", member)]
        case .invitations(let id): ["initiatives", .param("initiativeID", id), "invitations"]
        case .invitation(let id, let invitation):
            ["initiatives", .param("initiativeID", id), "invitations", .param("invitationID", invitation)]
        case .acceptInvitation(let code): ["invitations", .param("code", code), "accept"]
        case .events(let id): ["initiatives", .param("initiativeID", id), "events"]
        case .me: ["people", "me"]
        case .person(let id): ["people", .param("personID", id)]
        case .organization(let id): ["organizations", .param("organizationID", id)]
        case .tokens: ["tokens"]
        case .token(let id): ["tokens", .param("tokenID", id)]
        case .ledgerVerifierKey: ["ledger", "verifier-key"]
        case .ledgerCheckpoint(let id): ["initiatives", .param("initiativeID", id), "ledger", "checkpoint"]
        case .ledgerEntries(let id): ["initiatives", .param("initiativeID", id), "ledger", "entries"]
        case .ledgerInclusionProof(let id): ["initiatives", .param("initiativeID", id), "ledger", "proof", "inclusion"]
        case .ledgerConsistencyProof(let id): ["initiatives", .param("initiativeID", id), "ledger", "proof", "consistency"]
        case .ledgerCosignatures(let id): ["initiatives", .param("initiativeID", id), "ledger", "cosignatures"]
        case .cosignerKey(let id): ["organizations", .param("organizationID", id), "cosigner-key"]
        case .initiativeObjectives(let id): ["initiatives", .param("initiativeID", id), "objectives"]
        case .initiativeOKRs(let id): ["initiatives", .param("initiativeID", id), "okrs"]
        case .initiativeOKRsCSV(let id): ["initiatives", .param("initiativeID", id), "okrs.csv"]
        case .initiativeOKRSettings(let id): ["initiatives", .param("initiativeID", id), "okr-settings"]
        case .lineOfSight(let id): ["initiatives", .param("initiativeID", id), "line-of-sight"]
        case .alignmentReport(let id): ["initiatives", .param("initiativeID", id), "alignment-report"]
        case .objective(let id): ["objectives", .param("objectiveID", id)]
        case .objectiveKeyResults(let id): ["objectives", .param("objectiveID", id), "key-results"]
        case .objectiveAlignments(let id): ["objectives", .param("objectiveID", id), "alignments"]
        case .objectiveAlignment(let id, let alignment): ["objectives", .param("objectiveID", id), "alignments", .param("alignmentID", alignment)]
        case .keyResult(let id): ["key-results", .param("keyResultID", id)]
        case .keyResultCheckIns(let id): ["key-results", .param("keyResultID", id), "check-ins"]
        case .organizationObjectives(let id): ["organizations", .param("organizationID", id), "objectives"]
        case .workstreams(let id): ["initiatives", .param("initiativeID", id), "workstreams"]
        case .workstream(let id): ["workstreams", .param("workstreamID", id)]
        case .workstreamClose(let id): ["workstreams", .param("workstreamID", id), "close"]
        case .workstreamExtend(let id): ["workstreams", .param("workstreamID", id), "extend"]
        case .assignments(let id): ["workstreams", .param("workstreamID", id), "assignments"]
        case .assignment(let id, let assignment): ["workstreams", .param("workstreamID", id), "assignments", .param("assignmentID", assignment)]
        case .assignmentDecline(let id, let assignment):
            ["workstreams", .param("workstreamID", id), "assignments", .param("assignmentID", assignment), "decline"]
        case .workItems(let id): ["workstreams", .param("workstreamID", id), "work-items"]
        case .workItem(let id, let item): ["workstreams", .param("workstreamID", id), "work-items", .param("workItemID", item)]
        case .charter(let id): ["workstreams", .param("workstreamID", id), "charter"]
        case .charterAgreements(let id): ["workstreams", .param("workstreamID", id), "charter", "agreements"]
        case .charterVersions(let id): ["workstreams", .param("workstreamID", id), "charter", "versions"]
        case .personWorkstreams(let id): ["people", .param("personID", id), "workstreams"]
        case .workstreamKeyResults(let id): ["workstreams", .param("workstreamID", id), "key-results"]
        case .workstreamKeyResult(let id, let keyResult): ["workstreams", .param("workstreamID", id), "key-results", .param("keyResultID", keyResult)]
        case .decisionTypes(let id): ["initiatives", .param("initiativeID", id), "decision-types"]
        case .decisionType(let id): ["decision-types", .param("decisionTypeID", id)]
        case .decisions(let id): ["initiatives", .param("initiativeID", id), "decisions"]
        case .decision(let id): ["decisions", .param("decisionID", id)]
        case .decisionOpen(let id): ["decisions", .param("decisionID", id), "open"]
        case .decisionClose(let id): ["decisions", .param("decisionID", id), "close"]
        case .decisionWithdraw(let id): ["decisions", .param("decisionID", id), "withdraw"]
        case .decisionVotes(let id): ["decisions", .param("decisionID", id), "votes"]
        case .decisionOutcome(let id): ["decisions", .param("decisionID", id), "outcome"]
        case .escalationLadder(let id): ["initiatives", .param("initiativeID", id), "escalation-ladder"]
        // Value (#14)
        case .valueMetrics(let id): ["initiatives", .param("initiativeID", id), "value-metrics"]
        case .valueMetric(let id): ["value-metrics", .param("valueMetricID", id)]
        case .valueMeasurements(let id): ["value-metrics", .param("valueMetricID", id), "measurements"]
        case .measurementVerdicts(let id): ["measurements", .param("measurementID", id), "verdicts"]
        case .myNotifications: ["people", "me", "notifications"]
        case .myKeyResults: ["people", "me", "key-results"]
        case .myCheckIns: ["people", "me", "check-ins"]
        case .notificationRead(let id): ["notifications", .param("notificationID", id), "read"]
        case .scoringFramework(let id): ["initiatives", .param("initiativeID", id), "scoring-framework"]
        case .proposals(let id): ["initiatives", .param("initiativeID", id), "proposals"]
        case .proposal(let id): ["proposals", .param("proposalID", id)]
        case .proposalRatings(let id): ["proposals", .param("proposalID", id), "ratings"]
        case .proposalGates(let id): ["proposals", .param("proposalID", id), "gates"]
        case .portfolio(let id): ["initiatives", .param("initiativeID", id), "portfolio"]
        case .catalogue: ["practices"]
        case .practice(let id): ["practices", .param("practiceID", id)]
        case .practiceVersions(let id): ["practices", .param("practiceID", id), "versions"]
        case .practiceReviews(let id): ["practices", .param("practiceID", id), "reviews"]
        case .initiativePractices(let id): ["initiatives", .param("initiativeID", id), "practices"]
        case .adoptions(let id): ["workstreams", .param("workstreamID", id), "adoptions"]
        case .adoption(let id): ["adoptions", .param("adoptionID", id)]
        case .retrospectives(let id): ["workstreams", .param("workstreamID", id), "retrospectives"]
        // Pulse (#15)
        case .pulseSettings(let id): ["initiatives", .param("initiativeID", id), "pulse-settings"]
        case .pulseRounds(let id): ["initiatives", .param("initiativeID", id), "pulse-rounds"]
        case .pulseAnswers(let id): ["pulse-rounds", .param("pulseRoundID", id), "answers"]
        case .pulse(let id): ["initiatives", .param("initiativeID", id), "pulse"]
        // Webhooks (#16)
        case .webhooks(let id): ["initiatives", .param("initiativeID", id), "webhooks"]
        case .webhook(let id): ["webhooks", .param("webhookID", id)]
        case .webhookTest(let id): ["webhooks", .param("webhookID", id), "test"]
        case .webhookRotateSecret(let id): ["webhooks", .param("webhookID", id), "rotate-secret"]
        case .webhookDeliveries(let id): ["webhooks", .param("webhookID", id), "deliveries"]
        case .organizationWebhooks(let id): ["organizations", .param("organizationID", id), "webhooks"]
        // Inbound key-result feeds (#16)
        case .keyResultFeeds(let id): ["key-results", .param("keyResultID", id), "feeds"]
        case .feed(let id): ["feeds", .param("feedID", id)]
        case .feedCall(let secret): ["feeds", .param("secret", secret)]
        case .calendarFeed: ["people", "me", "calendar-feed"]
        case .initiativeExport(let id): ["initiatives", .param("initiativeID", id), "export"]
        }
    }

    var site: SiteURL { .api(self) }
    var path: String { site.path }
    var pathComponents: [PathComponent] { site.pathComponents }
    var template: String { site.template }
}

fileprivate enum Segment: ExpressibleByStringLiteral {
    case constant(String)
    /// A parameter's name and, when printing a link, its value.
    case parameter(String, String?)

    init(stringLiteral value: String) { self = .constant(value) }

    static func param<V>(_ name: String, _ value: Param<V>) -> Segment {
        switch value {
        case .key: .parameter(name, nil)
        case .value(let v): .parameter(name, Self.text(v))
        }
    }

    private static func text<V: CustomStringConvertible>(_ value: V) -> String {
        if let uuid = value as? UUID { return uuid.uuidString.lowercased() }
        return value.description.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/"]))
            ?? value.description
    }

    static func path(_ segments: [Segment]) -> String {
        "/" + segments.map { segment -> String in
            switch segment {
            case .constant(let text): return text
            case .parameter(let name, let value): return value ?? ":\(name)"
            }
        }.joined(separator: "/")
    }

    static func components(_ segments: [Segment]) -> [PathComponent] {
        segments.map { segment in
            switch segment {
            case .constant(let text): .constant(text)
            case .parameter(let name, _): .parameter(name)
            }
        }
    }

    static func template(_ segments: [Segment]) -> String {
        "/" + segments.map { segment -> String in
            switch segment {
            case .constant(let text): return text
            case .parameter(let name, _): return "{\(name)}"
            }
        }.joined(separator: "/")
    }
}

extension Request {
    /// A UUID path parameter; a malformed one is indistinguishable from a missing object (404).
    func uuid(_ name: String) throws -> UUID {
        guard let raw = parameters.get(name), let id = UUID(uuidString: raw) else { throw AppError.notFound }
        return id
    }
}
