import CoventureCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import CoventureServer

/// A partnership of two parties with people in every role a workstream test needs, and their API tokens.
struct StreamWorld: Sendable {
    var initiative: InitiativeDTO
    var ownerAdmin: SignedInPerson
    var partnerAdmin: SignedInPerson
    /// Owner party, member role `leader`: leads the streams the tests make.
    var leader: SignedInPerson
    /// Another `leader`-role member, who does not lead the tests' streams.
    var otherLeader: SignedInPerson
    var ownerContributor: SignedInPerson
    var partnerContributor: SignedInPerson
    var observer: SignedInPerson
    var outsider: SignedInPerson
    var tokens: [UUID: Caller]

    func token(_ person: SignedInPerson) -> Caller { tokens[person.id]! }

    static func make(_ t: TestApp) async throws -> StreamWorld {
        let tag = UUID().uuidString.prefix(6).lowercased()
        let bank = "Bank \(tag)", helio = "Helio \(tag)"
        let ownerAdmin = try await Factory.person(t, name: "Olivia Owner", organization: bank, orgAdmin: true)
        let partnerAdmin = try await Factory.person(t, name: "Paul Partner", organization: helio, orgAdmin: true)
        let leader = try await Factory.person(t, name: "Lena Leader", organization: bank)
        let otherLeader = try await Factory.person(t, name: "Otto Otherleader", organization: bank)
        let ownerContributor = try await Factory.person(t, name: "Carla Contributor", organization: bank)
        let partnerContributor = try await Factory.person(t, name: "Pia Partnercontributor", organization: helio)
        let observer = try await Factory.person(t, name: "Oskar Observer", organization: helio)
        let outsider = try await Factory.person(t, name: "Xena Outsider", organization: "Elsewhere \(tag)", orgAdmin: true)
        let initiative = try await Factory.initiative(t, by: ownerAdmin, name: "Shared \(tag)")
        try await Factory.partner(t, initiative, owner: ownerAdmin, partner: partnerAdmin)
        try await Factory.member(t, initiative, leader, role: .leader, by: ownerAdmin)
        try await Factory.member(t, initiative, otherLeader, role: .leader, by: ownerAdmin)
        try await Factory.member(t, initiative, ownerContributor, role: .contributor, by: ownerAdmin)
        try await Factory.member(t, initiative, partnerContributor, role: .contributor, by: partnerAdmin)
        try await Factory.member(t, initiative, observer, role: .observer, by: partnerAdmin)
        var tokens: [UUID: Caller] = [:]
        for person in [ownerAdmin, partnerAdmin, leader, otherLeader, ownerContributor, partnerContributor, observer, outsider] {
            tokens[person.id] = try await Factory.token(t, person)
        }
        return StreamWorld(
            initiative: try await InitiativeStore(application: t.app).detail(initiative.id), ownerAdmin: ownerAdmin,
            partnerAdmin: partnerAdmin, leader: leader, otherLeader: otherLeader, ownerContributor: ownerContributor,
            partnerContributor: partnerContributor, observer: observer, outsider: outsider, tokens: tokens)
    }

    /// Creates a stream over HTTP as the owner admin, led by `leader` at `leaderCommitment` %.
    func stream(
        _ t: TestApp, name: String = "Smart meters", kind: String = "stream", start: String = "2026-01-01", end: String? = nil,
        leaderCommitment: Int? = 60, leader: SignedInPerson? = nil, in initiative: UUID? = nil, as caller: Caller? = nil
    ) async throws -> WorkstreamDTO {
        var body: [String: JSONValue] = ["kind": .string(kind), "name": .string(name), "purpose": .string("A purpose."), "startDate": .string(start)]
        if let end { body["endDate"] = .string(end) }
        if let leaderCommitment {
            body["leaderId"] = .id((leader ?? self.leader).id)
            body["leaderCommitment"] = .int(leaderCommitment)
        }
        let response = try await t.send(
            .POST, APIURL.workstreams(.value(initiative ?? self.initiative.id)).path, as: caller ?? token(ownerAdmin), json: body)
        try #require(response.status == .created, "\(response.status) \(response.text)")
        return try t.decode(WorkstreamDTO.self, from: response)
    }

    @discardableResult
    func assign(_ t: TestApp, _ stream: WorkstreamDTO, _ person: SignedInPerson, commitment: Int = 30, termEnd: String? = nil) async throws -> AssignmentDTO {
        var body: [String: JSONValue] = ["personId": .id(person.id), "role": .string("Analyst"), "commitment": .int(commitment)]
        if let termEnd { body["termEnd"] = .string(termEnd) }
        let response = try await t.send(.POST, APIURL.assignments(.value(stream.id)).path, as: token(ownerAdmin), json: body)
        try #require(response.status == .created, "\(response.status) \(response.text)")
        return try t.decode(AssignmentDTO.self, from: response)
    }

    func patch(_ t: TestApp, _ stream: WorkstreamDTO, _ body: [String: JSONValue], as person: SignedInPerson? = nil) async throws -> TestingHTTPResponse {
        try await t.send(.PATCH, APIURL.workstream(.value(stream.id)).path, as: token(person ?? ownerAdmin), json: body)
    }

    /// An objective of the world's initiative (or `initiative`) with one key result, through the OKR store.
    func keyResult(_ t: TestApp, title: String = "Meters installed", objective: String = "Prove smart metering", in initiative: UUID? = nil,
                   by person: SignedInPerson? = nil) async throws -> KeyResultDTO
    {
        let actor = (person ?? ownerAdmin).actor
        let created = try await ObjectiveStore(application: t.app).createObjective(
            initiativeID: initiative ?? self.initiative.id,
            CreateObjectiveRequest(title: objective, periodStart: "2027-01-01", periodEnd: "2027-06-30"), by: actor)
        return try await KeyResultStore(application: t.app).createKeyResult(
            created.id, CreateKeyResultRequest(title: title, kind: "increase", unit: "meters", baseline: NumberInput("0"), target: NumberInput("100")),
            by: actor)
    }

    func get(_ t: TestApp, _ stream: WorkstreamDTO) async throws -> WorkstreamDTO {
        let response = try await t.send(.GET, APIURL.workstream(.value(stream.id)).path, as: token(ownerAdmin))
        try #require(response.status == .ok, "\(response.status) \(response.text)")
        return try t.decode(WorkstreamDTO.self, from: response)
    }
}

extension TestApp {
    func error(_ response: TestingHTTPResponse) throws -> APIErrorBody.Detail {
        try decode(APIErrorBody.self, from: response).error
    }
}

// Literals for JSON bodies in the workstream tests.
extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
}
