import CoventureCore
import CoventureServer
import Fluent
import Foundation
import SQLKit
import Vapor

/// The decision register of a large initiative (issue #13), written in bulk beside the recorder like the rest of the
/// generator: the rows and events `DecisionStore` writes, for decisions of the initiative's default types (advice for
/// most, reserved matters for one in five), with votes from every party. About nine in ten are sealed — numbered 1…n
/// in the order they were sealed, the register's counter at n —, a few were withdrawn or wait for the owner's outcome,
/// the newest are open and the last few are drafts. Tallies and results come from the Core rules, as at a real seal.
enum LargeDecisions {
    enum State { case sealed, withdrawn, awaitingOutcome, open, draft }

    struct Vote {
        var id: UUID
        var person: UUID
        var organization: UUID
        var position: DecisionPosition
        var reason: String?
        var isCurrent: Bool
        var castAt: Date
        var answer: String?
    }

    struct Decision {
        var id: UUID
        var type: DecisionTypeDTO
        var state: State
        var title: String
        var proposal: String
        var author: UUID
        var workstream: UUID?
        var createdAt: Date
        var openedAt: Date?
        var closesAt: Date?
        var closedAt: Date?
        var votes: [Vote] = []
        var sealedAt: Date?
        var number: Int?
        var result: DecisionResult?
        var adopted: Bool?
        var statement: String?
        var rationale: String?
        var reviewOn: String?
        var tally: TallyDTO?
    }

    static let adviceTitles = [
        "Standardise %@ across the three parties", "Pilot a shared approach to %@", "Retire the legacy tooling for %@",
        "Publish a joint quarterly report on %@", "Fund a second team for %@", "Move %@ to the shared platform",
        "Hire an external reviewer for %@", "Set a service level for %@",
    ]
    static let reservedTitles = [
        "Change the budget split for %@", "Share raw %@ data with a new supplier", "Extend the partnership's scope to %@",
        "Bring a fourth party in for %@", "Commit next year's funding for %@",
    ]
    static let against = [
        "The cost estimate leaves out our side's integration work.", "We need the pilot's figures before we commit.",
        "It moves our people off a key result that is already at risk.", "The timeline clashes with the regulator's review.",
        "Our data protection officer has not seen it yet.", "It duplicates what the other stream already does.",
    ]
    static let support = [
        "Overdue; it will save us a week a month.", "Matches what our customers asked for.", "The pilot showed it works.",
    ]

