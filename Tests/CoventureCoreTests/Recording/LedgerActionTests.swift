import Foundation
import PropertyBased
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

    // MARK: One sentence per action, naming the thing and the value

    typealias S = SentenceExample

    @Test("Every action has a sentence example below")
    func everyActionHasAnExample() {
        #expect(Set(SentenceExample.all.map(\.action)) == Set(LedgerAction.allCases))
    }

    @Test("Each action's sentence names the thing and the value", arguments: SentenceExample.all)
    func sentence(_ example: SentenceExample) {
        let said = example.action.describe(example.change, objectID: example.objectID, actorID: example.actor, names: S.names)
        #expect(said.text == example.expected, "\(example.action)")
        #expect(example.action.sentence(example.change, actorID: example.actor, names: S.names).isEmpty == false)
    }

    @Test("A check-in names the value with its unit and grouping, and the key result, in parts pages can style")
    func checkInParts() {
        let said = LedgerAction.checkInRecorded.describe(
            ["keyResultId": .id(S.homesFinanced), "value": .string("2400"), "confidence": .string("onTrack")],
            objectID: UUID(), actorID: S.marcus, names: S.names)
        #expect(said.parts == [.text("checked in "), .value("2\u{202F}400\u{00A0}homes"), .text(" on "), .thing("Homes financed"), .text(" (on track)")])
        #expect(said.text == "checked in 2\u{202F}400\u{00A0}homes on “Homes financed” (on track)")
    }

    @Test("A name the reader cannot see falls back to words: someone, a key result, a workstream, a work item")
    func unknownNamesFallBack() {
        let none = ActivityNames()
        let checkIn = LedgerAction.checkInRecorded.describe(
            ["keyResultId": .id(S.homesFinanced), "value": .string("12"), "onBehalfOf": .id(S.tomasz)], objectID: nil, actorID: nil, names: none)
        #expect(checkIn.text == "checked in 12 on a key result on behalf of someone")
        #expect(LedgerAction.assignmentCreated.describe(
            ["workstreamId": .id(S.energySavings), "personId": .id(S.raj), "commitment": .int(40)], objectID: nil, actorID: nil, names: none).text
            == "assigned someone to a workstream at 40\u{00A0}%")
        #expect(LedgerAction.workItemUpdated.describe(["status": .string("doing")], objectID: S.statement, actorID: nil, names: none).text
            == "moved a work item to doing")
        #expect(LedgerAction.checkpointCosigned.describe(["size": .int(4)], objectID: S.greenHomes, actorID: nil, names: none).text
            == "cosigned an initiative's ledger at size 4")
        #expect(LedgerAction.governanceChanged.describe(
            ["model": .string("jointVenture"), "stakeBasisPoints": .object([S.text(S.bank): .int(10_000)])], objectID: nil, actorID: nil, names: none).text
            == "set the governance to joint venture (a party 100 %)")
    }

    @Test("Someone added by themselves joined; someone added by another was added")
    func memberAdded() {
        let me = UUID(), other = UUID()
        let names = ActivityNames(people: [me: "Ana", other: "Omar Haddad"])
        #expect(LedgerAction.memberAdded.sentence(["personId": .id(me), "role": .string("admin")], actorID: me, names: names) == "joined as admin")
        #expect(LedgerAction.memberAdded.sentence(["personId": .id(other), "role": .string("contributor")], actorID: me, names: names)
            == "added Omar Haddad as contributor")
    }

    @Test("A role change recorded before the previous role was kept still reads well")
    func roleChangeWithoutPreviousRole() {
        #expect(LedgerAction.memberRoleChanged.describe(["personId": .id(S.raj), "role": .string("observer")], objectID: nil, actorID: nil, names: S.names).text
            == "made Raj Patel observer")
    }

    @Test("A general update lists each changed field in words, its value where it is short, and never an id")
    func generalUpdates() {
        let said = LedgerAction.workstreamUpdated.describe(
            ["name": .string("Energy savings"), "endDate": .string("2027-06-30"), "purpose": .string("A long purpose"), "leaderId": .id(S.raj),
             "leaderCommitment": .int(60)],
            objectID: S.energySavings, actorID: nil, names: S.names)
        #expect(said.text == "changed “Household energy savings”: the end date to 30 Jun 2027, the leader commitment to 60, "
            + "the leader to Raj Patel, the name to “Energy savings”, the purpose")
        let unknownOwner = LedgerAction.keyResultUpdated.describe(["ownerId": .id(UUID())], objectID: S.homesFinanced, actorID: nil, names: S.names)
        #expect(unknownOwner.text == "changed “Homes financed”: the owner")
        #expect(LedgerAction.initiativeUpdated.describe(["name": .string("Greener Homes")], objectID: S.greenHomes, actorID: nil, names: S.names).text
            == "changed the initiative: the name to “Greener Homes”")
    }

    @Test("Every action's sentence is non-empty, names no id, and starts in lower case, whatever the change and the names known")
    func noSentenceShowsAnID() async {
        await propertyCheck(count: 400, input: ChangeGen.event) { event in
            for names in [event.names, ActivityNames()] {
                let said = event.action.describe(event.change, objectID: event.objectID, actorID: event.actor, names: names)
                #expect(!said.text.isEmpty)
                #expect(said.text.first?.isLowercase == true, "\(event.action): \(said.text)")
                for id in event.ids {
                    #expect(!said.text.lowercased().contains(id.uuidString.lowercased()), "\(event.action) shows an id: \(said.text)")
                }
            }
        }
    }

    @Test("A page of events asks for names of exactly the ids its sentences mention, the object included")
    func mentions() {
        let change: [String: JSONValue] = [
            "keyResultId": .id(S.homesFinanced), "onBehalfOf": .id(S.tomasz), "workstreamId": .id(S.energySavings),
            "organizationId": .id(S.helio), "childId": .id(S.cutEnergy),
        ]
        let mentions = LedgerAction.workItemUpdated.mentions(change, objectID: S.statement)
        #expect(mentions.people == [S.tomasz])
        #expect(mentions.keyResults == [S.homesFinanced])
        #expect(mentions.workstreams == [S.energySavings])
        #expect(mentions.workItems == [S.statement])
        #expect(mentions.organizations == [S.helio])
        #expect(mentions.objectives == [S.cutEnergy])
        #expect(LedgerAction.checkpointCosigned.mentions([:], objectID: S.greenHomes).initiatives == [S.greenHomes])
        #expect(LedgerAction.governanceChanged.mentions(["stakeBasisPoints": .object([S.text(S.bank): .int(1)])], objectID: nil).organizations == [S.bank])
    }

    @Test("Every action names the type of object it is about")
    func objectTypes() {
        #expect(LedgerAction.checkpointCosigned.objectType == "initiative", "a cosignature is about the initiative's log")
        #expect(LedgerAction.objectiveAligned.objectType == "objectiveAlignment")
        for action in LedgerAction.allCases { #expect(!action.objectType.isEmpty) }
    }
}

