import Foundation
import Testing

@testable import CoventureCore

@Suite("Investments: money, scales and the plan of a proposal")
struct InvestmentPlanTests {
    static let owner = UUID()
    static let partner = UUID()
    static func eur(_ amount: Int64) -> Money { Money(amount: amount, currency: "EUR") }

    @Test("Money prints in major units with the currency's own decimals, grouped by thousands")
    func formatting() {
        #expect(Money(amount: 1_250_000, currency: "EUR").formatted == "EUR 12,500.00")
        #expect(Money(amount: 5, currency: "EUR").formatted == "EUR 0.05")
        #expect(Money(amount: 1_250_000, currency: "JPY").formatted == "JPY 1,250,000")
        #expect(Money(amount: 1_234, currency: "KWD").formatted == "KWD 1.234")
    }

    @Test("A currency is an ISO 4217 code; lower case is accepted and stored upper case")
    func currency() throws {
        #expect(try Currency.validated("eur", field: "ask.currency") == "EUR")
        #expect(throws: ValidationError(field: "ask.currency", "must be an ISO 4217 code like EUR")) { try Currency.validated("EURO", field: "ask.currency") }
        #expect(throws: ValidationError(field: "ask.currency", "is not an ISO 4217 currency code")) { try Currency.validated("QQQ", field: "ask.currency") }
    }

    @Test("An amount must be positive and at most 10¹⁵ minor units")
    func amounts() {
        #expect(throws: ValidationError(field: "ask.amount", "must be more than zero")) { try Money.validated(Self.eur(0), field: "ask") }
        #expect(throws: ValidationError(field: "ask.amount", "must be at most 1000000000000000 minor units")) {
            try Money.validated(Self.eur(Money.maximumAmount + 1), field: "ask")
        }
    }

    @Test("Pledges and tranches each sum exactly to the ask")
    func sums() throws {
        let plan = try InvestmentPlan.validated(
            ask: Self.eur(100_000), funding: [(Self.owner, Self.eur(60_000)), (Self.partner, Self.eur(40_000))],
            tranches: [(Self.eur(30_000), "Pilot", nil), (Self.eur(70_000), "Roll-out", nil)], parties: [Self.owner, Self.partner], keyResults: [])
        #expect(plan.tranches.map(\.amount) == [30_000, 70_000])
        #expect(throws: ValidationError(field: "funding", "must sum to the ask (EUR 1,000.00); the pledges sum to EUR 900.00")) {
            try InvestmentPlan.validated(
                ask: Self.eur(100_000), funding: [(Self.owner, Self.eur(50_000)), (Self.partner, Self.eur(40_000))],
                tranches: [(Self.eur(100_000), "All", nil)], parties: [Self.owner, Self.partner], keyResults: [])
        }
        #expect(throws: ValidationError(field: "tranches", "must sum to the ask (EUR 1,000.00); they sum to EUR 1,100.00")) {
            try InvestmentPlan.validated(
                ask: Self.eur(100_000), funding: [(Self.owner, Self.eur(100_000))],
                tranches: [(Self.eur(50_000), "One", nil), (Self.eur(60_000), "Two", nil)], parties: [Self.owner], keyResults: [])
        }
    }

    @Test("Every broken rule is named at once: a stranger party, a second currency, a missing milestone, a foreign key result")
    func everyFieldAtOnce() {
        do {
            _ = try InvestmentPlan.validated(
                ask: Self.eur(100), funding: [(UUID(), Self.eur(50)), (Self.owner, Money(amount: 50, currency: "USD"))],
                tranches: [(Self.eur(100), " ", UUID())], parties: [Self.owner], keyResults: [])
            Issue.record("an invalid plan passed")
        } catch let errors as ValidationErrors {
            #expect(Set(errors.errors.map(\.field)) == [
                "funding[0].organizationId", "funding[1].amount.currency", "tranches[0].milestone", "tranches[0].keyResultId",
            ])
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test("A framework's criteria: names unique, weights 1–100, max above min, whole bounds on an integer scale")
    func framework() {
        do {
            _ = try ScoringFramework.validated([
                ScoringCriterion(id: UUID(), name: "Impact", weight: 0, min: 1, max: 5),
                ScoringCriterion(id: UUID(), name: "impact", weight: 10, min: 5, max: 5),
                ScoringCriterion(id: UUID(), name: "Risk", weight: 10, min: 0.5, max: 5),
            ])
            Issue.record("an invalid framework passed")
        } catch let errors as ValidationErrors {
            #expect(errors.errors.map(\.field) == ["criteria[0].weight", "criteria[1].name", "criteria[1].max", "criteria[2].min"])
        } catch {
            Issue.record("unexpected \(error)")
        }
        #expect(throws: ValidationError(field: "criteria", "needs at least one criterion")) { try ScoringFramework.validated([]) }
    }

    @Test("A rating must lie on its criterion's scale, and be whole on an integer scale")
    func ratings() throws {
        let impact = ScoringCriterion(id: UUID(), name: "Impact", weight: 1, min: 1, max: 5)
        #expect(try impact.validatedRating(3, field: "scores[0].value") == 3)
        #expect(throws: ValidationError(field: "scores[0].value", "must be between 1 and 5 for “Impact”")) { try impact.validatedRating(6, field: "scores[0].value") }
        #expect(throws: ValidationError(field: "scores[0].value", "must be a whole number for “Impact”")) { try impact.validatedRating(2.5, field: "scores[0].value") }
        #expect(throws: ValidationError(field: "scores[0].value", "is required")) { try impact.validatedRating(nil, field: "scores[0].value") }
    }

    @Test("Gates: go moves to funding or funded, the owner's kill, hold and recycle need a reason")
    func gates() throws {
        #expect(GateOutcome.go.stage(tranchesRemainingAfter: 1) == .funding)
        #expect(GateOutcome.go.stage(tranchesRemainingAfter: 0) == .funded)
        #expect(GateOutcome.recycle.stage(tranchesRemainingAfter: 2) == .proposed)
        #expect(try GateOutcome.ownerOutcome("hold", reason: "Wait for the pilot's data").0 == .hold)
        #expect(throws: ValidationError(field: "reason", "is required: say why")) { try GateOutcome.ownerOutcome("kill", reason: " ") }
        #expect(throws: ValidationError(field: "outcome", "must be kill, hold or recycle")) { try GateOutcome.ownerOutcome("go", reason: "x") }
        #expect(ProposalStage.onHold.opensGate && !ProposalStage.killed.opensGate && !ProposalStage.atGate.opensGate)
    }
}

