import CoventureCore
import CoventureServer
import Foundation
import SQLKit
import Vapor

/// The pulse of a large initiative (issue #15), written in bulk beside the recorder like the rest of the generator: the
/// rows and events `PulseStore` writes for `count` closed rounds four weeks apart, each answered by about three in five
/// members (the owner's people a little warmer than the partners'), one in eight with a comment. Answers carry their
/// party only, and their events no actor (`EventDraft.partyOnly`), as the product writes them.
enum LargePulse {
    static let comments = [
        "Good collaboration this month.", "Decisions reach us late.", "The shared data room helps.",
        "We would like more say in the roadmap.", "Clear priorities from the steering group.",
    ]

    /// Writes `count` rounds in one transaction; returns the number of events.
    static func write(
        _ app: Application, random: inout SplitMix64, initiativeID: UUID, count: Int,
        members: [(person: UUID, party: UUID, organization: UUID)], actor: Actor, now: Date
    ) async throws -> Int {
        guard count > 0, !members.isEmpty else { return 0 }
        let day = 86_400.0
        let owner = members[0].party
        var batch = RowBatch()
        batch.actor = .operator
        for k in 0..<count {
            let roundID = random.uuid(), number = k + 1
            // The latest opened three weeks ago: the next is due in a week, so serving the dataset opens none at once.
            let opened = now.addingTimeInterval(-(Double(count - k) * 28 - 7) * day)
            let closes = PulseSchedule.closesAt(openedAt: opened)
            try batch.row(PulseRoundRow(
                id: roundID, initiativeID: initiativeID, number: number, openedAt: opened, closesAt: closes, closedAt: closes, openedByHand: false))
            batch.event(initiativeID, .pulseRoundOpened, roundID, [
                "round": .int(Int64(number)), "closesOn": .string(CalendarDate(closes, in: TimeZone(identifier: "UTC")!).description),
                "byHand": .bool(false),
            ])
            var answers = 0
            // As `PulseStore.reshuffle` leaves a closed round: rows in no order that pairs an answer with a person.
            var answerRows: [PulseAnswerRow] = [], participationRows: [PulseParticipationRow] = []
            for member in members where random.next() % 5 < 3 {
                let warm = member.party == owner ? 1 : 0
                func score() -> Int { min(5, max(1, 2 + warm + Int(random.next() % 3))) }
                let scores = PulseScores(trust: score(), transparency: score(), valueAlignment: score())
                let comment = random.next() % 8 == 0 ? comments[Int(random.next() % UInt64(comments.count))] : ""
                let salt = PulseDigest.newSalt()
                participationRows.append(PulseParticipationRow(id: random.uuid(), roundID: roundID, personID: member.person))
                answerRows.append(PulseAnswerRow(
                    id: random.uuid(), roundID: roundID, initiativeID: initiativeID, partyID: member.party, trust: scores.trust,
                    transparency: scores.transparency, valueAlignment: scores.valueAlignment, comment: comment, salt: salt))
                batch.event(EventDraft(
                    log: initiativeID, action: .pulseAnswered, objectID: roundID,
                    change: ["round": .int(Int64(number)), "organizationId": .id(member.organization), "partyId": .id(member.party),
                             "answerDigest": .string(PulseDigest.sha256Hex(round: roundID, party: member.party, scores: scores, comment: comment, salt: salt))],
                    partyOnly: member.organization))
                answers += 1
            }
            for row in participationRows.shuffled(using: &random) { try batch.row(row) }
            for row in answerRows.shuffled(using: &random) { try batch.row(row) }
            batch.event(initiativeID, .pulseRoundClosed, roundID, ["round": .int(Int64(number)), "answers": .int(Int64(answers))])
        }
        try await batch.write(app)
        return batch.eventCount
    }
}
