import Foundation
import Testing

@testable import CoventureCore

@Suite("Decisions: type rules and defaults")
struct DecisionRulesTests {
    static func rules(_ method: DecisionMethod = .majority, quorum: Int = 50, days: Int = 7, threshold: Int? = nil)
        -> DecisionRules
    {
        DecisionRules(method: method, quorumPercent: quorum, thresholdPercent: threshold, defaultDays: days)
    }

    // MARK: Validation

    @Test(
        "Sound rules come back as they were, for every method where its governance model allows it",
        arguments: DecisionMethod.allCases)
    func soundRules(method: DecisionMethod) throws {
        let rules = DecisionRules(
            method: method, voters: .partyAdmins, quorumPercent: 67, everyPartyPresent: false,
            thresholdPercent: method.usesThreshold ? 75 : nil, reasonRequired: .always, hiddenUntilClosed: true,
            reserved: true, defaultDays: 21)
        #expect(try rules.validated(for: .jointVenture) == rules)
        if method != .stakeWeighted { #expect(try rules.validated(for: .ownerLed) == rules) }
    }

    @Test("The quorum is a percentage from 0 to 100", arguments: [0, 1, 50, 99, 100])
    func quorumInRange(quorum: Int) throws {
        #expect(try Self.rules(quorum: quorum).validated(for: .ownerLed).quorumPercent == quorum)
    }

    @Test(
        "A quorum below 0 or above 100 is refused, naming quorumPercent",
        arguments: [-1, -50, 101, 1000, Int.min, Int.max])
    func quorumOutOfRange(quorum: Int) {
        #expect(throws: ValidationError(field: "quorumPercent", "must be between 0 and 100")) {
            try Self.rules(quorum: quorum).validated(for: .ownerLed)
        }
    }

    @Test("A decision stays open by default for 1 to 365 days", arguments: [1, 7, 364, 365])
    func daysInRange(days: Int) throws {
        #expect(try Self.rules(days: days).validated(for: .ownerLed).defaultDays == days)
    }

