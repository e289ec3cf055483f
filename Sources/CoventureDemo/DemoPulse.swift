import CoventureCore
import CoventureServer
import Foundation
import Vapor

/// The demo's pulse (issue #15), in the owner-led SME Digital Lending: three closed rounds, four weeks apart, answered
/// by most members of the three parties. In the latest closed round the bank trusts the partnership a good deal more
/// than Helio does (a gap over one point, flagged on the overview); in the first, Quarry Labs had only two answers,
/// so its figures and comments stay hidden. A fourth round, opened by hand yesterday, waits for the bank's answers.
/// Told through `PulseStore` with the clock of each day, as people would have answered.
enum DemoPulse {
    /// One person's answer: their email and the three scores, with an optional comment.
    typealias Answer = (email: String, trust: Int, transparency: Int, valueAlignment: Int, comment: String?)

    static let rounds: [(daysAgo: Double, answers: [Answer])] = [
        (77, [
            ("demo@coventure.example", 4, 4, 4, nil), ("amara.okafor@northbridge.example", 4, 3, 4, "The risk model reviews run well."),
            ("liam.chen@northbridge.example", 3, 3, 4, nil), ("sofia.marquez@northbridge.example", 4, 4, 3, nil),
            ("priya.nair@northbridge.example", 4, 3, 4, nil),
            ("partner@coventure.example", 4, 3, 4, nil), ("yuki.tanaka@helio.example", 3, 3, 4, "Data access requests take a week to answer."),
            ("elena.petrova@helio.example", 4, 3, 3, nil), ("david.mensah@helio.example", 3, 4, 4, nil),
            // Quarry Labs: two answers only, so hidden in this round, comment included.
            ("nadia.haddad@quarry.example", 2, 2, 3, "We learn of scope changes after they are made."),
            ("ben.oconnor@quarry.example", 3, 2, 3, nil),
        ]),
        (49, [
            ("demo@coventure.example", 4, 4, 4, nil), ("amara.okafor@northbridge.example", 5, 4, 4, nil),
            ("liam.chen@northbridge.example", 4, 4, 4, nil), ("sofia.marquez@northbridge.example", 4, 3, 4, nil),
            ("priya.nair@northbridge.example", 4, 4, 5, nil),
            ("partner@coventure.example", 3, 3, 4, nil), ("yuki.tanaka@helio.example", 3, 2, 4, "The pricing change came without a word to us."),
            ("elena.petrova@helio.example", 3, 3, 3, nil),
            ("nadia.haddad@quarry.example", 3, 3, 4, nil), ("ben.oconnor@quarry.example", 3, 3, 3, nil),
            ("lucia.romano@quarry.example", 4, 3, 4, "Better since the weekly demo."),
        ]),
        (21, [
            ("demo@coventure.example", 5, 4, 4, nil), ("amara.okafor@northbridge.example", 4, 4, 4, "Partners deliver what they promise."),
            ("liam.chen@northbridge.example", 5, 4, 4, nil), ("sofia.marquez@northbridge.example", 4, 4, 5, nil),
            ("henrik.larsen@northbridge.example", 4, 5, 4, nil), ("priya.nair@northbridge.example", 5, 4, 4, nil),
            // Helio: trust a good point and a half below the bank's.
            ("partner@coventure.example", 3, 3, 4, "Decisions on the risk model are taken before we see them."),
            ("yuki.tanaka@helio.example", 2, 3, 4, nil), ("elena.petrova@helio.example", 3, 2, 3, nil),
            ("david.mensah@helio.example", 3, 3, 4, "We would like the credit committee's minutes."),
            ("nadia.haddad@quarry.example", 4, 3, 4, nil), ("ben.oconnor@quarry.example", 3, 3, 4, nil),
            ("felix.weber@quarry.example", 4, 4, 4, nil),
        ]),
    ]

    /// Yesterday's round, open: the partners answered, the bank has not yet.
    static let openRound: [Answer] = [
        ("partner@coventure.example", 3, 3, 4, nil), ("yuki.tanaka@helio.example", 3, 3, 4, nil),
        ("nadia.haddad@quarry.example", 4, 3, 4, nil),
    ]

    static func load(into app: Application, people byEmail: [String: SignedInPerson], lending: UUID, now: Date = Date()) async throws {
        func store(at date: Date) -> PulseStore {
            PulseStore(db: app.db, recorder: Recorder(db: app.db, gate: app.writeGate, now: { date }, ledger: app.ledger))
        }
        func answer(_ round: UUID, _ a: Answer, at date: Date) async throws {
            guard let person = byEmail[a.email] else { return }
            _ = try await store(at: date).answer(
                round, PulseAnswerRequest(trust: NumberInput(String(a.trust)), transparency: NumberInput(String(a.transparency)),
                                          valueAlignment: NumberInput(String(a.valueAlignment)), comment: a.comment),
                by: person.actor)
        }
        let day: TimeInterval = 86_400
        for (daysAgo, answers) in rounds {
            let opened = now.addingTimeInterval(-daysAgo * day)
            // Opened by the server on the cadence, answered over the week, closed by the server on the seventh day.
            let round = try await store(at: opened).open(lending, by: .operator, byHand: false)
            for (n, a) in answers.enumerated() {
                try await answer(round.id, a, at: opened.addingTimeInterval(Double(1 + n % 5) * day / 2))
            }
            _ = try await store(at: round.closesAt.addingTimeInterval(60)).close(round.id)
        }
        // A round opened by hand yesterday by the bank's admin Priya: it awaits the bank's answers ("Needs you").
        guard let priya = byEmail["priya.nair@northbridge.example"] else { return }
        let yesterday = now.addingTimeInterval(-day)
        let open = try await store(at: yesterday).open(lending, by: priya.actor)
        for a in openRound { try await answer(open.id, a, at: yesterday.addingTimeInterval(3600)) }
    }
}
