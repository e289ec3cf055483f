import CoventureCore
import Foundation
import Testing
import Vapor
@testable import CoventureServer

/// The pulse fixture of the access matrix's `World`: one open round, opened by the server (issue #15).
struct MatrixPulse: Sendable {
    var roundID: UUID

    static func make(_ t: TestApp, initiative: UUID) async throws -> MatrixPulse {
        let round = try await PulseStore(application: t.app).open(initiative, by: .operator, byHand: false)
        return MatrixPulse(roundID: round.id)
    }
}

extension AccessMatrixTests {
    /// Opening a round by hand: the admins of every party; the world's round is open, so they are let through to 409.
    static func pulseOpeners(anonymous: Expect) -> [Actor: Expect] {
        [.anonymous: anonymous, .outsider: .notFound, .observer: .forbidden, .contributor: .forbidden,
         .partnerAdmin: .status(.conflict), .ownerAdmin: .status(.conflict)]
    }

    static let pulseEntries: [Entry] = {
        let i: @Sendable (World) -> Param<UUID> = { .value($0.initiative.id) }
        let round: @Sendable (World) -> Param<UUID> = { .value($0.pulse.roundID) }
        let answer: @Sendable (World) -> [String: String] = { w in
            ["roundId": w.pulse.roundID.uuidString.lowercased(), "trust": "4", "transparency": "3", "valueAlignment": "5", "comment": "Fine"]
        }
        return [
            // Pages
            Entry(method: .GET, url: .pulse(.key), path: { w in SiteURL.pulse(i(w)).path }, expect: members(anonymous: .signIn)),
            // Observers answer too; each caller is another person, so each answer is a first.
            Entry(method: .POST, url: .pulseAnswers(.key), path: { w in SiteURL.pulseAnswers(i(w)).path }, form: answer,
                  expect: members(anonymous: .signIn)),
            Entry(method: .POST, url: .pulseRounds(.key), path: { w in SiteURL.pulseRounds(i(w)).path }, form: { _ in [:] },
                  expect: pulseOpeners(anonymous: .signIn)),
            Entry(method: .POST, url: .pulseSettings(.key), path: { w in SiteURL.pulseSettings(i(w)).path }, form: { _ in ["cadenceWeeks": "6"] },
                  expect: partyAdmins(anonymous: .signIn)),
            // API
            Entry(method: .GET, url: .api(.pulseSettings(.key)), path: { w in APIURL.pulseSettings(i(w)).path }, expect: members(anonymous: .unauthorized)),
            Entry(method: .PUT, url: .api(.pulseSettings(.key)), path: { w in APIURL.pulseSettings(i(w)).path },
                  json: { _ in ["cadenceWeeks": 6] }, expect: partyAdmins(anonymous: .unauthorized)),
            Entry(method: .GET, url: .api(.pulseRounds(.key)), path: { w in APIURL.pulseRounds(i(w)).path }, expect: members(anonymous: .unauthorized)),
            Entry(method: .POST, url: .api(.pulseRounds(.key)), path: { w in APIURL.pulseRounds(i(w)).path },
                  expect: pulseOpeners(anonymous: .unauthorized)),
            Entry(method: .POST, url: .api(.pulseAnswers(.key)), path: { w in APIURL.pulseAnswers(round(w)).path },
                  json: { _ in ["trust": 4, "transparency": 3, "valueAlignment": 5] }, expect: members(anonymous: .unauthorized)),
            Entry(method: .GET, url: .api(.pulse(.key)), path: { w in APIURL.pulse(i(w)).path }, expect: members(anonymous: .unauthorized)),
        ]
    }()
}