    @Test("Default days outside 1 to 365 are refused, naming defaultDays", arguments: [0, -1, 366, 10_000])
    func daysOutOfRange(days: Int) {
        #expect(throws: ValidationError(field: "defaultDays", "must be between 1 and 365")) {
            try Self.rules(days: days).validated(for: .jointVenture)
        }
    }

    @Test(
        "Supermajority and stake-weighted votes require a threshold",
        arguments: [DecisionMethod.supermajority, .stakeWeighted])
    func thresholdRequired(method: DecisionMethod) {
        #expect(throws: ValidationError(field: "thresholdPercent", "is required for this method")) {
            try Self.rules(method, threshold: nil).validated(for: .jointVenture)
        }
    }

    @Test("A threshold is a percentage from 1 to 100", arguments: [DecisionMethod.supermajority, .stakeWeighted])
    func thresholdRange(method: DecisionMethod) throws {
        for threshold in [1, 50, 67, 100] {
            #expect(
                try Self.rules(method, threshold: threshold).validated(for: .jointVenture).thresholdPercent == threshold
            )
        }
        for threshold in [0, -1, 101, 150] {
            #expect(throws: ValidationError(field: "thresholdPercent", "must be between 1 and 100"), "\(threshold)") {
                try Self.rules(method, threshold: threshold).validated(for: .jointVenture)
            }
        }
    }

    @Test(
        "Methods without a threshold drop one that was sent, even one out of range",
        arguments: DecisionMethod.allCases.filter { !$0.usesThreshold })
    func thresholdDropped(method: DecisionMethod) throws {
        for threshold in [67, 0, 500] {
            let validated = try Self.rules(method, threshold: threshold).validated(for: .ownerLed)
            #expect(validated.thresholdPercent == nil)
            #expect(validated == Self.rules(method, threshold: nil))
        }
    }

    @Test("Only supermajority and stake-weighted votes use a threshold")
    func usesThreshold() {
        #expect(DecisionMethod.allCases.filter(\.usesThreshold) == [.supermajority, .stakeWeighted])
    }

    @Test("An owner-led initiative cannot use a stake-weighted vote: it has no stakes")
    func stakeWeightedNeedsJointVenture() throws {
        #expect(
            throws: ValidationError(
                field: "method", "a stake-weighted vote needs stakes: only a joint venture has them")
        ) {
            try Self.rules(.stakeWeighted, threshold: 50).validated(for: .ownerLed)
        }
        #expect(try Self.rules(.stakeWeighted, threshold: 50).validated(for: .jointVenture).method == .stakeWeighted)
    }

    @Test("Every broken rule is reported at once, in the order of the form's fields")
    func severalErrors() {
        #expect(
            throws: ValidationErrors([
                ValidationError(field: "quorumPercent", "must be between 0 and 100"),
                ValidationError(field: "defaultDays", "must be between 1 and 365"),
                ValidationError(field: "thresholdPercent", "is required for this method"),
                ValidationError(field: "method", "a stake-weighted vote needs stakes: only a joint venture has them"),
            ])
        ) {
            try Self.rules(.stakeWeighted, quorum: 101, days: 0, threshold: nil).validated(for: .ownerLed)
        }
        #expect(
            throws: ValidationErrors([
                ValidationError(field: "quorumPercent", "must be between 0 and 100"),
                ValidationError(field: "thresholdPercent", "must be between 1 and 100"),
            ])
        ) {
            try Self.rules(.supermajority, quorum: -5, threshold: 0).validated(for: .jointVenture)
        }
    }

    @Test("A single broken rule is reported on its own, not as a list of one")
    func singleError() {
        #expect(throws: ValidationError(field: "defaultDays", "must be between 1 and 365")) {
            try Self.rules(days: 400).validated(for: .ownerLed)
        }
    }

    // MARK: The rules in words

    @Test("The rules read as sentences: how it passes, who votes, the quorum, reasons, secrecy and reserve")
    func summary() {
        let stakeVote = DecisionRules(
            method: .stakeWeighted, voters: .partyAdmins, quorumPercent: 50, everyPartyPresent: true,
            thresholdPercent: 60, reasonRequired: .againstOnly, hiddenUntilClosed: true, reserved: true)
        #expect(
            stakeVote.summary == [
                DecisionMethod.stakeWeighted.passRule(thresholdPercent: 60),
                "Who votes: the admins of each party.",
                "At least 50 % of them must vote (abstaining counts), with at least one voter of every party.",
                "A vote against needs a reason.",
                "Votes and the tally stay hidden until the close.",
                "A reserved matter: the owner has no casting vote.",
            ])
        let advice = DecisionRules(
            method: .ownerAfterAdvice, quorumPercent: 0, everyPartyPresent: false, reasonRequired: .none)
        #expect(
            advice.summary.dropFirst() == [
                "Who votes: every member but observers.",
                "No quorum is needed.",
                "Reasons are optional.",
            ])
        #expect(
            DecisionMethod.supermajority.passRule(thresholdPercent: 67)
                == "It passes when yes votes are at least 67 % of the yes and no votes.")
    }

    // MARK: Defaults per governance model

    @Test("An owner-led initiative starts with Advice, the default, and a reserved matter decided unanimously by party")
    func ownerLedDefaults() {
        let types = DecisionDefaults.types(for: .ownerLed)
        #expect(types.map(\.name) == ["Advice", "Reserved matter"])
        #expect(types.map(\.rules.method) == [.ownerAfterAdvice, .unanimousByParty])
        #expect(types.map(\.isDefault) == [true, false])
        #expect(types.map(\.rules.reserved) == [false, true])
        #expect(types[0].rules.quorumPercent == 0 && !types[0].rules.everyPartyPresent)
    }

    @Test("A joint venture starts with a stake vote at 50 %, the default, and the same reserved matter")
    func jointVentureDefaults() {
        let types = DecisionDefaults.types(for: .jointVenture)
        #expect(types.map(\.name) == ["Stake vote", "Reserved matter"])
        #expect(types.map(\.rules.method) == [.stakeWeighted, .unanimousByParty])
        #expect(types[0].rules.thresholdPercent == 50)
        #expect(types.map(\.isDefault) == [true, false])
        #expect(types.map(\.rules.reserved) == [false, true])
        #expect(types[1] == DecisionDefaults.types(for: .ownerLed)[1])
        #expect(types[1].name == DecisionDefaults.reservedMatterName)
    }

    @Test(
        "Every default type passes validation for its own model, exactly one is the default",
        arguments: GovernanceModel.allCases)
    func defaultsAreValid(governance: GovernanceModel) throws {
        let types = DecisionDefaults.types(for: governance)
        for type in types {
            #expect(try type.rules.validated(for: governance) == type.rules, "\(type.name)")
        }
        #expect(types.filter(\.isDefault).count == 1)
    }

    @Test(
        "Changing an owner-led initiative into a joint venture adds the stake vote, not as the default; existing types stay"
    )
    func missingOwnerLedToJointVenture() {
        let missing = DecisionDefaults.missing(
            for: .jointVenture, existingNames: ["Advice", "Reserved matter"], hasDefault: true)
        var stakeVote = DecisionDefaults.types(for: .jointVenture)[0]
        stakeVote.isDefault = false
        #expect(missing == [stakeVote])
    }

    @Test("Changing a joint venture into an owner-led initiative adds Advice, not as the default")
    func missingJointVentureToOwnerLed() {
        let missing = DecisionDefaults.missing(
            for: .ownerLed, existingNames: ["Stake vote", "Reserved matter"], hasDefault: true)
        #expect(missing.map(\.name) == ["Advice"])
        #expect(missing.map(\.isDefault) == [false])
        #expect(missing[0].rules == DecisionDefaults.types(for: .ownerLed)[0].rules)
    }

    @Test("An initiative without a default type gets the model's default as its default")
    func missingWithoutDefault() {
        let missing = DecisionDefaults.missing(
            for: .jointVenture, existingNames: ["Reserved matter"], hasDefault: false)
        #expect(missing.map(\.name) == ["Stake vote"])
        #expect(missing.map(\.isDefault) == [true])
        #expect(
            DecisionDefaults.missing(for: .ownerLed, existingNames: [], hasDefault: false)
                == DecisionDefaults.types(for: .ownerLed))
    }

    @Test("Types are matched by name, ignoring case: an initiative's own \"reserved MATTER\" is kept and not doubled")
    func missingMatchesNamesIgnoringCase() {
        let missing = DecisionDefaults.missing(
            for: .jointVenture, existingNames: ["reserved MATTER", "Budget"], hasDefault: true)
        #expect(missing.map(\.name) == ["Stake vote"])
    }

    @Test("Nothing is missing when the initiative has every type of the model, whatever else it has")
    func nothingMissing() {
        for governance in GovernanceModel.allCases {
            let names = Set(DecisionDefaults.types(for: governance).map(\.name)).union(["Hiring", "Budget"])
            #expect(DecisionDefaults.missing(for: governance, existingNames: names, hasDefault: true).isEmpty)
            #expect(DecisionDefaults.missing(for: governance, existingNames: names, hasDefault: false).isEmpty)
        }
    }
}