@Suite("Activity format")
struct ActivityFormatTests {
    @Test("Numbers are grouped by threes with a narrow no-break space; decimals and signs kept", arguments: [
        ("0", "0"), ("999", "999"), ("2400", "2\u{202F}400"), ("10000", "10\u{202F}000"), ("-1234567.25", "-1\u{202F}234\u{202F}567.25"),
        ("0.125", "0.125"), ("abc", "abc"), ("", ""), ("12.", "12."), ("1e5", "1e5"),
    ])
    func grouping(_ input: String, _ expected: String) {
        #expect(ActivityFormat.number(input) == expected)
    }

    @Test("Grouping only adds separators: taking them out gives the number back")
    func groupingRoundTrips() async {
        await propertyCheck(count: 300, input: Gen.int(in: Int.min...Int.max), Gen.int(in: 0...999)) { whole, fraction in
            let text = "\(whole)" + (fraction % 3 == 0 ? "" : ".\(fraction)")
            let grouped = ActivityFormat.number(text)
            #expect(grouped.replacingOccurrences(of: ActivityFormat.groupSeparator, with: "") == text)
            #expect(!grouped.contains("\u{202F}\u{202F}"))
        }
    }

    @Test("A quantity carries its unit after a no-break space; a percentage too")
    func quantities() {
        #expect(ActivityFormat.quantity("2400", unit: "homes") == "2\u{202F}400\u{00A0}homes")
        #expect(ActivityFormat.quantity("98", unit: "%") == "98\u{00A0}%")
        #expect(ActivityFormat.quantity("12", unit: "") == "12")
        #expect(ActivityFormat.quantity("12", unit: nil) == "12")
        #expect(ActivityFormat.percent("40") == "40\u{00A0}%")
    }

