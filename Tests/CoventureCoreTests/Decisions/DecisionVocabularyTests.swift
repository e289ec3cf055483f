import Foundation
import Testing

@testable import CoventureCore

@Suite("Decisions: methods, positions, statuses, results and numbers")
struct DecisionVocabularyTests {
    // MARK: Methods and positions

    @Test("Each method offers its own positions, in the order a form shows them")
    func positionsPerMethod() {
        let expected: [DecisionMethod: [DecisionPosition]] = [
            .ownerAfterAdvice: [.support, .concern, .object],
            .consent: [.consent, .abstain, .object],
            .consensus: [.agree, .abstain, .block],
            .majority: [.yes, .no, .abstain],
            .supermajority: [.yes, .no, .abstain],
            .unanimousByParty: [.yes, .no, .abstain],
            .stakeWeighted: [.yes, .no, .abstain],
        ]
        for method in DecisionMethod.allCases {
            #expect(method.positions == expected[method], "\(method)")
        }
        #expect(Set(DecisionMethod.allCases.flatMap(\.positions)) == Set(DecisionPosition.allCases))
    }

    @Test("Object, block, no and concern speak against a proposal; nothing else does")
    func againstPositions() {
        #expect(Set(DecisionPosition.allCases.filter(\.isAgainst)) == [.object, .block, .no, .concern])
    }

    @Test("Every method, position, status and result has a label")
    func labels() {
        for method in DecisionMethod.allCases { #expect(!method.label.isEmpty) }
        for position in DecisionPosition.allCases { #expect(!position.label.isEmpty) }
        for status in DecisionStatus.allCases { #expect(!status.label.isEmpty) }
        for result in DecisionResult.allCases { #expect(!result.label.isEmpty) }
        #expect(DecisionResult.noQuorum.label == "No quorum")
        #expect(DecisionMethod.stakeWeighted.label == "Stake-weighted vote")
    }

    // MARK: Reasons

    @Test(
        "Whether a vote needs a reason: never, always, or exactly for the positions against",
        arguments: DecisionPosition.allCases)
    func requiresReason(position: DecisionPosition) {
        let against: Set<DecisionPosition> = [.object, .block, .no, .concern]
        #expect(!ReasonRequirement.none.requiresReason(for: position))
        #expect(ReasonRequirement.always.requiresReason(for: position))
        #expect(ReasonRequirement.againstOnly.requiresReason(for: position) == against.contains(position))
    }

    // MARK: Lifecycle

    @Test(
        "A decision moves draft → open → closed, or is withdrawn before it closes; nothing else",
        arguments: DecisionStatus.allCases)
    func canMove(from status: DecisionStatus) {
        let allowed: [DecisionStatus: Set<DecisionStatus>] = [
            .draft: [.open, .withdrawn],
            .open: [.closed, .withdrawn],
            .closed: [],
            .withdrawn: [],
        ]
        for next in DecisionStatus.allCases {
            #expect(status.canMove(to: next) == allowed[status]!.contains(next), "\(status) → \(next)")
        }
    }

    // MARK: Results

    @Test("A proposed change takes effect when the decision passed, or was decided with the proposal adopted")
    func appliesChange() {
        for adopted in [true, false, nil] as [Bool?] {
            #expect(DecisionResult.passed.appliesChange(adopted: adopted))
            #expect(
                DecisionResult.decided.appliesChange(adopted: adopted) == (adopted == true),
                "\(String(describing: adopted))")
            for result in [DecisionResult.rejected, .noQuorum, .withdrawn] {
                #expect(!result.appliesChange(adopted: adopted), "\(result) \(String(describing: adopted))")
            }
        }
    }

    @Test("Rejected and no quorum are failed attempts; passed, decided and withdrawn are not")
    func failed() {
        #expect(DecisionResult.allCases.filter(\.failed) == [.rejected, .noQuorum])
    }

    // MARK: Register numbers

    @Test(
        "Register numbers read DEC- and at least four digits",
        arguments: [
            (1, "DEC-0001"), (2, "DEC-0002"), (42, "DEC-0042"), (999, "DEC-0999"), (1000, "DEC-1000"),
            (9999, "DEC-9999"),
            (10_000, "DEC-10000"), (12_345, "DEC-12345"), (1_000_000, "DEC-1000000"),
        ])
    func registerNumber(number: Int, formatted: String) {
        #expect(DecisionNumber.format(number) == formatted)
    }

    @Test("Register numbers sort as text in the order they were given, up to DEC-9999")
    func registerNumbersSort() {
        let numbers = (1...9999).map(DecisionNumber.format)
        #expect(numbers.sorted() == numbers)
    }
}
