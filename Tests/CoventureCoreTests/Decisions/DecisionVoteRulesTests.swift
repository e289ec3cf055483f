import Foundation
import Testing

@testable import CoventureCore

@Suite("Decisions: a vote's input and the advice outcome")
struct DecisionVoteRulesTests {
    static func rules(_ method: DecisionMethod, reasons: ReasonRequirement = .none) -> DecisionRules {
        DecisionRules(method: method, thresholdPercent: method.usesThreshold ? 50 : nil, reasonRequired: reasons)
    }

    static func vote(
        _ position: String?, reason: String? = nil, _ method: DecisionMethod = .majority,
        reasons: ReasonRequirement = .none
    ) throws -> (DecisionPosition, String?) {
        try DecisionVoteRules.validate(position: position, reason: reason, rules: rules(method, reasons: reasons))
    }

    // MARK: Position

    @Test("Every position of a method is accepted as its name", arguments: DecisionMethod.allCases)
    func positionsAccepted(method: DecisionMethod) throws {
        for position in method.positions {
            let (accepted, reason) = try Self.vote(position.rawValue, method)
            #expect(accepted == position)
            #expect(reason == nil)
        }
    }

    @Test(
        "A position is trimmed of blanks and line breaks around it",
        arguments: [" yes", "yes ", "\tyes\t", "  yes  ", "yes\n", "\r\nyes\r\n"])
    func positionTrimmed(text: String) throws {
        #expect(try Self.vote(text).0 == .yes)
    }

    @Test("A missing or blank position is required", arguments: [nil, "", " ", "\t"] as [String?])
    func positionRequired(text: String?) {
        #expect(throws: ValidationError(field: "position", "is required")) { try Self.vote(text) }
    }

