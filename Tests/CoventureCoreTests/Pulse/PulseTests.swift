import Foundation
import PropertyBased
import Testing
@testable import CoventureCore

/// The pulse (issue #15): the scale, the hiding under three answers, the divergence rule, the schedule and the digest.
@Suite("Pulse: rules")
struct PulseTests {
    static let a = UUID(uuidString: "00000000-0000-4000-8000-00000000000a")!
    static let b = UUID(uuidString: "00000000-0000-4000-8000-00000000000b")!
    static let c = UUID(uuidString: "00000000-0000-4000-8000-00000000000c")!

    static func s(_ t: Int, _ tr: Int, _ v: Int) -> PulseScores { PulseScores(trust: t, transparency: tr, valueAlignment: v) }

    // MARK: Input

    @Test("A score is a whole number from 1 to 5; anything else names its field")
    func scores() throws {
        #expect(try PulseRules.score("1", field: "trust") == 1)
        #expect(try PulseRules.score(" 5 ", field: "trust") == 5)
        for bad in ["0", "6", "3.5", "three", "", "-1", "3.0"] {
            #expect(throws: ValidationError.self) { try PulseRules.score(bad, field: "trust") }
            do { _ = try PulseRules.score(bad, field: "trust") } catch let error as ValidationError { #expect(error.field == "trust") }
        }
        #expect(throws: ValidationError.self) { try PulseRules.score(nil, field: "valueAlignment") }
    }

    @Test("Every bad score is reported at once, each with its field")
    func allFieldsAtOnce() {
        do {
            _ = try PulseRules.scores(trust: "0", transparency: "6", valueAlignment: "x")
            Issue.record("expected errors")
        } catch let errors as ValidationErrors {
            #expect(errors.errors.map(\.field) == ["trust", "transparency", "valueAlignment"])
        } catch { Issue.record("unexpected \(error)") }
    }

    @Test("A comment is optional and capped at 1000 characters; the cadence is 1 to 52 weeks")
    func commentAndCadence() throws {
        #expect(try PulseRules.comment(nil) == "")
        #expect(try PulseRules.comment("  fine  ") == "fine")
        #expect(throws: ValidationError.self) { try PulseRules.comment(String(repeating: "x", count: 1001)) }
        #expect(try PulseRules.cadence("4") == 4)
        for bad in ["0", "53", "two", "", "1.5"] { #expect(throws: ValidationError.self) { try PulseRules.cadence(bad) } }
        #expect(PulseRules.cadenceLabel(1) == "week" && PulseRules.cadenceLabel(4) == "4 weeks")
    }

    // MARK: Aggregation

    @Test("Means are hidden with 0, 1 or 2 answers and shown from 3, worked numbers")
    func hidingWorked() {
        #expect(PulseAggregate.figures(partyID: Self.a, answers: []) == PulsePartyFigures(partyID: Self.a, answers: 0, trust: nil, transparency: nil, valueAlignment: nil))
        #expect(PulseAggregate.figures(partyID: Self.a, answers: [Self.s(5, 5, 5), Self.s(1, 1, 1)]).trust == nil)
        let three = PulseAggregate.figures(partyID: Self.a, answers: [Self.s(5, 4, 3), Self.s(4, 4, 3), Self.s(3, 1, 2)])
        #expect(three.answers == 3 && three.trust == 4 && three.transparency == 3 && abs(three.valueAlignment! - 8.0 / 3) < 1e-9)
        #expect(PulseAggregate.showsComments(answers: 2) == false && PulseAggregate.showsComments(answers: 3))
    }

    static let answer = zip(Gen.int(in: 1...5), Gen.int(in: 1...5), Gen.int(in: 1...5)).map { PulseScores(trust: $0.0, transparency: $0.1, valueAlignment: $0.2) }

    @Test("Law: means are null exactly when fewer than 3 answered; the count is always shown")
    func hidingLaw() async {
        await propertyCheck(count: 300, input: Self.answer.array(of: 0...12)) { answers in
            let figures = PulseAggregate.figures(partyID: Self.a, answers: answers)
            #expect(figures.answers == answers.count)
            for dimension in PulseDimension.allCases {
                #expect((figures[dimension] == nil) == (answers.count < PulseRules.minimumAnswers))
            }
        }
    }

    @Test("Law: a shown mean lies on the scale, and the order of answers does not change it")
    func meanLaw() async {
        await propertyCheck(count: 300, input: Self.answer.array(of: 3...15)) { answers in
            let figures = PulseAggregate.figures(partyID: Self.a, answers: answers)
            let shuffled = PulseAggregate.figures(partyID: Self.a, answers: answers.shuffled())
            #expect(figures == shuffled)
            for dimension in PulseDimension.allCases {
                let mean = figures[dimension]!
                #expect(mean >= 1 && mean <= 5)
                #expect(mean >= Double(answers.map { $0[dimension] }.min()!) && mean <= Double(answers.map { $0[dimension] }.max()!))
            }
        }
    }

    // MARK: Divergence

    @Test("A gap of exactly one point is flagged, just under is not, hidden parties never count")
    func divergenceWorked() {
        let high = PulseAggregate.figures(partyID: Self.a, answers: [Self.s(4, 3, 3), Self.s(4, 3, 3), Self.s(4, 3, 3)])
        let low = PulseAggregate.figures(partyID: Self.b, answers: [Self.s(3, 3, 3), Self.s(3, 3, 3), Self.s(3, 3, 2)])
        let found = PulseAggregate.divergences([high, low])
        #expect(found == [PulseDivergence(dimension: .trust, higher: Self.a, lower: Self.b, gap: 1)])
        let hidden = PulseAggregate.figures(partyID: Self.c, answers: [Self.s(1, 1, 1), Self.s(1, 1, 1)])
        #expect(PulseAggregate.divergences([high, hidden]).isEmpty, "a party under 3 answers reveals nothing, not even a gap")
        let near = PulseAggregate.figures(partyID: Self.b, answers: [Self.s(3, 3, 3), Self.s(3, 3, 3), Self.s(4, 3, 3)])
        #expect(PulseAggregate.divergences([high, near]).isEmpty, "4 − 3⅓ is under a point")
    }

    static let party = zip(Gen.int(in: 0...2), Self.answer.array(of: 0...8))

    @Test("Law: a pair is flagged exactly when both are shown and their means differ by ≥ 1, higher above lower, whatever the order of parties")
    func divergenceLaw() async {
        await propertyCheck(count: 300, input: Self.answer.array(of: 0...8), Self.answer.array(of: 0...8), Self.answer.array(of: 0...8)) { x, y, z in
            let figures = [PulsePartyFigures](
                [PulseAggregate.figures(partyID: Self.a, answers: x), PulseAggregate.figures(partyID: Self.b, answers: y),
                 PulseAggregate.figures(partyID: Self.c, answers: z)])
            let found = PulseAggregate.divergences(figures)
            #expect(Set(found.map { "\($0)" }) == Set(PulseAggregate.divergences(figures.reversed()).map { "\($0)" }))
            for dimension in PulseDimension.allCases {
                for (i, p) in figures.enumerated() {
                    for q in figures[(i + 1)...] {
                        let flagged = found.contains { $0.dimension == dimension && Set([$0.higher, $0.lower]) == Set([p.partyID, q.partyID]) }
                        let expected: Bool
                        if let u = p[dimension], let v = q[dimension] { expected = abs(u - v) >= 1 - 1e-9 } else { expected = false }
                        #expect(flagged == expected)
                    }
                }
            }
            for d in found {
                let byID = Dictionary(uniqueKeysWithValues: figures.map { ($0.partyID, $0) })
                #expect(byID[d.higher]![d.dimension]! >= byID[d.lower]![d.dimension]! && d.gap >= 1)
            }
        }
    }

    // MARK: Schedule

    @Test("A round closes 7 days after it opened; the next opens a cadence after the last opened (or the start); none opens while one is open")
    func schedule() {
        let start = Date(timeIntervalSince1970: 1_790_000_000)
        #expect(PulseSchedule.closesAt(openedAt: start).timeIntervalSince(start) == 7 * 86_400)
        let fourWeeks = TimeInterval(28 * 86_400)
        #expect(PulseSchedule.nextOpening(lastOpenedAt: nil, since: start, cadenceWeeks: 4) == start + fourWeeks)
        #expect(PulseSchedule.opensNow(lastOpenedAt: start, since: start, cadenceWeeks: 4, roundOpen: false, now: start + fourWeeks))
        #expect(!PulseSchedule.opensNow(lastOpenedAt: start, since: start, cadenceWeeks: 4, roundOpen: false, now: start + fourWeeks - 1))
        #expect(!PulseSchedule.opensNow(lastOpenedAt: start, since: start, cadenceWeeks: 4, roundOpen: true, now: start + 10 * fourWeeks))
        #expect(PulseSchedule.closesNow(closesAt: start, now: start) && !PulseSchedule.closesNow(closesAt: start, now: start - 1))
    }

    @Test("Law: an answer's day is the start of its UTC day: not later, less than a day earlier, a multiple of a day")
    func dayStart() async {
        await propertyCheck(count: 300, input: Gen.int(in: 0...4_000_000_000)) { seconds in
            let date = Date(timeIntervalSince1970: TimeInterval(seconds) + 0.123)
            let day = PulseSchedule.dayStart(date)
            #expect(day <= date && date.timeIntervalSince(day) < 86_400)
            #expect(day.timeIntervalSince1970.truncatingRemainder(dividingBy: 86_400) == 0)
        }
    }

    // MARK: Digest

    @Test("The digest commits to every part of the answer and to its salt; salts are random")
    func digest() {
        let round = UUID(), party = UUID()
        let one = PulseDigest.sha256Hex(round: round, party: party, scores: Self.s(3, 4, 5), comment: "ok", salt: "00")
        #expect(one.count == 64)
        #expect(one == PulseDigest.sha256Hex(round: round, party: party, scores: Self.s(3, 4, 5), comment: "ok", salt: "00"))
        #expect(one != PulseDigest.sha256Hex(round: round, party: party, scores: Self.s(3, 4, 4), comment: "ok", salt: "00"))
        #expect(one != PulseDigest.sha256Hex(round: round, party: party, scores: Self.s(3, 4, 5), comment: "ok!", salt: "00"))
        #expect(one != PulseDigest.sha256Hex(round: round, party: party, scores: Self.s(3, 4, 5), comment: "ok", salt: "01"))
        #expect(one != PulseDigest.sha256Hex(round: round, party: UUID(), scores: Self.s(3, 4, 5), comment: "ok", salt: "00"))
        let salts = Set((0..<50).map { _ in PulseDigest.newSalt() })
        #expect(salts.count == 50 && salts.allSatisfy { $0.count == 32 })
    }

    // MARK: Access

    @Test("Every member answers, observers included; the admins of every party manage the pulse; a non-member finds nothing")
    func access() {
        func viewer(_ role: MemberRole?, owner: Bool) -> InitiativeViewer {
            InitiativeViewer(personID: Self.c, membership: role.map { .init(role: $0, partyOrganizationID: owner ? Self.a : Self.b, partyIsOwner: owner) })
        }
        for owner in [true, false] {
            for role in MemberRole.allCases {
                #expect(AccessPolicy.decide(.answerPulse, for: viewer(role, owner: owner)) == .allow)
                let manage = AccessPolicy.decide(.managePulse, for: viewer(role, owner: owner))
                #expect((manage == .allow) == (role == .admin), "\(role), owner \(owner)")
                if role != .admin, case .forbidden = manage {} else if role != .admin { Issue.record("\(role) must be forbidden") }
            }
            #expect(AccessPolicy.decide(.answerPulse, for: viewer(nil, owner: owner)) == .notFound)
            #expect(AccessPolicy.decide(.managePulse, for: viewer(nil, owner: owner)) == .notFound)
        }
    }

    // MARK: Feed

    @Test("An answer's sentence names the round, never a person; the feed says a member of the party did it")
    func sentence() {
        let change: [String: JSONValue] = ["round": .int(3), "organizationId": .id(Self.a), "answerDigest": .string("ab")]
        #expect(LedgerAction.pulseAnswered.sentence(change, actorID: nil, names: ActivityNames()) == "answered pulse round 3")
        #expect(LedgerAction.pulseAnswered.anonymousActor(partyName: "Acme") == "A member of Acme")
        #expect(LedgerAction.pulseRoundOpened.anonymousActor(partyName: "Acme") == "The operator")
        #expect(LedgerAction.pulseRoundOpened.sentence(["round": .int(2), "closesOn": .string("2027-03-31")], actorID: nil, names: ActivityNames())
            == "opened pulse round 2 until 31 Mar 2027")
        #expect(LedgerAction.pulseRoundClosed.sentence(["round": .int(2), "answers": .int(9)], actorID: nil, names: ActivityNames())
            == "closed pulse round 2 with 9 answers")
        #expect(LedgerAction.pulseSettingsChanged.sentence(["cadenceWeeks": .int(4)], actorID: nil, names: ActivityNames())
            == "set the pulse to open a round every 4 weeks")
    }
}
