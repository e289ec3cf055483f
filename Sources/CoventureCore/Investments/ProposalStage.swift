import Foundation

/// Where a proposal stands on its way through the gates (issue #14; Stage-Gate's Go / Kill / Hold / Recycle).
public enum ProposalStage: String, Codable, CaseIterable, Sendable {
    /// Being rated; no gate has passed yet (or it was recycled back here).
    case proposed
    /// A gate's decision is open, or it did not pass and awaits the owner's kill, hold or recycle.
    case atGate
    /// At least one tranche is released and more remain.
    case funding
    /// Every tranche is released.
    case funded
    /// Paused by the owner; a gate may open again.
    case onHold
    /// Stopped by the owner: nothing more is released.
    case killed

    public var label: String {
        switch self {
        case .proposed: "Proposed"
        case .atGate: "At a gate"
        case .funding: "Funding in tranches"
        case .funded: "Fully funded"
        case .onHold: "On hold"
        case .killed: "Killed"
        }
    }

    /// A gate may open from here (when a tranche remains).
    public var opensGate: Bool { self == .proposed || self == .funding || self == .onHold }
    /// Raters may still score it.
    public var takesRatings: Bool { self != .killed && self != .funded }
    /// Its ask, funding and tranches may still change: only before the first gate.
    public var planEditable: Bool { self == .proposed }
}

/// A gate's outcome. `pending` while its decision is open; `awaitingOwner` when the decision did not pass and the
/// owner party's admins must say what happens (the owner always owns the initiative).
public enum GateOutcome: String, Codable, CaseIterable, Sendable {
    case pending
    case awaitingOwner
    case go
    case kill
    case hold
    case recycle

    public var label: String {
        switch self {
        case .pending: "Decision open"
        case .awaitingOwner: "Awaiting the owner"
        case .go: "Go"
        case .kill: "Kill"
        case .hold: "Hold"
        case .recycle: "Recycle"
        }
    }

    /// The outcomes the owner records on a gate that did not pass.
    public static let ownerChoices: [GateOutcome] = [.kill, .hold, .recycle]

    /// The stage a proposal moves to when its gate ends with this outcome.
    public func stage(tranchesRemainingAfter remaining: Int) -> ProposalStage {
        switch self {
        case .pending, .awaitingOwner: .atGate
        case .go: remaining == 0 ? .funded : .funding
        case .kill: .killed
        case .hold: .onHold
        case .recycle: .proposed
        }
    }

    /// The owner's outcome on a gate that did not pass, checked: one of kill, hold, recycle, with a reason.
    public static func ownerOutcome(_ raw: String?, reason: String?) throws -> (GateOutcome, String) {
        var checks = FieldChecks()
        let outcome = checks.run { () throws -> GateOutcome in
            guard let raw, let outcome = GateOutcome(rawValue: raw), ownerChoices.contains(outcome) else {
                throw ValidationError(field: "outcome", "must be kill, hold or recycle")
            }
            return outcome
        }
        let reason = checks.run { () throws -> String in
            let text = try Validate.longText(reason, field: "reason", maxLength: 5000)
            guard !text.isEmpty else { throw ValidationError(field: "reason", "is required: say why") }
            return text
        }
        try checks.finish()
        guard let outcome, let reason else { throw ValidationError(field: "outcome", "is required") }
        return (outcome, reason)
    }
}

/// The money side of a proposal checked as a whole: the pledges and the tranches each sum exactly to the ask, in its
/// currency (issue #14).
public struct InvestmentPlan: Equatable, Sendable {
    public struct Tranche: Equatable, Sendable {
        public var amount: Int64
        public var milestone: String
        public var keyResultID: UUID?

        public init(amount: Int64, milestone: String, keyResultID: UUID? = nil) {
            self.amount = amount
            self.milestone = milestone
            self.keyResultID = keyResultID
        }
    }