    @Test("Calendar dates read as the pages write them; anything else stays as recorded")
    func dates() {
        #expect(ActivityFormat.date("2027-03-31") == "31 Mar 2027")
        #expect(ActivityFormat.date("2026-12-01") == "1 Dec 2026")
        #expect(ActivityFormat.date("2027-02-30") == "2027-02-30")
        #expect(ActivityFormat.date("soon") == "soon")
    }

    @Test("A check-in's value reads as its key result's kind: done or not, steps reached, or a quantity")
    func checkInValues() {
        #expect(ActivityFormat.checkInValue("1", kind: .binary, unit: "") == "done")
        #expect(ActivityFormat.checkInValue("0", kind: .binary, unit: "") == "not done")
        #expect(ActivityFormat.checkInValue("2", kind: .milestone, unit: "") == "2 steps reached")
        #expect(ActivityFormat.checkInValue("1", kind: .milestone, unit: "") == "1 step reached")
        #expect(ActivityFormat.checkInValue("2400", kind: .increase, unit: "homes") == "2\u{202F}400\u{00A0}homes")
        #expect(ActivityFormat.checkInValue("2400", kind: nil, unit: nil) == "2\u{202F}400")
        let names = ActivityNames(keyResults: [SentenceExample.homesFinanced: "Meters live"], keyResultKinds: [SentenceExample.homesFinanced: .binary])
        #expect(LedgerAction.checkInRecorded.describe(
            ["keyResultId": .id(SentenceExample.homesFinanced), "value": .string("1"), "confidence": .string("onTrack")],
            objectID: nil, actorID: nil, names: names).text == "checked in done on “Meters live” (on track)")
    }

    @Test("A sentence's text puts things in curly quotes; adjacent words merge and empty parts vanish")
    func sentenceText() {
        let sentence: ActivitySentence = "moved \(thing: "Plan") to \(value: "done")\("")"
        #expect(sentence.parts == [.text("moved "), .thing("Plan"), .text(" to "), .value("done")])
        #expect(sentence.text == "moved “Plan” to done")
        #expect(ActivitySentence(joining: ["a", "\(value: "b")"], separator: ", ").parts == [.text("a, "), .value("b")])
    }
}

/// One action's sentence, from a realistic change, with the names the feed would have looked up.
struct SentenceExample: Sendable, CustomTestStringConvertible {
    var action: LedgerAction
    var change: [String: JSONValue]
    var objectID: UUID? = nil
    var actor: UUID? = SentenceExample.dana
    var expected: String

    var testDescription: String { action.rawValue + ": " + expected }

    static func id(_ n: Int) -> UUID { UUID(uuidString: "00000000-0000-0000-0000-\(String(format: "%012d", n))")! }
    static func text(_ id: UUID) -> String { id.uuidString.lowercased() }

    static let dana = id(1), raj = id(2), marcus = id(3), tomasz = id(4)
    static let bank = id(11), helio = id(12)
    static let cutEnergy = id(21), greenLending = id(22)
    static let homesFinanced = id(31)
    static let energySavings = id(41)
    static let statement = id(51)
    static let greenHomes = id(61)

    static let names = ActivityNames(
        people: [dana: "Dana Whitfield", raj: "Raj Patel", marcus: "Marcus Reid", tomasz: "Tomasz Nowak"],
        organizations: [bank: "Bank", helio: "Helio"],
        objectives: [cutEnergy: "Cut household energy use", greenLending: "Grow green lending"],
        keyResults: [homesFinanced: "Homes financed"], keyResultUnits: [homesFinanced: "homes"],
        workstreams: [energySavings: "Household energy savings"], workItems: [statement: "Monthly savings statement"],
        initiatives: [greenHomes: "Green Homes"])

    static let nbsp = "\u{00A0}", group = "\u{202F}"

