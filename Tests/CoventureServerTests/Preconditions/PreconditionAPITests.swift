import CoventureCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import CoventureServer

/// RFC 9110 preconditions on the API (issue #17): every resource that can be changed answers its `ETag`, and a
/// `PATCH` with a stale `If-Match` is 412 and changes nothing. Without `If-Match` a change is made as before.
@Suite("Preconditions over the API")
struct PreconditionAPITests {
    /// An initiative with an objective and a key result; its owner's admin holds a token.
    struct Setup {
        var owner: SignedInPerson
        var outsider: SignedInPerson
        var token: Caller
        var initiative: InitiativeDTO
        var okrs: OKRFixture
        var objectivePath: String { APIURL.objective(.value(okrs.objective.id)).path }

        static func make(_ t: TestApp) async throws -> Setup {
            let tag = UUID().uuidString.prefix(6).lowercased()
            let owner = try await Factory.person(t, name: "Olivia Owner", email: "o.\(tag)@owner.example", organization: "Owner \(tag)", orgAdmin: true)
            let contributor = try await Factory.person(t, name: "Chris Contributor", email: "c.\(tag)@owner.example", organization: "Owner \(tag)")
            let outsider = try await Factory.person(t, name: "Oscar Outsider", email: "x.\(tag)@else.example", organization: "Else \(tag)", orgAdmin: true)
            let initiative = try await Factory.initiative(t, by: owner)
            try await Factory.member(t, initiative, contributor, role: .contributor, by: owner)
            let okrs = try await OKRFixture.make(t, initiativeID: initiative.id, owner: owner, contributor: contributor)
            return Setup(owner: owner, outsider: outsider, token: try await Factory.token(t, owner), initiative: initiative, okrs: okrs)
        }
    }