    public var ask: Money
    /// Each funding party's pledge, in minor units of the ask's currency, in the order sent.
    public var funding: [(organizationID: UUID, amount: Int64)]
    public var tranches: [Tranche]

    public static let maximumTranches = 20

    public static func == (a: InvestmentPlan, b: InvestmentPlan) -> Bool {
        a.ask == b.ask && a.tranches == b.tranches
            && a.funding.map(\.organizationID) == b.funding.map(\.organizationID) && a.funding.map(\.amount) == b.funding.map(\.amount)
    }

    /// Checks every rule at once. `parties` are the initiative's party organizations; `keyResults` its key results.
    public static func validated(
        ask: Money?, funding: [(organizationID: UUID, amount: Money?)], tranches: [(amount: Money?, milestone: String?, keyResultID: UUID?)],
        parties: Set<UUID>, keyResults: Set<UUID>
    ) throws -> InvestmentPlan {
        var checks = FieldChecks()
        let ask = checks.run { try Money.validated(ask, field: "ask") }
        var pledges: [(UUID, Int64)] = []
        checks.run { guard !funding.isEmpty else { throw ValidationError(field: "funding", "needs at least one party's pledge") } }
        var seen = Set<UUID>()
        for (index, pledge) in funding.enumerated() {
            let field = "funding[\(index)]"
            checks.run {
                guard parties.contains(pledge.organizationID) else {
                    throw ValidationError(field: "\(field).organizationId", "is not a party of this initiative")
                }
                guard seen.insert(pledge.organizationID).inserted else {
                    throw ValidationError(field: "\(field).organizationId", "pledges twice: one line per party")
                }
            }
            if let money = checks.run({ try Money.validated(pledge.amount, field: "\(field).amount") }) {
                checks.run {
                    if let ask, money.currency != ask.currency {
                        throw ValidationError(field: "\(field).amount.currency", "must be the ask's currency (\(ask.currency))")
                    }
                }
                pledges.append((pledge.organizationID, money.amount))
            }
        }
        var plan: [Tranche] = []
        checks.run {
            guard !tranches.isEmpty else { throw ValidationError(field: "tranches", "needs at least one tranche") }
            guard tranches.count <= maximumTranches else { throw ValidationError(field: "tranches", "may hold at most \(maximumTranches)") }
        }
        for (index, tranche) in tranches.enumerated() {
            let field = "tranches[\(index)]"
            let money = checks.run { try Money.validated(tranche.amount, field: "\(field).amount") }
            let milestone = checks.run { try Validate.text(tranche.milestone, field: "\(field).milestone", maxLength: 200) }
            checks.run {
                if let ask, let money, money.currency != ask.currency {
                    throw ValidationError(field: "\(field).amount.currency", "must be the ask's currency (\(ask.currency))")
                }
                if let kr = tranche.keyResultID, !keyResults.contains(kr) {
                    throw ValidationError(field: "\(field).keyResultId", "is not a key result of this initiative")
                }
            }
            if let money, let milestone { plan.append(Tranche(amount: money.amount, milestone: milestone, keyResultID: tranche.keyResultID)) }
        }
        if let ask, checks.errors.isEmpty {
            checks.run {
                let pledged = pledges.reduce(Int64(0)) { $0 + $1.1 }
                guard pledged == ask.amount else {
                    throw ValidationError(field: "funding", "must sum to the ask (\(ask.formatted)); the pledges sum to \(Money(amount: pledged, currency: ask.currency).formatted)")
                }
            }
            checks.run {
                let planned = plan.reduce(Int64(0)) { $0 + $1.amount }
                guard planned == ask.amount else {
                    throw ValidationError(field: "tranches", "must sum to the ask (\(ask.formatted)); they sum to \(Money(amount: planned, currency: ask.currency).formatted)")
                }
            }
        }
        try checks.finish()
        guard let ask else { throw ValidationError(field: "ask", "is required") }
        return InvestmentPlan(ask: ask, funding: pledges.map { (organizationID: $0.0, amount: $0.1) }, tranches: plan)
    }
}