    /// Writes `count` decisions in one transaction; returns the number of events.
    static func write(
        _ app: Application, random: inout SplitMix64, initiativeID: UUID, count: Int,
        members: [(person: UUID, organization: UUID, role: MemberRole)], workstreams: [UUID], actor: Actor, now: Date
    ) async throws -> Int {
        guard count > 0 else { return 0 }
        let reader = DecisionReader(db: app.db)
        let types = try await reader.types(initiativeID)
        let facts = try await reader.facts(initiativeID)
        let voters = try await reader.voters(initiativeID)
        guard let advice = types.first(where: { $0.method == .ownerAfterAdvice }), let reserved = types.first(where: \.reserved) else {
            throw DemoError.missing("the default decision types of a large initiative")
        }
        let day = 86_400.0
        func between(_ start: Date, _ end: Date) -> Date {
            start.addingTimeInterval(end.timeIntervalSince(start) * Double(random.next() % 1000) / 1000)
        }
        func pick<T>(_ items: [T]) -> T { items[Int(random.next() % UInt64(items.count))] }

        // Who may vote on each type, party by party, in the members' order (a dictionary's order would differ per run).
        let parties = members.reduce(into: [UUID]()) { if !$0.contains($1.organization) { $0.append($1.organization) } }
        func eligible(_ type: DecisionTypeDTO) -> [UUID: [UUID]] {
            members.filter { type.voters == .partyAdmins ? $0.role == .admin : $0.role != .observer }
                .reduce(into: [UUID: [UUID]]()) { $0[$1.organization, default: []].append($1.person) }
        }
        let byType = [advice.id: eligible(advice), reserved.id: eligible(reserved)]
        let authors = members.filter { $0.role != .observer }.map(\.person)

        let drafts = max(1, count / 50), open = max(1, count * 6 / 100), awaiting = count / 100
        let past = max(1, count - drafts - open - awaiting)
        var decisions: [Decision] = []
        for i in 0..<count {
            let state: State = i >= count - drafts ? .draft
                : i >= count - drafts - open ? .open
                : i >= past ? .awaitingOutcome
                : i % 50 == 17 ? .withdrawn : .sealed
            let type = state != .awaitingOutcome && i % 5 == 2 ? reserved : advice
            let theme = pick(Names.themes)
            let title = pick(type.reserved ? reservedTitles : adviceTitles).replacingOccurrences(of: "%@", with: theme) + " (\(i + 1))"
            var decision = Decision(
                id: random.uuid(), type: type, state: state, title: title,
                proposal: "A generated proposal for benchmarks about \(theme): what changes, who does it, what it costs and how we will know it worked.",
                author: pick(authors), workstream: workstreams.isEmpty || i % 4 != 0 ? nil : pick(workstreams), createdAt: now)
            let days = Double(type.defaultDays)
            switch state {
            case .sealed, .withdrawn:
                // Spread over the past year; the newest closed at least six days ago.
                decision.createdAt = now.addingTimeInterval(-360 * day + Double(i) * 340 * day / Double(past) + Double(random.next() % 12) * 3600)
            case .awaitingOutcome:
                decision.createdAt = now.addingTimeInterval(-(9 + Double(i - past)) * day)
            case .open:
                decision.createdAt = now.addingTimeInterval(-(0.2 + 0.3 * Double(count - drafts - 1 - i)) * day)
            case .draft:
                decision.createdAt = now.addingTimeInterval(-Double(count - i) * 3 * 3600)
            }
            if state != .draft {
                decision.openedAt = decision.createdAt
                decision.closesAt = Date(timeIntervalSince1970: decision.createdAt.addingTimeInterval(days * day).timeIntervalSince1970.rounded(.down))
            }
            guard let opened = decision.openedAt, let closes = decision.closesAt else {
                decisions.append(decision)
                continue
            }

            // Votes: two people of every party on advice, every party's admin on a reserved matter (now and then only
            // the owner's, which leaves it without quorum); fewer so far on open and withdrawn ones.
            var people: [(UUID, UUID)] = []
            let pools = byType[type.id] ?? [:]
            for party in parties {
                var pool = pools[party] ?? []
                if type.reserved && party != parties.first && i % 8 == 7 { continue }
                for _ in 0..<(type.reserved ? pool.count : min(2, pool.count)) {
                    people.append((pool.remove(at: Int(random.next() % UInt64(pool.count))), party))
                }
            }
            let voteUntil = state == .open ? now : state == .withdrawn ? between(opened, closes) : closes
            if state == .open || state == .withdrawn { people = Array(people.prefix(Int(random.next() % UInt64(people.count + 1)))) }
            for (person, party) in people {
                let roll = Int(random.next() % 100)
                let position: DecisionPosition = type.reserved
                    ? (roll < 85 ? .yes : .no) : (roll < 70 ? .support : roll < 85 ? .concern : .object)
                let reason = position.isAgainst ? pick(against) : roll % 3 == 0 ? pick(support) : nil
                var castAt = between(opened, voteUntil)
                if !type.reserved && roll % 10 == 9 {
                    // A change of mind: the earlier vote stays in the history, the latest counts.
                    let earlier = castAt
                    castAt = between(earlier, voteUntil)
                    decision.votes.append(Vote(
                        id: random.uuid(), person: person, organization: party, position: position == .support ? .concern : .support,
                        reason: position == .support ? pick(against) : nil, isCurrent: false, castAt: earlier))
                }
                decision.votes.append(Vote(
                    id: random.uuid(), person: person, organization: party, position: position, reason: reason, isCurrent: true, castAt: castAt))
            }
            decision.votes.sort { $0.castAt < $1.castAt }

            switch state {
            case .withdrawn:
                decision.closedAt = voteUntil.addingTimeInterval(3600)
                decision.result = .withdrawn
            case .awaitingOutcome:
                decision.closedAt = closes
            case .sealed:
                decision.closedAt = closes
                let ballots = decision.votes.filter(\.isCurrent).map { Ballot(personID: $0.person, partyID: $0.organization, position: $0.position) }
                let electorate = DecisionReader.electorate(voters: voters[type.voters] ?? [:], facts: facts, stakes: [:])
                let rules = type.rules
                let tally = DecisionCount.tally(ballots, electorate: electorate, rules: rules)
                decision.tally = DecisionReader.tallyDTO(ballots: ballots, electorate: electorate, rules: rules, facts: facts)
                if let result = DecisionCount.result(tally, ballots: ballots, electorate: electorate, rules: rules, governance: facts.governance) {
                    decision.result = result
                    decision.sealedAt = closes
                } else {
                    // Advice: the owner's admin decides a day or two later, answering each objection.
                    decision.result = .decided
                    decision.sealedAt = closes.addingTimeInterval(Double(1 + random.next() % 2) * day)
                    decision.adopted = random.next() % 100 < 85
                    decision.statement = decision.adopted == true
                        ? "We go ahead as proposed, starting next month." : "We do not go ahead now; we will come back to it with the pilot's figures."
                    decision.rationale = "Weighed the advice of every party; the objections are answered one by one."
                    if random.next() % 2 == 0 {
                        decision.reviewOn = CalendarDate(closes.addingTimeInterval(180 * day), in: TimeZone(identifier: "UTC")!).description
                    }
                    for index in decision.votes.indices where decision.votes[index].isCurrent && decision.votes[index].position == .object {
                        decision.votes[index].answer = "Thank you: we have changed the plan so that this is covered before we start."
                    }
                }
            case .open, .draft:
                break
            }
            decisions.append(decision)
        }

        // The register numbers sealed decisions in the order they were sealed.
        let sealed = decisions.indices.filter { decisions[$0].sealedAt != nil }
            .sorted { (decisions[$0].sealedAt!, $0) < (decisions[$1].sealedAt!, $1) }
        for (offset, index) in sealed.enumerated() { decisions[index].number = offset + 1 }

        var batch = RowBatch()
        batch.actor = actor
        var timeline: [(Date, EventDraft)] = []
        func event(_ at: Date, _ action: LedgerAction, _ id: UUID, _ change: [String: JSONValue]) {
            timeline.append((at, EventDraft(log: initiativeID, action: action, objectID: id, change: change)))
        }
        for d in decisions {
            let status: DecisionStatus = switch d.state {
            case .sealed, .awaitingOutcome: .closed
            case .withdrawn: .withdrawn
            case .open: .open
            case .draft: .draft
            }
            let rules = try RatifiedChanges.encode(d.type.rules)
            let tally = try d.tally.map { try RatifiedChanges.encode($0) }
            try batch.row(DecisionRow(
                id: d.id, initiativeID: initiativeID, typeID: d.type.id, workstreamID: d.workstream, authorID: d.author, title: d.title,
                proposal: d.proposal, status: status.rawValue, version: 1, rules: rules, closesAt: d.closesAt, openedAt: d.openedAt,
                closedAt: d.closedAt, number: d.number, result: d.result?.rawValue, adopted: d.adopted, statement: d.statement,
                rationale: d.rationale, reviewOn: d.reviewOn, sealedTally: tally, createdAt: d.createdAt))
            try batch.row(DecisionVersionRow(
                id: random.uuid(), decisionID: d.id, version: 1, title: d.title, proposal: d.proposal, authorID: d.author, at: d.createdAt))
            event(d.createdAt, .decisionCreated, d.id, [
                "title": .string(d.title), "typeId": .id(d.type.id), "typeName": .string(d.type.name), "method": .string(d.type.method.rawValue),
                "workstreamId": .optional(d.workstream), "supersedesId": .optional(UUID?.none),
            ])
            if let opened = d.openedAt, let closes = d.closesAt {
                event(opened, .decisionOpened, d.id, ["title": .string(d.title), "closesAt": .string(LedgerEventBody.timestamp(closes))])
            }
            for vote in d.votes {
                let nonce = String(format: "%016llx%016llx", random.next(), random.next())
                try batch.row(DecisionVoteRow(
                    id: vote.id, decisionID: d.id, personID: vote.person, organizationID: vote.organization, position: vote.position.rawValue,
                    reason: vote.reason, version: 1, isCurrent: vote.isCurrent, nonce: nonce, answer: vote.answer, castAt: vote.castAt))
                var change: [String: JSONValue] = ["title": .string(d.title), "version": .int(1), "position": .string(vote.position.rawValue)]
                if let reason = vote.reason { change["reason"] = .string(reason) }
                event(vote.castAt, .decisionVoted, d.id, change)
            }
            if let closed = d.closedAt {
                if d.state == .withdrawn {
                    event(closed, .decisionWithdrawn, d.id, ["title": .string(d.title)])
                } else if d.result == nil || d.result == .decided {
                    event(closed, .decisionClosed, d.id, ["title": .string(d.title)])
                }
            }
            if let sealedAt = d.sealedAt, let number = d.number, let result = d.result, let tally = d.tally {
                var change: [String: JSONValue] = [
                    "title": .string(d.title), "number": .string(DecisionNumber.format(number)), "result": .string(result.rawValue),
                    "positions": .object(tally.positions.mapValues { .int($0) }), "eligible": .int(tally.eligible), "voted": .int(tally.voted),
                ]
                if let adopted = d.adopted { change["adopted"] = .bool(adopted) }
                event(sealedAt, .decisionSealed, d.id, change)
            }
        }
        try batch.row(DecisionRegisterRow(initiativeID: initiativeID, lastNumber: sealed.count))
        // The log tells the register's story in the order it happened.
        for (_, draft) in timeline.enumerated().sorted(by: { ($0.element.0, $0.offset) < ($1.element.0, $1.offset) }).map(\.element) {
            batch.event(draft.log, draft.action, draft.objectID, draft.change)
        }
        try await batch.write(app)
        return batch.eventCount
    }
}