    static func patch(_ t: TestApp, _ path: String, as caller: Caller, ifMatch: String?, _ body: String) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        if let ifMatch { headers.add(name: IfMatch.header, value: ifMatch) }
        return try await t.send(.PATCH, path, as: caller, text: (body, .json), headers: headers)
    }

    static func eTag(_ response: TestingHTTPResponse) -> String? { response.headers.first(name: .eTag) }

    static func title(_ t: TestApp, _ s: Setup) async throws -> String {
        try await OKRReader(application: t.app).objective(s.okrs.objective.id).title
    }

    @Test("A GET answers a strong ETag of its body; a PATCH with it succeeds and answers the new one, which the next GET repeats",
          arguments: TestDatabase.all)
    func currentTag(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let s = try await Setup.make(t)
            let read = try await t.send(.GET, s.objectivePath, as: s.token)
            let tag = try #require(Self.eTag(read))
            #expect(tag.wholeMatch(of: /"[0-9a-f]{32}"/) != nil)
            #expect(tag == EntityTag.strong(of: read.body.readableBytesView).description)
            // The same representation read again has the same version.
            #expect(Self.eTag(try await t.send(.GET, s.objectivePath, as: s.token)) == tag)

            let changed = try await Self.patch(t, s.objectivePath, as: s.token, ifMatch: tag, #"{"title": "Launch lending in two regions"}"#)
            #expect(changed.status == .ok, "\(changed.text)")
            let newTag = try #require(Self.eTag(changed))
            #expect(newTag != tag)
            #expect(Self.eTag(try await t.send(.GET, s.objectivePath, as: s.token)) == newTag)
            #expect(try await Self.title(t, s) == "Launch lending in two regions")
        }
    }

    @Test("A PATCH with a stale If-Match is 412 naming the current ETag, and changes nothing: the values read back and the ledger's size are as before",
          arguments: TestDatabase.all)
    func staleTag(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let s = try await Setup.make(t)
            let opened = try #require(Self.eTag(try await t.send(.GET, s.objectivePath, as: s.token)))
            // Someone else changes it meanwhile (without a condition: last write wins, as before).
            let other = try await Self.patch(t, s.objectivePath, as: s.token, ifMatch: nil, #"{"title": "Someone else's title"}"#)
            #expect(other.status == .ok)
            let current = try #require(Self.eTag(other))
            let events = try await t.eventCount()

            let stale = try await Self.patch(t, s.objectivePath, as: s.token, ifMatch: opened, #"{"title": "My title", "description": "Mine"}"#)
            #expect(stale.status == .preconditionFailed)
            let error = try t.decode(APIErrorBody.self, from: stale).error
            #expect(error.code == .preconditionFailed)
            #expect(error.field == "If-Match")
            #expect(error.message.contains(current))
            #expect(try await Self.title(t, s) == "Someone else's title")
            #expect(try await t.eventCount() == events)
            // A stale tag is refused before validation: a bad body with it is still 412, not 400.
            let staleAndBad = try await Self.patch(t, s.objectivePath, as: s.token, ifMatch: opened, #"{"title": ""}"#)
            #expect(staleAndBad.status == .preconditionFailed)
        }
    }

    @Test("If-Match: * passes while the resource exists; a list passes when one of its tags is current; a weak tag never does",
          arguments: TestDatabase.all)
    func lists(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let s = try await Setup.make(t)
            let star = try await Self.patch(t, s.objectivePath, as: s.token, ifMatch: "*", #"{"title": "Any version will do"}"#)
            #expect(star.status == .ok)
            let tag = try #require(Self.eTag(star))
            let list = try await Self.patch(t, s.objectivePath, as: s.token, ifMatch: #""0000", \#(tag)"#, #"{"title": "From a list"}"#)
            #expect(list.status == .ok)
            let weak = try await Self.patch(t, s.objectivePath, as: s.token, ifMatch: "W/" + (Self.eTag(list) ?? ""), #"{"title": "Weak"}"#)
            #expect(weak.status == .preconditionFailed)
            #expect(try await Self.title(t, s) == "From a list")
        }
    }

    @Test("Without If-Match a PATCH changes the resource whatever its version, as before preconditions existed",
          arguments: TestDatabase.all)
    func unconditional(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let s = try await Setup.make(t)
            _ = try await Self.patch(t, s.objectivePath, as: s.token, ifMatch: nil, #"{"title": "First"}"#)
            let second = try await Self.patch(t, s.objectivePath, as: s.token, ifMatch: nil, #"{"title": "Second"}"#)
            #expect(second.status == .ok)
            #expect(Self.eTag(second) != nil)
            #expect(try await Self.title(t, s) == "Second")
        }
    }

    @Test("A malformed If-Match is 400 naming the header; a caller who may not see the resource gets 404 whatever If-Match says, and a missing one stays 404",
          arguments: TestDatabase.all)
    func refusals(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let s = try await Setup.make(t)
            let malformed = try await Self.patch(t, s.objectivePath, as: s.token, ifMatch: "not-a-tag", #"{"title": "x"}"#)
            #expect(malformed.status == .badRequest)
            #expect(try t.decode(APIErrorBody.self, from: malformed).error.field == "If-Match")
            let outsider = try await Factory.token(t, s.outsider)
            for ifMatch in ["not-a-tag", #""0000""#, "*"] {
                #expect(try await Self.patch(t, s.objectivePath, as: outsider, ifMatch: ifMatch, #"{"title": "x"}"#).status == .notFound)
            }
            let missing = APIURL.objective(.value(UUID())).path
            #expect(try await Self.patch(t, missing, as: s.token, ifMatch: "*", #"{"title": "x"}"#).status == .notFound)
        }
    }

    @Test("Two changes sent at once with the same If-Match: one is made, the other is 412, never both",
          arguments: TestDatabase.all)
    func concurrentChanges(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let s = try await Setup.make(t)
            let tag = try #require(Self.eTag(try await t.send(.GET, s.objectivePath, as: s.token)))
            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for title in ["One", "Two", "Three"] {
                    group.addTask { try await Self.patch(t, s.objectivePath, as: s.token, ifMatch: tag, #"{"title": "\#(title)"}"#).status }
                }
                return try await group.reduce(into: [HTTPStatus]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .ok }.count == 1)
            #expect(statuses.filter { $0 == .preconditionFailed }.count == 2)
        }
    }

    @Test("Each changeable resource's GET tag is the version its PATCH checks: the initiative, a key result, a decision",
          arguments: TestDatabase.all)
    func resources(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let s = try await Setup.make(t)
            let decision = try await DecisionStore(application: t.app).create(
                s.initiative.id, try await Self.decisionRequest(t, s), by: s.owner.actor)
            let cases: [(path: String, change: String, stale: String)] = [
                (APIURL.initiative(.value(s.initiative.id)).path, #"{"name": "Renamed initiative"}"#, #"{"name": "Stale"}"#),
                (APIURL.keyResult(.value(s.okrs.keyResult.id)).path, #"{"title": "Renamed key result"}"#, #"{"title": "Stale"}"#),
                (APIURL.decision(.value(decision.id)).path, #"{"title": "Renamed decision"}"#, #"{"title": "Stale"}"#),
            ]
            for item in cases {
                let tag = try #require(Self.eTag(try await t.send(.GET, item.path, as: s.token)), "\(item.path)")
                let changed = try await Self.patch(t, item.path, as: s.token, ifMatch: tag, item.change)
                #expect(changed.status == .ok, "\(item.path): \(changed.text)")
                let events = try await t.eventCount()
                #expect(try await Self.patch(t, item.path, as: s.token, ifMatch: tag, item.stale).status == .preconditionFailed, "\(item.path)")
                #expect(try await t.eventCount() == events)
                #expect(Self.eTag(try await t.send(.GET, item.path, as: s.token)) == Self.eTag(changed), "\(item.path)")
            }
        }
    }

    @Test("A PUT of a resource with a GET takes If-Match the same way: the pulse settings", arguments: TestDatabase.all)
    func put(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let s = try await Setup.make(t)
            let path = APIURL.pulseSettings(.value(s.initiative.id)).path
            let tag = try #require(Self.eTag(try await t.send(.GET, path, as: s.token)))
            var headers = HTTPHeaders()
            headers.add(name: IfMatch.header, value: tag)
            let changed = try await t.send(.PUT, path, as: s.token, text: (#"{"cadenceWeeks": 6}"#, .json), headers: headers)
            #expect(changed.status == .ok, "\(changed.text)")
            #expect(Self.eTag(changed) != tag)
            let events = try await t.eventCount()
            let stale = try await t.send(.PUT, path, as: s.token, text: (#"{"cadenceWeeks": 8}"#, .json), headers: headers)
            #expect(stale.status == .preconditionFailed)
            #expect(try await t.eventCount() == events)
            #expect(try t.decode(PulseSettingsDTO.self, from: try await t.send(.GET, path, as: s.token)).cadenceWeeks == 6)
        }
    }

    static func decisionRequest(_ t: TestApp, _ s: Setup) async throws -> CreateDecisionRequest {
        let types = try await DecisionReader(db: t.db).types(s.initiative.id)
        return CreateDecisionRequest(typeId: try #require(types.first).id, title: "Pick a pilot region", proposal: "Start in the north.")
    }

    @Test("The document lists If-Match and 412 on every change of a versioned resource, and the ETag header on its answers")
    func document() async throws {
        try await withTestApp(.sqlite) { t in
            let operations = t.app.openAPI.operations.filter { $0.version != nil }
            #expect(operations.filter(\.takesIfMatch).map(\.id).sorted() == [
                "changeAdoption", "changeMemberRole", "changeValueMetric", "changeWebhook", "proposeScoringFramework", "revisePractice",
                "saveCharter", "setEscalationLadder", "setPulseSettings", "updateDecision", "updateDecisionType", "updateInitiative",
                "updateKeyResult", "updateObjective", "updateProposal", "updateWorkItem", "updateWorkstream",
            ])
            // Every PATCH and every PUT whose resource has a GET is conditional; the PUTs left are those without one.
            let unconditional = t.app.openAPI.operations.filter { ($0.method == .PATCH || $0.method == .PUT) && !$0.takesIfMatch }
            #expect(unconditional.map(\.id).sorted() == ["putCosignerKey", "setGovernance", "setOKRSettings"])
            for operation in operations where operation.takesIfMatch {
                #expect(operation.errors.contains(.preconditionFailed), "\(operation.id)")
            }
            #expect(!t.app.openAPI.operations.filter { $0.version == nil }.contains { $0.errors.contains(.preconditionFailed) })
        }
    }
}
