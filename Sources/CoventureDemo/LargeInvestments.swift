import CoventureCore
import CoventureServer
import Fluent
import Foundation
import SQLKit
import Vapor

/// The investment portfolio of a large initiative (issue #14). The framework, the proposals, their pledges, tranches
/// and ratings are written in bulk beside the recorder like the rest of the generator (the framework names no
/// ratifying decision, as `LargeValue`'s metrics do not). The gates then go through `ProposalStore` and
/// `DecisionStore` themselves, on clocks some days back — a gate is a decision, with its number in the register and
/// its tranche split between the parties, and no shortcut should fake that: one in five proposals has passed a gate
/// and is funding, one in ten of those waits at its second gate, and one was put on hold after a failed gate.
enum LargeInvestments {
    static let themes = [
        "shared onboarding", "metering data", "installer network", "credit scoring", "retrofit planning", "customer portal",
        "fraud checks", "field service", "carbon reporting", "payment rails",
    ]
    static let verbs = ["Pilot", "Build", "Scale", "Replace", "Automate"]

    /// Writes `count` proposals (and the framework they are scored on); returns the number of events.
    static func write(
        _ app: Application, random: inout SplitMix64, initiativeID: UUID, count: Int,
        members: [(person: UUID, organization: UUID, role: MemberRole)], actor: Actor, now: Date
    ) async throws -> Int {
        guard count > 0 else { return 0 }
        let active = members.filter { $0.role != .observer }
        let organizations = Array(Set(active.map(\.organization))).sorted { $0.uuidString < $1.uuidString }
        guard let owner = members.first(where: { $0.role == .admin }), organizations.count >= 2 else { return 0 }
        let day = 86_400.0
        var batch = RowBatch()
        batch.actor = actor
        let frameworkID = random.uuid()
        let frameworkAt = now.addingTimeInterval(-120 * day)
        try batch.row(ScoringFrameworkRow(
            id: frameworkID, initiativeID: initiativeID, version: 1, status: ScoringFrameworkStatus.ratified.rawValue, decisionID: nil,
            proposedBy: owner.person, createdAt: frameworkAt, decidedAt: frameworkAt))
        let criteria: [(name: String, weight: Int, min: Double, max: Double, lower: Bool)] = [
            ("Impact on the objectives", 30, 1, 5, false), ("Value to customers", 25, 1, 5, false), ("Delivery risk", 20, 1, 5, true),
            ("Fit with the parties' platforms", 15, 0, 10, false), ("Months to first value", 10, 1, 24, true),
        ]
        var criterionIDs: [UUID] = []
        for (position, criterion) in criteria.enumerated() {
            let id = random.uuid()
            criterionIDs.append(id)
            try batch.row(ScoringCriterionRow(
                id: id, frameworkID: frameworkID, position: position, name: criterion.name, description: "", weight: criterion.weight,
                scaleMin: criterion.min, scaleMax: criterion.max, decimals: false,
                direction: (criterion.lower ? ScoreDirection.lowerIsBetter : .higherIsBetter).rawValue))
        }
        batch.event(initiativeID, .scoringFrameworkRatified, frameworkID, ["version": .int(1)])
        var proposals: [(id: UUID, author: UUID)] = []
        for n in 0..<count {
            let id = random.uuid()
            let author = active[Int(random.next() % UInt64(active.count))]
            let title = "\(verbs[n % verbs.count]) \(themes[n % themes.count]) \(n / themes.count + 1)"
            let createdAt = now.addingTimeInterval(-Double(100 - n) * day)
            // 10,000–2,000,000 EUR, odd cents included, pledged by two or three parties.
            let ask = Int64(1_000_000 + random.next() % 199_000_000) | 1
            let funders = Array(organizations.prefix(n % 3 == 0 ? 2 : organizations.count))
            var pledges: [Int64] = funders.dropLast().map { _ in ask / Int64(funders.count) }
            pledges.append(ask - pledges.reduce(0, +))
            let tranches = [ask / 4, ask / 4, ask - 2 * (ask / 4)]
            try batch.row(ProposalRow(
                id: id, initiativeID: initiativeID, title: title, problem: "Generated for benchmarks: the problem.",
                hypothesis: "Generated for benchmarks: the hypothesis.", askAmount: ask, currency: "EUR", workstreamID: nil,
                authorID: author.person, frameworkID: frameworkID, stage: ProposalStage.proposed.rawValue, createdAt: createdAt, updatedAt: createdAt))
            for (position, organization) in funders.enumerated() {
                try batch.row(PledgeRow(id: random.uuid(), proposalID: id, organizationID: organization, position: position, amount: pledges[position]))
            }
            for (index, amount) in tranches.enumerated() {
                try batch.row(TrancheRow(
                    id: random.uuid(), proposalID: id, position: index + 1, amount: amount, milestone: "Milestone \(index + 1)", keyResultID: nil,
                    releasedAt: nil))
            }
            let money = Money(amount: ask, currency: "EUR")
            batch.event(initiativeID, .proposalCreated, id, [
                "title": .string(title), "ask": .string(money.formatted), "askAmount": .int(ask), "currency": .string("EUR"),
                "workstreamId": .null,
                "funding": .object(Dictionary(zip(funders, pledges).map { ($0.uuidString.lowercased(), JSONValue.int($1)) }, uniquingKeysWith: { a, _ in a })),
                "tranches": .array(tranches.map { .int($0) }),
            ])
            // Six raters of every party score each criterion near the proposal's own merit.
            let merit = Double(random.next() % 100) / 100
            for r in 0..<6 {
                let rater = active[(n * 7 + r * 31) % active.count]
                var scores: [String: JSONValue] = [:]
                for (c, criterion) in criteria.enumerated() {
                    let span = criterion.max - criterion.min
                    let jitter = Double(Int(random.next() % 3) - 1) / 4
                    let share = criterion.lower ? 1 - merit : merit
                    let value = min(criterion.max, max(criterion.min, (criterion.min + span * (share + jitter)).rounded()))
                    try batch.row(RatingRow(
                        id: random.uuid(), proposalID: id, criterionID: criterionIDs[c], personID: rater.person, organizationID: rater.organization,
                        value: value, comment: r == 0 && c == 0 ? "Generated comment." : "", isCurrent: true, ratedAt: createdAt.addingTimeInterval(day)))
                    scores[criterionIDs[c].uuidString.lowercased()] = .string(ScoringCriterion.format(value))
                }
                batch.event(initiativeID, .proposalRated, id, ["title": .string(title), "criteria": .int(criteria.count), "scores": .object(scores)])
            }
            proposals.append((id, author.person))
        }
        try await batch.write(app)
        var events = batch.eventCount

        // The gates, through the product's own stores.
        func stores(_ daysAgo: Double) -> (ProposalStore, DecisionStore) {
            let clock = now.addingTimeInterval(-daysAgo * day)
            let recorder = Recorder(db: app.db, gate: app.writeGate, now: { clock }, ledger: app.storage[LedgerServiceKey.self])
            return (ProposalStore(db: app.db, recorder: recorder), DecisionStore(db: app.db, recorder: recorder))
        }
        let ownerActor = Actor(personID: owner.person, organizationID: owner.organization)
        for (n, proposal) in proposals.enumerated() where n % 5 == 0 {
            let authorActor = Actor(personID: proposal.author, organizationID: active.first { $0.person == proposal.author }?.organization)
            let opened = try await stores(40).0.openGate(proposal.id, OpenGateRequest(), by: authorActor)
            guard let gate = opened.gates.last else { continue }
            _ = try await stores(30).1.closeAtDeadline(gate.decisionId)
            let adopted = n != 5 * 3
            _ = try await stores(29).1.recordOutcome(
                gate.decisionId, OutcomeRequest(adopted: adopted, statement: adopted ? "Go ahead." : "Not yet."), by: ownerActor)
            events += 4
            if !adopted {
                _ = try await stores(28).0.update(proposal.id, UpdateProposalRequest(outcome: "hold", reason: "Waiting for the pilot's figures."), by: ownerActor)
                events += 1
            } else if n % 10 == 0 {
                _ = try await stores(5).0.openGate(proposal.id, OpenGateRequest(), by: authorActor)
                events += 3
            }
        }
        return events
    }
}