    static let all: [SentenceExample] = [
        .init(action: .organizationCreated, change: ["name": .string("Helio")], expected: "registered the organization “Helio”"),
        .init(action: .personCreated, change: ["name": .string("Raj Patel")], expected: "created the account of Raj Patel"),
        .init(action: .tokenCreated, change: ["name": .string("CI")], expected: "created the API token “CI”"),
        .init(action: .tokenRevoked, change: ["personId": .id(dana)], expected: "revoked an API token"),
        .init(action: .cosignerKeyRegistered, change: ["verifierKey": .string("helio-witness+0a0b0c0d+BAbc")],
              expected: "registered “helio-witness” as the organization's cosigner key"),
        .init(action: .checkpointCosigned, change: ["size": .int(63)], objectID: greenHomes,
              expected: "cosigned the ledger of “Green Homes” at size 63"),
        .init(action: .initiativeCreated, change: ["name": .string("Green Homes"), "governance": .string("jointVenture")], objectID: greenHomes,
              expected: "started the initiative “Green Homes” (joint venture)"),
        .init(action: .initiativeUpdated, change: ["status": .string("active"), "purpose": .string("Warmer homes")], objectID: greenHomes,
              expected: "changed the initiative: the purpose, the status to active"),
        .init(action: .governanceChanged,
              change: ["model": .string("jointVenture"), "stakeBasisPoints": .object([text(bank): .int(6000), text(helio): .int(4000)])],
              expected: "set the governance to joint venture (Bank 60 %, Helio 40 %)"),
        .init(action: .partyJoined, change: ["organizationId": .id(helio), "kind": .string("partner"), "stakeBasisPoints": .int(4000)],
              expected: "brought in Helio as a partner with a stake of 40 %"),
        .init(action: .memberAdded, change: ["personId": .id(raj), "role": .string("contributor")], expected: "added Raj Patel as contributor"),
        .init(action: .memberRoleChanged, change: ["personId": .id(raj), "role": .string("admin"), "previousRole": .string("contributor")],
              expected: "changed Raj Patel's role from contributor to admin"),
        .init(action: .memberRemoved, change: ["personId": .id(raj)], expected: "removed Raj Patel from the initiative"),
        .init(action: .invitationCreated, change: ["kind": .string("member"), "email": .string("li@helio.example"), "role": .string("observer")],
              expected: "invited li@helio.example as observer"),
        .init(action: .invitationAccepted, change: ["personId": .id(raj)], expected: "accepted an invitation"),
        .init(action: .invitationRevoked, change: [:], expected: "revoked an invitation"),
        .init(action: .objectiveCreated, change: ["title": .string("Cut household energy use")], expected: "set the objective “Cut household energy use”"),
        .init(action: .objectiveUpdated, change: ["weight": .string("2"), "ownerId": .id(raj)], objectID: cutEnergy,
              expected: "changed “Cut household energy use”: the owner to Raj Patel, the weight to 2"),
        .init(action: .objectiveAligned, change: ["childId": .id(cutEnergy), "parentId": .id(greenLending), "kind": .string("supporting")],
              expected: "aligned “Cut household energy use” to “Grow green lending” (supporting)"),
        .init(action: .objectiveUnaligned, change: ["childId": .id(cutEnergy), "parentId": .id(greenLending)],
              expected: "unaligned “Cut household energy use” from “Grow green lending”"),
        .init(action: .keyResultCreated,
              change: ["objectiveId": .id(cutEnergy), "title": .string("Homes financed"), "unit": .string("homes"), "target": .string("10000")],
              objectID: homesFinanced,
              expected: "added the key result “Homes financed” to “Cut household energy use” with a target of 10\(group)000\(nbsp)homes"),
        .init(action: .keyResultUpdated, change: ["title": .string("Homes retrofitted")], objectID: homesFinanced,
              expected: "renamed a key result to “Homes retrofitted”"),
        .init(action: .checkInRecorded, change: ["keyResultId": .id(homesFinanced), "value": .string("2400"), "confidence": .string("onTrack")],
              actor: marcus, expected: "checked in 2\(group)400\(nbsp)homes on “Homes financed” (on track)"),
        .init(action: .checkInRecorded,
              change: ["keyResultId": .id(homesFinanced), "value": .string("2400"), "confidence": .string("atRisk"), "onBehalfOf": .id(tomasz)],
              actor: marcus, expected: "checked in 2\(group)400\(nbsp)homes on “Homes financed” (at risk) on behalf of Tomasz Nowak"),
        .init(action: .checkInRecorded, change: ["keyResultId": .id(homesFinanced), "value": .string("2350"), "correctsId": .id(id(99))],
              actor: marcus, expected: "corrected a check-in to 2\(group)350\(nbsp)homes on “Homes financed”"),
        .init(action: .okrSettingsChanged, change: ["checkInStaleDays": .int(14)], expected: "set key results to turn stale after 14 days without a check-in"),
        .init(action: .okrsImported, change: ["objectives": .int(3), "keyResults": .int(9)], expected: "imported 3 objectives and 9 key results from a CSV file"),
        .init(action: .workstreamCreated, change: ["name": .string("Household energy savings"), "kind": .string("theme")], objectID: energySavings,
              expected: "started the workstream “Household energy savings” (theme)"),
        .init(action: .workstreamUpdated, change: ["status": .string("active")], objectID: energySavings,
              expected: "moved “Household energy savings” to active"),
        .init(action: .workstreamUpdated, change: ["leaderId": .id(raj), "leaderCommitment": .int(60)], objectID: energySavings,
              expected: "made Raj Patel leader of “Household energy savings” at 60\(nbsp)%"),
        .init(action: .workstreamClosed, change: ["status": .string("closed"), "note": .string("Done")], objectID: energySavings,
              expected: "closed “Household energy savings”"),
        .init(action: .workstreamExtended,
              change: ["endDate": .string("2027-03-31"), "previousEndDate": .string("2026-12-31"), "reason": .string("Winter pilot")],
              objectID: energySavings, expected: "extended “Household energy savings” from 31 Dec 2026 to 31 Mar 2027"),
        .init(action: .workstreamKeyResultLinked, change: ["keyResultId": .id(homesFinanced)], objectID: energySavings,
              expected: "linked “Household energy savings” to “Homes financed”"),
        .init(action: .workstreamKeyResultUnlinked, change: ["keyResultId": .id(homesFinanced)], objectID: energySavings,
              expected: "unlinked “Household energy savings” from “Homes financed”"),
        .init(action: .assignmentCreated,
              change: ["workstreamId": .id(energySavings), "personId": .id(raj), "role": .string("Analyst"), "commitment": .int(40), "termEnd": .null],
              expected: "assigned Raj Patel to “Household energy savings” at 40\(nbsp)%"),
        .init(action: .assignmentCreated,
              change: ["workstreamId": .id(energySavings), "personId": .id(raj), "commitment": .int(20), "termEnd": .string("2027-06-30")],
              expected: "assigned Raj Patel to “Household energy savings” at 20\(nbsp)% until 30 Jun 2027"),
        .init(action: .assignmentDeclined, change: ["workstreamId": .id(energySavings), "personId": .id(raj), "reason": .string("No time")], actor: raj,
              expected: "declined the assignment to “Household energy savings”"),
        .init(action: .assignmentEnded, change: ["workstreamId": .id(energySavings), "personId": .id(raj), "reason": .string("Moved on")],
              expected: "ended Raj Patel's assignment to “Household energy savings”"),
        .init(action: .workItemCreated,
              change: ["workstreamId": .id(energySavings), "title": .string("Monthly savings statement"), "assigneeId": .id(raj), "status": .string("todo")],
              objectID: statement, expected: "added the work item “Monthly savings statement” to “Household energy savings” for Raj Patel"),
        .init(action: .workItemUpdated, change: ["status": .string("done"), "workstreamId": .id(energySavings)], objectID: statement,
              expected: "moved “Monthly savings statement” to done"),
        .init(action: .workItemUpdated, change: ["assigneeId": .id(tomasz), "workstreamId": .id(energySavings)], objectID: statement,
              expected: "gave “Monthly savings statement” to Tomasz Nowak"),
        .init(action: .charterSaved, change: ["workstreamId": .id(energySavings), "version": .int(2), "purpose": .string("p")],
              expected: "saved version 2 of the charter of “Household energy savings”"),
        .init(action: .charterAgreed,
              change: ["workstreamId": .id(energySavings), "version": .int(2), "personId": .id(dana), "organizationId": .id(helio)],
              expected: "agreed to version 2 of the charter of “Household energy savings” for Helio"),
        .init(action: .decisionTypeCreated, change: ["name": .string("Quick poll"), "method": .string("majority"), "quorumPercent": .int(30)],
              expected: "added the decision type “Quick poll” (majority)"),
        .init(action: .decisionTypeChanged, change: ["name": .string("Quick poll"), "quorumPercent": .int(40)],
              expected: "changed the decision type “Quick poll”: the quorum percent to 40"),
        .init(action: .decisionCreated, change: ["title": .string("Adopt the risk model"), "typeName": .string("Advice")],
              expected: "drafted the decision “Adopt the risk model”"),
        .init(action: .decisionOpened, change: ["title": .string("Adopt the risk model"), "closesAt": .string("2027-03-31T17:00:00Z")],
              expected: "opened the decision “Adopt the risk model” for votes until 31 Mar 2027"),
        .init(action: .decisionRevised, change: ["title": .string("Adopt the risk model"), "version": .int(2), "proposal": .string("p")],
              expected: "revised the decision “Adopt the risk model” (version 2)"),
        .init(action: .decisionVoted, change: ["title": .string("Adopt the risk model"), "version": .int(1), "position": .string("object"),
                                               "reason": .string("Too early")],
              expected: "voted object on “Adopt the risk model”"),
        .init(action: .decisionVoted, change: ["title": .string("Adopt the risk model"), "version": .int(1), "commitment": .string("ab12")],
              expected: "cast a sealed vote on “Adopt the risk model”"),
        .init(action: .decisionClosed, change: ["title": .string("Adopt the risk model")],
              expected: "closed the decision “Adopt the risk model”; the owner now records the outcome"),
        .init(action: .decisionSealed, change: ["title": .string("Adopt the risk model"), "number": .string("DEC-0007"), "result": .string("passed")],
              expected: "sealed “Adopt the risk model” as DEC-0007: passed"),
        .init(action: .decisionSealed, change: ["title": .string("Adopt the risk model"), "number": .string("DEC-0008"), "result": .string("decided"),
                                                "adopted": .bool(false)],
              expected: "sealed “Adopt the risk model” as DEC-0008: decided: not adopted"),
        .init(action: .decisionWithdrawn, change: ["title": .string("Adopt the risk model")], expected: "withdrew the decision “Adopt the risk model”"),
        .init(action: .escalationLadderChanged, change: ["steps": .array([.string("Leads"), .string("Sponsors")])],
              expected: "set the escalation ladder to Leads → Sponsors"),
        .init(action: .benchmarkEntry, change: ["n": .int(1)], expected: "wrote a benchmark entry"),
        // Value (#14)
        .init(action: .valueMetricProposed, change: ["name": .string("Homes retrofitted"), "version": .int(1)],
              expected: "proposed the value metric “Homes retrofitted”"),
        .init(action: .valueMetricRatified, change: ["name": .string("Homes retrofitted"), "version": .int(2)],
              expected: "put version 2 of the value metric “Homes retrofitted” in force"),
        .init(action: .scoringFrameworkProposed, change: ["version": .int(2), "criteria": .int(5)],
              expected: "proposed version 2 of the scoring framework (5 criteria)"),
        .init(action: .scoringFrameworkRatified, change: ["version": .int(2)], expected: "put version 2 of the scoring framework in force"),
        .init(action: .scoringFrameworkRejected, change: ["version": .int(2)],
              expected: "recorded that version 2 of the scoring framework was not ratified"),
        .init(action: .proposalCreated, change: ["title": .string("Shared onboarding"), "ask": .string("EUR 1,000.01")],
              expected: "proposed the investment “Shared onboarding” asking EUR 1,000.01"),
        .init(action: .proposalUpdated, change: ["title": .string("Shared onboarding"), "problem": .string("Three sign-ups.")],
              expected: "changed the investment proposal “Shared onboarding”: the problem to Three sign-ups."),
        .init(action: .proposalRated, change: ["title": .string("Shared onboarding"), "criteria": .int(3)],
              expected: "rated “Shared onboarding” on 3 criteria"),
        .init(action: .gateOpened, change: ["title": .string("Shared onboarding"), "gate": .int(1)],
              expected: "opened gate 1 of “Shared onboarding”"),
        .init(action: .gateDecided, change: ["title": .string("Shared onboarding"), "gate": .int(2), "outcome": .string("hold")],
              expected: "recorded gate 2 of “Shared onboarding” as hold"),
        .init(action: .trancheReleased, change: ["title": .string("Shared onboarding"), "tranche": .int(1), "amount": .string("EUR 500.01")],
              expected: "released tranche 1 of “Shared onboarding”: EUR 500.01"),
        // Practices (#15)
        .init(action: .practiceContributed, change: ["name": .string("Feeder-line site walk"), "framework": .string("Helio Field Method")],
              expected: "contributed the practice “Feeder-line site walk” (Helio Field Method) for another party's review"),
        .init(action: .practiceRevised, change: ["name": .string("Feeder-line site walk"), "version": .int(1)],
              expected: "revised version 1 of the practice “Feeder-line site walk”"),
        .init(action: .practiceReviewed, change: ["name": .string("Feeder-line site walk"), "version": .int(2), "verdict": .string("accept")],
              expected: "accepted version 2 of the practice “Feeder-line site walk”"),
        .init(action: .practiceVersionProposed, change: ["name": .string("Feeder-line site walk"), "version": .int(2)],
              expected: "proposed version 2 of the practice “Feeder-line site walk”"),
        .init(action: .practiceCopied, change: ["name": .string("Kanban board")],
              expected: "brought the practice “Kanban board” from the catalogue into the initiative's library"),
        .init(action: .adoptionCreated, change: ["name": .string("Kanban board"), "version": .int(1), "workstreamId": .id(energySavings)],
              expected: "adopted “Kanban board” (version 1) in “Household energy savings”"),
        .init(action: .adoptionChanged, change: ["name": .string("Kanban board"), "version": .int(2), "workstreamId": .id(energySavings)],
              expected: "moved “Household energy savings” to version 2 of “Kanban board”"),
        .init(action: .adoptionEnded, change: ["name": .string("Kanban board"), "workstreamId": .id(energySavings)],
              expected: "dropped “Kanban board” from “Household energy savings”"),
        .init(action: .retrospectiveRecorded, change: ["workstreamId": .id(energySavings), "heldOn": .string("2026-11-30")],
              expected: "recorded a retrospective of “Household energy savings” held on 30 Nov 2026"),
        .init(action: .valueMetricRejected, change: ["name": .string("Homes retrofitted"), "version": .int(2)],
              expected: "recorded that version 2 of the value metric “Homes retrofitted” was not ratified"),
        .init(action: .measurementRecorded,
              change: ["name": .string("Homes retrofitted"), "value": .string("150"), "unit": .string("homes"), "on": .string("2026-03-31")],
              expected: "measured 150 homes for “Homes retrofitted” on 31 Mar 2026"),
        .init(action: .measurementAttested, change: ["name": .string("Homes retrofitted")],
              expected: "attested a measurement of “Homes retrofitted” for an organization"),
        .init(action: .measurementDisputed, change: ["name": .string("Homes retrofitted"), "reason": .string("Wrong month")],
              expected: "disputed a measurement of “Homes retrofitted” for an organization"),
        // Pulse (#15)
        .init(action: .pulseSettingsChanged, change: ["cadenceWeeks": .int(6)], expected: "set the pulse to open a round every 6 weeks"),
        .init(action: .pulseRoundOpened, change: ["round": .int(3), "closesOn": .string("2027-03-31"), "byHand": .bool(true)],
              expected: "opened pulse round 3 until 31 Mar 2027"),
        .init(action: .pulseRoundClosed, change: ["round": .int(3), "answers": .int(11)], expected: "closed pulse round 3 with 11 answers"),
        // Said after "A member of <party>": the person is never named.
        .init(action: .pulseAnswered, change: ["round": .int(3), "answerDigest": .string("ab12")], expected: "answered pulse round 3"),
        // Webhooks (#16): the party and the event types, never the URL or the secret.
        .init(action: .webhookEndpointRegistered, change: ["organizationId": .id(helio), "eventTypes": .string("*")],
              expected: "registered a webhook endpoint for Helio sending all events"),
        .init(action: .webhookEndpointChanged, change: ["organizationId": .id(helio), "eventTypes": .string("checkIn.recorded, decision.sealed")],
              expected: "changed a webhook endpoint of Helio to send checkIn.recorded, decision.sealed"),
        .init(action: .webhookEndpointChanged,
              change: ["organizationId": .id(helio), "enabled": .bool(false), "reason": .string("every delivery failed for 24 hours")],
              expected: "disabled a webhook endpoint of Helio (every delivery failed for 24 hours)"),
        .init(action: .webhookEndpointDeleted, change: ["organizationId": .id(helio)], expected: "deleted a webhook endpoint of Helio"),
        .init(action: .webhookSecretRotated, change: ["organizationId": .id(helio)], expected: "rotated the secret of a webhook endpoint of Helio"),
        // Inbound key-result feeds (#16)
        .init(action: .checkInRecorded,
              change: ["keyResultId": .id(homesFinanced), "value": .string("2400"), "confidence": .string("onTrack"), "source": .string("Nightly BI job")],
              actor: marcus, expected: "checked in 2\(group)400\(nbsp)homes on “Homes financed” (on track) from “Nightly BI job”"),
        .init(action: .keyResultFeedCreated, change: ["keyResultId": .id(homesFinanced), "source": .string("Nightly BI job")],
              expected: "added the feed “Nightly BI job” to “Homes financed”"),
        .init(action: .keyResultFeedRevoked, change: ["keyResultId": .id(homesFinanced), "source": .string("Nightly BI job")],
              expected: "revoked the feed “Nightly BI job” of “Homes financed”"),
        .init(action: .calendarFeedCreated, change: ["personId": .id(dana), "replaced": .bool(false)], expected: "created a calendar feed"),
        .init(action: .calendarFeedCreated, change: ["personId": .id(dana), "replaced": .bool(true)],
              expected: "made a new calendar feed URL (the old one stopped)"),
        .init(action: .calendarFeedRevoked, change: ["personId": .id(dana)], expected: "stopped their calendar feed"),
    ]
}