    @Test("A position of another method, or no position at all, is refused with the method's own positions listed")
    func positionOfAnotherMethod() {
        #expect(throws: ValidationError(field: "position", "must be one of yes, no, abstain")) {
            try Self.vote("object", .majority)
        }
        #expect(throws: ValidationError(field: "position", "must be one of yes, no, abstain")) {
            try Self.vote("maybe", .stakeWeighted)
        }
        #expect(throws: ValidationError(field: "position", "must be one of consent, abstain, object")) {
            try Self.vote("yes", .consent)
        }
        #expect(throws: ValidationError(field: "position", "must be one of agree, abstain, block")) {
            try Self.vote("object", .consensus)
        }
        #expect(throws: ValidationError(field: "position", "must be one of support, concern, object")) {
            try Self.vote("abstain", .ownerAfterAdvice)
        }
        #expect(throws: ValidationError(field: "position", "must be one of yes, no, abstain")) {
            try Self.vote("y e s")
        }
    }

    @Test("Every position not of a method is refused by it", arguments: DecisionMethod.allCases)
    func foreignPositionsRefused(method: DecisionMethod) {
        for position in DecisionPosition.allCases where !method.positions.contains(position) {
            #expect(throws: ValidationError.self, "\(position)") { try Self.vote(position.rawValue, method) }
        }
    }

    @Test("A bad position is reported before a missing reason")
    func positionFirst() {
        #expect(throws: ValidationError(field: "position", "must be one of yes, no, abstain")) {
            try Self.vote("block", reason: nil, reasons: .always)
        }
    }

    // MARK: Reason

    @Test("Where reasons are optional, any vote may come without one")
    func reasonsOptional() throws {
        for position in ["yes", "no", "abstain"] {
            #expect(try Self.vote(position, reasons: .none).1 == nil)
        }
        #expect(try Self.vote("object", .consent, reasons: .none).1 == nil)
    }

    @Test("Where a vote against needs a reason, no, object, block and concern without one are refused, naming reason")
    func reasonForAgainst() throws {
        #expect(throws: ValidationError(field: "reason", "is required for a vote of no")) {
            try Self.vote("no", reasons: .againstOnly)
        }
        #expect(throws: ValidationError(field: "reason", "is required for a vote of object")) {
            try Self.vote("object", .consent, reasons: .againstOnly)
        }
        #expect(throws: ValidationError(field: "reason", "is required for a vote of block")) {
            try Self.vote("block", .consensus, reasons: .againstOnly)
        }
        #expect(throws: ValidationError(field: "reason", "is required for a vote of concern")) {
            try Self.vote("concern", .ownerAfterAdvice, reasons: .againstOnly)
        }
        #expect(try Self.vote("yes", reasons: .againstOnly) == (.yes, nil))
        #expect(try Self.vote("abstain", reasons: .againstOnly) == (.abstain, nil))
        #expect(try Self.vote("support", .ownerAfterAdvice, reasons: .againstOnly) == (.support, nil))
        #expect(
            try Self.vote("no", reason: "Too costly this year.", reasons: .againstOnly) == (
                .no, "Too costly this year."
            ))
    }

    @Test("Where every vote needs a reason, even a yes without one is refused")
    func reasonAlways() throws {
        #expect(throws: ValidationError(field: "reason", "is required for every vote on this decision")) {
            try Self.vote("yes", reasons: .always)
        }
        #expect(throws: ValidationError(field: "reason", "is required for every vote on this decision")) {
            try Self.vote("abstain", reasons: .always)
        }
        #expect(
            try Self.vote("yes", reason: "It pays back in a year.", reasons: .always) == (
                .yes, "It pays back in a year."
            ))
    }

    @Test("A reason of blanks and line breaks is no reason", arguments: ["", " ", "\n\n", " \t\r\n "])
    func blankReason(reason: String) throws {
        #expect(throws: ValidationError(field: "reason", "is required for a vote of no")) {
            try Self.vote("no", reason: reason, reasons: .againstOnly)
        }
        #expect(try Self.vote("yes", reason: reason, reasons: .againstOnly) == (.yes, nil))
    }

    @Test("A reason is trimmed, keeping its inner line breaks and tabs")
    func reasonTrimmed() throws {
        let (_, reason) = try Self.vote(
            "no", reason: "  First, the cost.\n\n\tSecond, the timing.\n ", reasons: .againstOnly)
        #expect(reason == "First, the cost.\n\n\tSecond, the timing.")
    }

    @Test("A reason may be 4 000 characters long after trimming, not one more")
    func reasonLength() throws {
        let longest = String(repeating: "a", count: 4000)
        #expect(try Self.vote("no", reason: longest).1 == longest)
        #expect(try Self.vote("no", reason: "  \(longest)\n").1 == longest)
        #expect(try Self.vote("no", reason: String(repeating: "é", count: 4000)).1?.count == 4000)
        #expect(throws: ValidationError(field: "reason", "must be at most 4000 characters")) {
            try Self.vote("no", reason: longest + "a")
        }
    }

    @Test(
        "A reason with control characters is refused", arguments: ["\u{0}", "\u{7}", "\u{1B}[31m", "\u{7F}", "\u{85}"])
    func reasonControlCharacters(control: String) {
        #expect(throws: ValidationError(field: "reason", "must not contain control characters")) {
            try Self.vote("no", reason: "Too costly\(control) this year.")
        }
    }

    // MARK: The owner's outcome of advice

    static let objection1 = Cast.id(9001)
    static let objection2 = Cast.id(9002)
    static let objection3 = Cast.id(9003)

    @Test("An outcome that answers every objection by its vote is accepted")
    func everyObjectionAnswered() throws {
        try AdviceOutcomeRules.validate(
            objections: [Self.objection1, Self.objection2],
            answers: [
                Self.objection1: "We phase it in over two quarters.", Self.objection2: "The budget is ring-fenced.",
            ])
        try AdviceOutcomeRules.validate(objections: [], answers: [:])
    }

    @Test("One objection left unanswered is refused, naming answers")
    func oneUnanswered() {
        #expect(throws: ValidationError(field: "answers", "must answer the objection")) {
            try AdviceOutcomeRules.validate(
                objections: [Self.objection1, Self.objection2], answers: [Self.objection1: "Phased in."])
        }
        #expect(throws: ValidationError(field: "answers", "must answer the objection")) {
            try AdviceOutcomeRules.validate(objections: [Self.objection1], answers: [:])
        }
    }

    @Test("Several unanswered objections are counted in the message")
    func severalUnanswered() {
        #expect(throws: ValidationError(field: "answers", "must answer each of the 2 objections")) {
            try AdviceOutcomeRules.validate(
                objections: [Self.objection1, Self.objection2, Self.objection3],
                answers: [Self.objection2: "Ring-fenced."])
        }
    }

    @Test("An answer of blanks and line breaks does not answer", arguments: ["", " ", "\n", "\t \r\n"])
    func blankAnswer(answer: String) {
        #expect(throws: ValidationError(field: "answers", "must answer the objection")) {
            try AdviceOutcomeRules.validate(objections: [Self.objection1], answers: [Self.objection1: answer])
        }
    }

    @Test("An answer to a vote that is not one of the decision's objections is refused")
    func answerToUnknownVote() {
        #expect(throws: ValidationError(field: "answers", "must answer objections of this decision only")) {
            try AdviceOutcomeRules.validate(
                objections: [Self.objection1],
                answers: [Self.objection1: "Phased in.", Self.objection2: "Not an objection."])
        }
        #expect(throws: ValidationError(field: "answers", "must answer objections of this decision only")) {
            try AdviceOutcomeRules.validate(objections: [], answers: [Self.objection1: "Nobody objected."])
        }
    }
}