@Suite("Investments: amounts typed in major units")
struct TypedMoneyTests {
    @Test("12500.50 EUR is 1 250 050 cents; 12500 is 1 250 000; empty is nothing")
    func cents() throws {
        #expect(try Money.minorUnits(typed: "12500.50", currency: "EUR", field: "ask") == 1_250_050)
        #expect(try Money.minorUnits(typed: "12500", currency: "EUR", field: "ask") == 1_250_000)
        #expect(try Money.minorUnits(typed: " ", currency: "EUR", field: "ask") == nil)
        #expect(try Money.minorUnits(typed: "1500", currency: "JPY", field: "ask") == 1500)
    }

    @Test("A third decimal in EUR is refused, not rounded away; a decimal in JPY too")
    func tooPrecise() {
        #expect(throws: ValidationError(field: "ask", "may have at most 2 decimals in EUR")) { try Money.minorUnits(typed: "10.0051", currency: "EUR", field: "ask") }
        #expect(throws: ValidationError(field: "ask", "must be a whole amount in JPY")) { try Money.minorUnits(typed: "10.5", currency: "JPY", field: "ask") }
    }

    @Test("A form shows an amount again as it would be typed")
    func typedBack() {
        #expect(Money(amount: 1_250_050, currency: "EUR").typed == "12500.50")
        #expect(Money(amount: 5, currency: "EUR").typed == "0.05")
        #expect(Money(amount: 1500, currency: "JPY").typed == "1500")
    }
}
