import Foundation

/// One rung of an initiative's escalation ladder: who is up and for how many days.
public struct EscalationStep: Equatable, Codable, Sendable {
    public var name: String
    public var people: [UUID]
    public var days: Int

    public init(name: String, people: [UUID] = [], days: Int) {
        self.name = name
        self.people = people
        self.days = days
    }
}

/// The ordered steps a deadlocked reserved matter climbs (issue #13).
public struct EscalationLadder: Equatable, Codable, Sendable {
    public var steps: [EscalationStep]

    public init(steps: [EscalationStep]) { self.steps = steps }

    public static let maximumSteps = 10

    /// Workstream leads → steering group → sponsors → mediation; nobody named yet.
    public static let standard = EscalationLadder(steps: [
        EscalationStep(name: "Workstream leads", days: 7),
        EscalationStep(name: "Steering group", days: 14),
        EscalationStep(name: "Sponsors", days: 14),
        EscalationStep(name: "Mediation", days: 30),
    ])

    /// Names trimmed; every step named (at most 100 characters) with 1–365 days; 1–10 steps; errors name
    /// `steps[i].name` / `steps[i].days`.
    public func validated() throws -> EscalationLadder {
        guard !steps.isEmpty else { throw ValidationError(field: "steps", "must have at least one step") }
        guard steps.count <= Self.maximumSteps else { throw ValidationError(field: "steps", "must have at most \(Self.maximumSteps) steps") }
        var checks = FieldChecks()
        var cleaned: [EscalationStep] = []
        for (index, step) in steps.enumerated() {
            let name = checks.run { try Validate.text(step.name, field: "steps[\(index)].name", maxLength: 100) }
            checks.run {
                guard (1...DecisionRules.maximumDays).contains(step.days) else {
                    throw ValidationError(field: "steps[\(index)].days", "must be between 1 and \(DecisionRules.maximumDays)")
                }
            }
            var seen = Set<UUID>()
            cleaned.append(EscalationStep(name: name ?? step.name, people: step.people.filter { seen.insert($0).inserted }, days: step.days))
        }
        try checks.finish()
        return EscalationLadder(steps: cleaned)
    }
}

/// Where a deadlock stands on the ladder.
public struct DeadlockPosition: Equatable, Sendable {
    /// 1-based position on the ladder.
    public var step: Int
    public var name: String
    public var people: [UUID]
    /// Since when this step is up.
    public var upSince: Date
}

public enum Deadlock {
    /// A reserved matter that failed (rejected or without quorum) after superseding a decision that also failed.
    public static func isDeadlock(reserved: Bool, result: DecisionResult, supersededResult: DecisionResult?) -> Bool {
        reserved && result.failed && (supersededResult?.failed ?? false)
    }

    /// The step that is up `now` for a deadlock flagged at `since`: each step's days run out in turn; the last step
    /// stays up until a decision passes.
    public static func position(on ladder: EscalationLadder, since: Date, now: Date) -> DeadlockPosition? {
        guard !ladder.steps.isEmpty else { return nil }
        var start = since
        for (index, step) in ladder.steps.enumerated() {
            let end = start.addingTimeInterval(TimeInterval(step.days) * 86_400)
            if now < end || index == ladder.steps.count - 1 {
                return DeadlockPosition(step: index + 1, name: step.name, people: step.people, upSince: start)
            }
            start = end
        }
        return nil
    }
}