/// Random events for the property: any action, a change holding any of the keys sentences read (ids from a small
/// pool, other values random text and numbers), and the names of some or all of those ids.
enum ChangeGen {
    struct Event: Sendable, CustomStringConvertible {
        var action: LedgerAction
        var change: [String: JSONValue]
        var objectID: UUID
        var actor: UUID?
        var names: ActivityNames
        var ids: [UUID]
        var description: String { "\(action.rawValue) \(change)" }
    }

    static let idKeys = LedgerAction.personKeys + LedgerAction.organizationKeys + LedgerAction.objectiveKeys + LedgerAction.keyResultKeys
        + LedgerAction.workstreamKeys + ["correctsId", "partyId"]
    static let textKeys = [
        "name", "title", "email", "role", "previousRole", "kind", "status", "confidence", "value", "unit", "target", "model", "governance",
        "endDate", "previousEndDate", "termEnd", "verifierKey", "organizationName", "purpose", "weight",
    ]
    static let numberKeys = ["size", "version", "commitment", "leaderCommitment", "checkInStaleDays", "objectives", "keyResults", "stakeBasisPoints"]

    static let event = Generator { rng -> Event in
        let ids = (0..<6).map { _ in TestGen.uuid(using: &rng) }
        func anyID() -> UUID { ids.randomElement(using: &rng)! }
        var change: [String: JSONValue] = [:]
        for key in idKeys where Bool.random(using: &rng) { change[key] = .id(anyID()) }
        for key in textKeys where Bool.random(using: &rng) {
            change[key] = .string(["onTrack", "jointVenture", "admin", "2027-03-31", "2400", "partner", ""].randomElement(using: &rng)!
                + (Bool.random(using: &rng) ? "" : TestGen.string(using: &rng, length: 0...8)))
        }
        for key in numberKeys where Bool.random(using: &rng) { change[key] = .int(TestGen.int64(using: &rng)) }
        if Bool.random(using: &rng) {
            change["stakeBasisPoints"] = .object([anyID().uuidString.lowercased(): .int(Int64.random(in: 0...10_000, using: &rng))])
        }
        var names = ActivityNames()
        for id in ids where Bool.random(using: &rng) {
            let name = "N" + TestGen.string(using: &rng, length: 0...6)
            names.people[id] = name
            names.organizations[id] = name
            names.objectives[id] = name
            names.keyResults[id] = name
            names.keyResultUnits[id] = TestGen.string(using: &rng, length: 0...3)
            names.workstreams[id] = name
            names.workItems[id] = name
            names.initiatives[id] = name
        }
        return Event(
            action: LedgerAction.allCases.randomElement(using: &rng)!, change: change, objectID: anyID(),
            actor: Bool.random(using: &rng) ? anyID() : nil, names: names, ids: ids)
    }
}
