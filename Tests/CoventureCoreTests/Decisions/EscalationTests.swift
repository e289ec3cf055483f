import Foundation
import PropertyBased
import Testing

@testable import CoventureCore

@Suite("Decisions: deadlock and the escalation ladder")
struct EscalationTests {
    static let day: TimeInterval = 86_400
    static let since = Date(timeIntervalSince1970: 1_800_000_000)
    static let lead = Cast.id(7001)
    static let sponsor = Cast.id(7002)

    /// Leads for 7 days, steering group for 14, sponsors for 14, then mediation for 30 and on.
    static let ladder = EscalationLadder(steps: [
        EscalationStep(name: "Workstream leads", people: [lead], days: 7),
        EscalationStep(name: "Steering group", days: 14),
        EscalationStep(name: "Sponsors", people: [sponsor, lead], days: 14),
        EscalationStep(name: "Mediation", days: 30),
    ])

    // MARK: Deadlock

    @Test(
        "A deadlock is a reserved matter that failed after superseding a decision that also failed: the whole truth table"
    )
    func isDeadlock() {
        let failed: Set<DecisionResult> = [.rejected, .noQuorum]
        let supersededResults: [DecisionResult?] = [nil] + DecisionResult.allCases.map { $0 }
        for reserved in [true, false] {
            for result in DecisionResult.allCases {
                for superseded in supersededResults {
                    let expected = reserved && failed.contains(result) && superseded.map { failed.contains($0) } == true
                    #expect(
                        Deadlock.isDeadlock(reserved: reserved, result: result, supersededResult: superseded)
                            == expected,
                        "reserved \(reserved), \(result) after \(superseded.map(\.rawValue) ?? "nothing")")
                }
            }
        }
    }

    @Test("A first failure is not yet a deadlock, nor a failure after a decision that passed or was withdrawn")
    func notYetDeadlock() {
        #expect(!Deadlock.isDeadlock(reserved: true, result: .rejected, supersededResult: nil))
        #expect(!Deadlock.isDeadlock(reserved: true, result: .noQuorum, supersededResult: .passed))
        #expect(!Deadlock.isDeadlock(reserved: true, result: .rejected, supersededResult: .withdrawn))
        #expect(!Deadlock.isDeadlock(reserved: false, result: .rejected, supersededResult: .rejected))
        #expect(Deadlock.isDeadlock(reserved: true, result: .noQuorum, supersededResult: .rejected))
    }

    // MARK: Where a deadlock stands

    @Test(
        "Each step is up until its days run out, to the second; then the next step is up",
        arguments: [
            // (days since the deadlock, seconds on top, step, the day that step came up)
            (0, 0, 1, 0), (6, 86_399, 1, 0), (7, 0, 2, 7), (20, 86_399, 2, 7), (21, 0, 3, 21), (34, 86_399, 3, 21),
            (35, 0, 4, 35), (64, 86_399, 4, 35),
        ])
    func stepAt(days: Int, seconds: Int, step: Int, upSinceDay: Int) throws {
        let now = Self.since.addingTimeInterval(TimeInterval(days) * Self.day + TimeInterval(seconds))
        let position = try #require(Deadlock.position(on: Self.ladder, since: Self.since, now: now))
        #expect(position.step == step)
        #expect(position.name == Self.ladder.steps[step - 1].name)
        #expect(position.people == Self.ladder.steps[step - 1].people)
        #expect(position.upSince == Self.since.addingTimeInterval(TimeInterval(upSinceDay) * Self.day))
    }

    @Test("The last step stays up once its days have run out too", arguments: [65, 66, 365, 3650])
    func lastStepStays(days: Int) throws {
        let now = Self.since.addingTimeInterval(TimeInterval(days) * Self.day)
        let position = try #require(Deadlock.position(on: Self.ladder, since: Self.since, now: now))
        #expect(
            position
                == DeadlockPosition(
                    step: 4, name: "Mediation", people: [], upSince: Self.since.addingTimeInterval(35 * Self.day)))
    }

    @Test("A one-step ladder has that step up from the start and for good")
    func oneStep() {
        let ladder = EscalationLadder(steps: [EscalationStep(name: "Sponsors", people: [Self.sponsor], days: 3)])
        for days in [0, 2, 3, 100] {
            let position = Deadlock.position(
                on: ladder, since: Self.since, now: Self.since.addingTimeInterval(TimeInterval(days) * Self.day))
            #expect(
                position == DeadlockPosition(step: 1, name: "Sponsors", people: [Self.sponsor], upSince: Self.since),
                "day \(days)")
        }
    }

    @Test("A ladder without steps has nobody up")
    func emptyLadder() {
        #expect(Deadlock.position(on: EscalationLadder(steps: []), since: Self.since, now: Self.since) == nil)
    }

    @Test(
        "As time passes a deadlock only climbs, one step at a time, and each step comes up when the one before ran out")
    func climbsStepByStep() async {
        let steps = Gen.int(in: 1...30).array(of: 1...10)
        await propertyCheck(count: 200, input: steps, Gen.int(in: 0...400)) { days, horizon in
            let ladder = EscalationLadder(
                steps: days.enumerated().map { EscalationStep(name: "Step \($0.offset + 1)", days: $0.element) })
            var previous = 1
            for hour in stride(from: 0, through: horizon * 24, by: 6) {
                let now = Self.since.addingTimeInterval(TimeInterval(hour) * 3600)
                guard let position = Deadlock.position(on: ladder, since: Self.since, now: now) else {
                    Issue.record("nobody up at hour \(hour) of \(days)")
                    return
                }
                #expect(position.step == previous || position.step == previous + 1, "hour \(hour) of \(days)")
                let upSinceDays = days.prefix(position.step - 1).reduce(0, +)
                #expect(position.upSince == Self.since.addingTimeInterval(TimeInterval(upSinceDays) * Self.day))
                #expect(now >= position.upSince)
                if position.step < days.count {
                    #expect(now < position.upSince.addingTimeInterval(TimeInterval(days[position.step - 1]) * Self.day))
                }
                previous = position.step
            }
        }
    }

    // MARK: The ladder's rules

    @Test(
        "The standard ladder goes from workstream leads through the steering group and sponsors to mediation, and is valid"
    )
    func standardLadder() throws {
        let ladder = EscalationLadder.standard
        #expect(ladder.steps.map(\.name) == ["Workstream leads", "Steering group", "Sponsors", "Mediation"])
        #expect(ladder.steps.map(\.days) == [7, 14, 14, 30])
        #expect(ladder.steps.allSatisfy { $0.people.isEmpty })
        #expect(try ladder.validated() == ladder)
    }

    @Test("Validation trims step names and drops a person named twice on one step, keeping the order")
    func cleaned() throws {
        let ladder = EscalationLadder(steps: [
            EscalationStep(
                name: "  Steering group\n", people: [Self.sponsor, Self.lead, Self.sponsor, Self.lead], days: 14),
            EscalationStep(name: "Mediation", people: [Self.lead], days: 30),
        ])
        #expect(
            try ladder.validated()
                == EscalationLadder(steps: [
                    EscalationStep(name: "Steering group", people: [Self.sponsor, Self.lead], days: 14),
                    EscalationStep(name: "Mediation", people: [Self.lead], days: 30),
                ]))
    }

    @Test("A ladder has 1 to 10 steps")
    func stepCount() throws {
        #expect(throws: ValidationError(field: "steps", "must have at least one step")) {
            try EscalationLadder(steps: []).validated()
        }
        let ten = (1...10).map { EscalationStep(name: "Step \($0)", days: 1) }
        #expect(try EscalationLadder(steps: ten).validated().steps.count == 10)
        #expect(throws: ValidationError(field: "steps", "must have at most 10 steps")) {
            try EscalationLadder(steps: ten + [EscalationStep(name: "Step 11", days: 1)]).validated()
        }
    }

    @Test(
        "A step's name is required, a single line of at most 100 characters, and its error names the step",
        arguments: [
            ("", "is required"), ("  \n", "is required"),
            (String(repeating: "x", count: 101), "must be at most 100 characters"),
            ("Steering\ngroup", "must be a single line without control characters"),
            ("Steering\u{202E}group", "must be a single line without control characters"),
        ])
    func stepName(name: String, message: String) throws {
        let ladder = EscalationLadder(steps: [
            EscalationStep(name: "Leads", days: 7), EscalationStep(name: name, days: 7),
        ])
        #expect(throws: ValidationError(field: "steps[1].name", message)) { try ladder.validated() }
        let longest = String(repeating: "x", count: 100)
        #expect(
            try EscalationLadder(steps: [EscalationStep(name: longest, days: 7)]).validated().steps[0].name == longest)
    }

    @Test("A step lasts 1 to 365 days, and its error names the step", arguments: [0, -1, 366])
    func stepDays(days: Int) throws {
        let ladder = EscalationLadder(steps: [
            EscalationStep(name: "Leads", days: 1), EscalationStep(name: "Sponsors", days: 365),
            EscalationStep(name: "Mediation", days: days),
        ])
        #expect(throws: ValidationError(field: "steps[2].days", "must be between 1 and 365")) { try ladder.validated() }
    }

    @Test("Every broken step is reported at once, step by step")
    func severalErrors() {
        let ladder = EscalationLadder(steps: [
            EscalationStep(name: " ", days: 0),
            EscalationStep(name: "Steering group", days: 14),
            EscalationStep(name: "Sponsors", days: 400),
        ])
        #expect(
            throws: ValidationErrors([
                ValidationError(field: "steps[0].name", "is required"),
                ValidationError(field: "steps[0].days", "must be between 1 and 365"),
                ValidationError(field: "steps[2].days", "must be between 1 and 365"),
            ])
        ) { try ladder.validated() }
    }
}
