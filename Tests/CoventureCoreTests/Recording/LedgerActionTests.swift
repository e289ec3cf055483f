import Foundation
import Testing
@testable import CoventureCore

/// Every recorded change speaks in plain words in the activity feed, and its name in the log is fixed.
@Suite("Ledger actions")
struct LedgerActionTests {
    @Test("Each action has one name in the log, shaped object.verb, and no two share it")
    func names() {
        let names = LedgerAction.allCases.map(\.rawValue)
        #expect(Set(names).count == names.count)
        for name in names {
            #expect(name.split(separator: ".").count == 2, "\(name)")
        }
    }

    @Test("The names already in shipped logs never change")
    func shippedNames() {
        // A leaf holds the name: renaming one would make old entries unreadable as what they are.
        #expect(LedgerAction.checkInRecorded.rawValue == "checkIn.recorded")
        #expect(LedgerAction.memberRoleChanged.rawValue == "member.roleChanged")
        #expect(LedgerAction.workstreamKeyResultLinked.rawValue == "workstream.keyResultLinked")
        #expect(LedgerAction.cosignerKeyRegistered.rawValue == "cosignerKey.registered")
        #expect(LedgerAction.okrsImported.rawValue == "okrs.imported")
    }

    @Test("Every action's sentence is words, never its code, even with an empty change and no names")
    func everySentenceIsWords() {
        for action in LedgerAction.allCases {
            let sentence = action.sentence([:], actorID: nil, names: ActivityNames())
            #expect(!sentence.isEmpty)
            #expect(!sentence.contains(action.rawValue), "\(action): \(sentence)")
            #expect(sentence.first?.isLowercase == true, "\(action) reads after the actor's name: \(sentence)")
        }
    }

    @Test("OKR sentences name the objective and key result they are about")
    func okrSentences() {
        let objective = UUID(), parent = UUID(), keyResult = UUID(), person = UUID()
        let names = ActivityNames(
            people: [person: "Liam Chen"], objectives: [objective: "Launch digital lending", parent: "Grow the SME book"],
            keyResults: [keyResult: "Loans approved"])
        #expect(LedgerAction.checkInRecorded.sentence(
            ["keyResultId": .id(keyResult), "value": .string("12"), "confidence": .string("atRisk")], actorID: person, names: names)
            == "checked in 12 on “Loans approved” (at risk)")
        #expect(LedgerAction.checkInRecorded.sentence(
            ["keyResultId": .id(keyResult), "value": .string("11"), "correctsId": .id(UUID())], actorID: person, names: names)
            == "corrected a check-in to 11 on “Loans approved”")
        #expect(LedgerAction.objectiveAligned.sentence(
            ["childId": .id(objective), "parentId": .id(parent), "kind": .string("contributing")], actorID: nil, names: names)
            == "aligned “Launch digital lending” to “Grow the SME book”")
        #expect(LedgerAction.keyResultCreated.sentence(
            ["objectiveId": .id(objective), "title": .string("Loans approved")], actorID: nil, names: names)
            == "added the key result “Loans approved” to “Launch digital lending”")
        #expect(LedgerAction.okrsImported.sentence(["objectives": .int(3), "keyResults": .int(9)], actorID: nil, names: names)
            == "imported 3 objectives and 9 key results from a CSV file")
    }

    @Test("Someone added by themselves joined; someone added by another was added")
    func memberAdded() {
        let me = UUID(), other = UUID()
        let names = ActivityNames(people: [me: "Ana", other: "Omar Haddad"])
        #expect(LedgerAction.memberAdded.sentence(["personId": .id(me), "role": .string("admin")], actorID: me, names: names) == "joined as admin")
        #expect(LedgerAction.memberAdded.sentence(["personId": .id(other), "role": .string("contributor")], actorID: me, names: names)
            == "added Omar Haddad as contributor")
    }

    @Test("Every action names the type of object it is about")
    func objectTypes() {
        #expect(LedgerAction.checkpointCosigned.objectType == "initiative", "a cosignature is about the initiative's log")
        #expect(LedgerAction.objectiveAligned.objectType == "objectiveAlignment")
        for action in LedgerAction.allCases { #expect(!action.objectType.isEmpty) }
    }
}
