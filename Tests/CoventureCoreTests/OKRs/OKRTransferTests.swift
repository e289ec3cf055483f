import Foundation
import PropertyBased
import Testing

@testable import CoventureCore

/// Rows and files for the OKR import tests, written column by column so that each test shows only what matters to it.
enum TransferFixture {
    typealias Problem = OKRTransfer.Problem

    static let header = OKRTransfer.columns + OKRTransfer.optionalColumns

    /// Organization objectives of the parties: two of them share a title up to case, so that title is ambiguous.
    static let network = OKRFixture.node(1)
    static let emissions = OKRFixture.node(2)
    static let openData = OKRFixture.node(3)
    static let openDataToo = OKRFixture.node(4)
    static let context = OKRTransfer.Context(
        memberEmails: ["ana@example.org", "Ben@Example.org"],
        organizationObjectives: [
            (network, "Grow the network"), (emissions, "Cut emissions"), (openData, "Open data"),
            (openDataToo, "OPEN DATA"),
        ])

    static func objective(
        _ id: String, parent: String = "", title: String = "Grow the network", owner: String = "", weight: String = "",
        start: String = "2026-01-01", end: String = "2026-03-31", alignsTo: String = "",
        extra: [String: String] = [:]
    ) -> [String] {
        row(
            [
                "row_id": id, "parent_row_id": parent, "type": "objective", "title": title, "owner_email": owner,
                "weight": weight,
                "period_start": start, "period_end": end, "aligns_to": alignsTo,
            ].merging(extra) { $1 })
    }

    static func keyResult(
        _ id: String, of objective: String, title: String = "Partners signed", owner: String = "",
        kind: String = "increase", unit: String = "", baseline: String = "", target: String = "", current: String = "",
        weight: String = "", steps: String = "", extra: [String: String] = [:]
    ) -> [String] {
        row(
            [
                "row_id": id, "parent_row_id": objective, "type": "key_result", "title": title, "owner_email": owner,
                "kind": kind,
                "unit": unit, "baseline": baseline, "target": target, "current": current, "weight": weight,
                "steps": steps,
            ]
            .merging(extra) { $1 })
    }

    static func row(_ values: [String: String]) -> [String] { header.map { values[$0] ?? "" } }

    /// The header line, then one line per row: row `n` (0-based) is on line `n + 2`.
    static func file(_ rows: [String]...) -> String { CSV.format([header] + rows) }

    /// The problems `plan` reports, or none when it returns a plan.
    static func problems(_ csv: String) -> [Problem] {
        do {
            _ = try OKRTransfer.plan(csv: csv, context: context)
            return []
        } catch {
            return error.problems
        }
    }

    static func plan(_ csv: String) throws -> OKRTransfer.Plan { try OKRTransfer.plan(csv: csv, context: context) }

    static func date(_ text: String) -> CalendarDate {
        // swiftlint:disable:next force_try
        try! CalendarDate(parsing: text)
    }
}

@Suite("OKRs: CSV import and export")
struct OKRTransferTests {
    typealias F = OKRFixture
    typealias T = TransferFixture
    typealias Problem = OKRTransfer.Problem

    // MARK: A good file

    @Test(
        "A valid file becomes a plan: objectives parents first, key results of every kind, owners and alignment resolved"
    )
    func plansAValidFile() throws {
        let csv = """
            row_id,parent_row_id,type,title,owner_email,kind,unit,baseline,target,current,weight,period_start,period_end,aligns_to,steps
            O2,O1,objective,Lower cost per partner,BEN@example.org,,,,,,,2026-01-01,2026-03-31,cut EMISSIONS,
            O1,,objective,Grow the network,ana@example.org,,,,,,2,2026-01-01,2026-06-30,00000000-0000-4000-8000-000000000001; grow the NETWORK,
            K1,O1,key_result,Partners signed,ana@example.org,increase,partners,10,25,12,1.5,,,,
            K2,O2,key_result,Cost per partner,,decrease,EUR,400,250.125,,,,,,
            K3,O1,key_result,Uptime,,stayAbove,%,,99.5,99.9,,,,,
            K4,O1,key_result,Charter signed,,milestone,,,,2,,,,,Draft; Review;Sign
            K5,O2,key_result,Data published,,binary,,,,1,,,,,

            """
        let plan = try T.plan(csv)
        let firstQuarter = OKRPeriod(
            name: "2026-01-01 – 2026-03-31", start: T.date("2026-01-01"), end: T.date("2026-03-31"))
        let firstHalf = OKRPeriod(
            name: "2026-01-01 – 2026-06-30", start: T.date("2026-01-01"), end: T.date("2026-06-30"))
        #expect(
            plan.objectives == [
                .init(
                    rowID: "O1", line: 3, parentRowID: nil, title: "Grow the network", ownerEmail: "ana@example.org",
                    weight: 2,
                    period: firstHalf, alignsTo: [T.network]),
                .init(
                    rowID: "O2", line: 2, parentRowID: "O1", title: "Lower cost per partner",
                    ownerEmail: "ben@example.org", weight: 1,
                    period: firstQuarter, alignsTo: [T.emissions]),
            ])
        #expect(
            plan.keyResults == [
                .init(
                    rowID: "K1", line: 4, objectiveRowID: "O1", title: "Partners signed", ownerEmail: "ana@example.org",
                    definition: .init(
                        kind: .increase, unit: "partners", baseline: 10, target: 25, weight: F.dec("1.5")), current: 12),
                .init(
                    rowID: "K2", line: 5, objectiveRowID: "O2", title: "Cost per partner", ownerEmail: nil,
                    definition: .init(kind: .decrease, unit: "EUR", baseline: 400, target: F.dec("250.125")),
                    current: nil),
                .init(
                    rowID: "K3", line: 6, objectiveRowID: "O1", title: "Uptime", ownerEmail: nil,
                    definition: .init(kind: .stayAbove, unit: "%", target: F.dec("99.5")), current: F.dec("99.9")),
                .init(
                    rowID: "K4", line: 7, objectiveRowID: "O1", title: "Charter signed", ownerEmail: nil,
                    definition: .init(kind: .milestone, steps: ["Draft", "Review", "Sign"]), current: 2),
                .init(
                    rowID: "K5", line: 8, objectiveRowID: "O2", title: "Data published", ownerEmail: nil,
                    definition: .init(kind: .binary), current: 1),
            ])
        #expect(plan.rowCount == 7)
    }

    @Test("Parents come before children however deep the tree and whatever order the file lists it in")
    func parentsFirst() throws {
        let plan = try T.plan(
            T.file(
                T.objective("O4", parent: "O3"), T.objective("O3", parent: "O1"), T.objective("O2", parent: "O1"),
                T.objective("O1"),
                T.objective("O5", parent: "O4")))
        let order = plan.objectives.map(\.rowID)
        #expect(Set(order) == ["O1", "O2", "O3", "O4", "O5"])
        for objective in plan.objectives {
            if let parent = objective.parentRowID {
                #expect(order.firstIndex(of: parent)! < order.firstIndex(of: objective.rowID)!, "\(order)")
            }
        }
    }

    @Test(
        "Columns may come in any order and in any case, the steps column may be left out, and a byte-order mark and CRLF are fine"
    )
    func flexibleHeader() throws {
        let columns = ["TYPE", " Row_ID "] + OKRTransfer.columns.filter { $0 != "type" && $0 != "row_id" }
        func row(_ values: [String: String]) -> [String] {
            columns.map { values[$0.trimmingCharacters(in: .whitespaces).lowercased()] ?? "" }
        }
        let csv =
            "\u{FEFF}"
            + CSV.format([
                columns,
                row([
                    "type": "objective", "row_id": "O1", "title": "Grow the network", "period_start": "2026-01-01",
                    "period_end": "2026-03-31",
                ]),
                row([
                    "type": "key_result", "row_id": "K1", "parent_row_id": "O1", "title": "Partners signed",
                    "kind": "increase", "baseline": "0",
                    "target": "10",
                ]),
            ])
        #expect(
            csv.hasPrefix("\u{FEFF}TYPE,\" Row_ID \",parent_row_id,") && csv.contains("\r\n") && !csv.contains("steps"))
        let plan = try T.plan(csv)
        #expect(plan.objectives.map(\.rowID) == ["O1"])
        #expect(plan.keyResults.map(\.definition) == [KeyResultDefinition(kind: .increase, baseline: 0, target: 10)])
    }

    @Test(
        "Numbers in a file are read as a program writes them: \".\" is the point and three decimals are just decimals")
    func machineNumbers() throws {
        let plan = try T.plan(
            T.file(
                T.objective("O1", weight: "0.125"),
                T.keyResult("K1", of: "O1", baseline: "1.500", target: "2.125", current: "-0.5", weight: "1.000")))
        #expect(plan.objectives[0].weight == F.dec("0.125"))
        #expect(
            plan.keyResults[0].definition
                == KeyResultDefinition(kind: .increase, baseline: F.dec("1.5"), target: F.dec("2.125")))
        #expect(plan.keyResults[0].current == F.dec("-0.5"))
    }

    @Test("A formula guard written by export is taken off titles and units on the way in")
    func unprotectsOnImport() throws {
        let plan = try T.plan(
            T.file(
                T.objective("O1", title: "'=Grow"),
                T.keyResult("K1", of: "O1", title: "'-5 % churn", unit: "'+1", baseline: "1", target: "2")))
        #expect(plan.objectives[0].title == "=Grow")
        #expect(plan.keyResults[0].title == "-5 % churn")
        #expect(plan.keyResults[0].definition.unit == "+1")
    }

    // MARK: Every problem, with line, column and reason

    @Test("A file with three bad rows reports all three, each with its line, column and reason, and nothing else")
    func reportsEveryBadRow() {
        let csv = T.file(
            T.objective("O1", owner: "ana@example.org"),
            T.keyResult("K1", of: "O1", kind: "increase", baseline: "10", target: "10"),
            T.keyResult("K2", of: "O1", title: "Uptime", kind: "stayAbove", unit: "%", target: "99.5"),
            T.keyResult("K3", of: "O1", title: "Data published", owner: "zoe@example.org", kind: "binary"),
            T.objective("O2", title: "Cut emissions", start: "2026-02-30"),
            T.keyResult("K4", of: "O2", title: "Tonnes saved", kind: "decrease", baseline: "500", target: "400"))
        #expect(
            T.problems(csv) == [
                Problem(
                    line: 3, column: "target",
                    reason: "must differ from the baseline; progress is measured from one to the other"),
                Problem(line: 5, column: "owner_email", reason: "'zoe@example.org' is not a member of this initiative"),
                Problem(
                    line: 6, column: "period_start", reason: "is not a date in the calendar (February 2026 has 28 days)"
                ),
            ])
    }

    @Test("A problem reads as \"line, column: reason\"")
    func problemDescription() {
        #expect(
            Problem(line: 6, column: "period_start", reason: "is required").description
                == "line 6, period_start: is required")
    }

    @Test("Every bad column of one row is reported, sorted by line then column")
    func everyColumnOfARow() {
        let csv = T.file(
            T.objective("O1", weight: "0", start: "", alignsTo: "Nowhere", extra: ["kind": "increase", "target": "5"]),
            T.keyResult("K1", of: "O1", title: " ", weight: "1,5", extra: ["period_end": "2026-03-31"]))
        #expect(
            T.problems(csv) == [
                Problem(
                    line: 2, column: "aligns_to", reason: "'Nowhere' is not an objective you can align to"),
                Problem(line: 2, column: "kind", reason: "is only for key results; leave it empty on an objective row"),
                Problem(line: 2, column: "period_start", reason: "is required"),
                Problem(
                    line: 2, column: "target", reason: "is only for key results; leave it empty on an objective row"),
                Problem(line: 2, column: "weight", reason: "must be more than 0"),
                Problem(
                    line: 3, column: "period_end",
                    reason: "is only for objectives; a key result takes its objective's period and alignment"),
                Problem(line: 3, column: "title", reason: "is required"),
                Problem(line: 3, column: "weight", reason: "must be a number like 12.5"),
            ])
    }

    @Test("A bad end date or an end before the start is reported on period_end, not period_start")
    func periodEndProblems() {
        #expect(
            T.problems(T.file(T.objective("O1", end: "31/03/2026"))) == [
                Problem(line: 2, column: "period_end", reason: "must be a date like 2026-03-31")
            ])
        #expect(
            T.problems(T.file(T.objective("O1", start: "2026-03-31", end: "2026-01-01"))) == [
                Problem(line: 2, column: "period_end", reason: "must be on or after the start date 2026-03-31")
            ])
        #expect(
            T.problems(T.file(T.objective("O1", end: ""))) == [
                Problem(line: 2, column: "period_end", reason: "is required")
            ])
    }

    // MARK: The header

    @Test("A header without a contract column is refused, naming what is missing")
    func missingColumn() {
        let csv = CSV.format([T.header.filter { $0 != "aligns_to" && $0 != "weight" }, ["O1"]])
        #expect(
            T.problems(csv) == [
                Problem(line: 1, column: "header", reason: "is missing the column(s) weight, aligns_to")
            ])
    }

    @Test("A header with a column outside the contract is refused, naming it")
    func unknownColumn() {
        #expect(
            T.problems(CSV.format([T.header + ["Colour"], ["O1"]])) == [
                Problem(line: 1, column: "header", reason: "has unknown column(s) colour")
            ])
    }

    @Test("A header naming a column twice is refused")
    func duplicateColumn() {
        #expect(
            T.problems(CSV.format([T.header + ["Title"]])) == [
                Problem(line: 1, column: "header", reason: "names a column twice")
            ])
    }

    @Test("All header problems are reported together, and the rows are not looked at until the header is right")
    func allHeaderProblems() {
        let header = T.header.filter { $0 != "row_id" } + ["notes", "title"]
        #expect(
            T.problems(CSV.format([header, ["a", "b"]])) == [
                Problem(line: 1, column: "header", reason: "is missing the column(s) row_id"),
                Problem(line: 1, column: "header", reason: "has unknown column(s) notes"),
                Problem(line: 1, column: "header", reason: "names a column twice"),
            ])
    }

    @Test("An empty file, and a header without rows, are refused")
    func emptyFiles() {
        #expect(
            T.problems("") == [
                Problem(line: 1, column: "file", reason: "is empty; the first line must name the columns")
            ])
        #expect(
            T.problems("\r\n\r\n") == [
                Problem(line: 1, column: "file", reason: "is empty; the first line must name the columns")
            ])
        #expect(
            T.problems("\n" + CSV.format([T.header]) + "\n") == [
                Problem(line: 2, column: "file", reason: "has no rows after the header")
            ])
    }

    @Test("A file that is not well-formed CSV is refused as a whole, on the line of the syntax error")
    func syntaxError() {
        let csv = T.file(T.objective("O1")) + "K1,O1,key_result,\"unclosed\n"
        #expect(T.problems(csv) == [Problem(line: 3, column: "file", reason: "a quoted field is never closed")])
    }

    // MARK: Rows

    @Test("A row with the wrong number of fields is reported once, on the row, and its fields are not looked at")
    func wrongFieldCount() {
        let csv = T.file(T.objective("O1"), ["K1", "O1", "key_result"], T.objective("O2") + ["surplus"])
        #expect(
            T.problems(csv) == [
                Problem(line: 3, column: "row", reason: "has 3 fields; the header has 15"),
                Problem(line: 4, column: "row", reason: "has 16 fields; the header has 15"),
            ])
    }

    @Test("A row_id is required, at most 100 characters, and used by one row only")
    func rowIDs() {
        let csv = T.file(
            T.objective("O1"), T.objective(""), T.objective("O1", title: "Again"),
            T.objective(String(repeating: "x", count: 101)))
        #expect(
            T.problems(csv) == [
                Problem(line: 3, column: "row_id", reason: "is required"),
                Problem(line: 4, column: "row_id", reason: "'O1' is used by an earlier row"),
                Problem(line: 5, column: "row_id", reason: "must be at most 100 characters"),
            ])
    }

    @Test("A row's type is objective or key_result")
    func types() {
        let csv = T.file(
            T.objective("O1"), T.row(["row_id": "X1", "type": "", "title": "T"]),
            T.row(["row_id": "X2", "type": "Objective", "title": "T"]))
        #expect(
            T.problems(csv) == [
                Problem(line: 3, column: "type", reason: "is required: objective or key_result"),
                Problem(line: 4, column: "type", reason: "must be objective or key_result, not 'Objective'"),
            ])
    }

    @Test("A key result needs a parent that is an objective row of the file")
    func keyResultParents() {
        let csv = T.file(
            T.objective("O1"), T.keyResult("K1", of: "O1", baseline: "0", target: "1"),
            T.keyResult("K2", of: "K1", baseline: "0", target: "1"),
            T.keyResult("K3", of: "O9", baseline: "0", target: "1"),
            T.keyResult("K4", of: "", baseline: "0", target: "1"))
        #expect(
            T.problems(csv) == [
                Problem(line: 4, column: "parent_row_id", reason: "'K1' is not an objective row"),
                Problem(line: 5, column: "parent_row_id", reason: "'O9' is not a row_id in this file"),
                Problem(
                    line: 6, column: "parent_row_id", reason: "is required: the objective this key result belongs to"),
            ])
    }

    @Test("An objective's parent, when given, is another objective row of the file")
    func objectiveParents() {
        let csv = T.file(
            T.objective("O1"), T.keyResult("K1", of: "O1", baseline: "0", target: "1"), T.objective("O2", parent: "K1"),
            T.objective("O3", parent: "O9"), T.objective("O4", parent: "O4"))
        #expect(
            T.problems(csv) == [
                Problem(line: 4, column: "parent_row_id", reason: "'K1' is not an objective row"),
                Problem(line: 5, column: "parent_row_id", reason: "'O9' is not a row_id in this file"),
                Problem(line: 6, column: "parent_row_id", reason: "an objective cannot be its own parent"),
            ])
    }

    @Test("Objectives whose parents form a cycle are refused", arguments: [2, 3, 5])
    func parentCycle(length: Int) {
        let rows = (1...length).map { T.objective("O\($0)", parent: "O\($0 % length + 1)") }
        let problems = T.problems(CSV.format([T.header] + rows + [T.objective("O0")]))
        #expect(problems.count == 1)
        #expect(problems.first?.column == "parent_row_id")
        #expect(
            problems.first.map {
                (2...(length + 1)).contains($0.line) && $0.reason.hasPrefix("objectives' parents form a cycle")
            } == true,
            "\(problems)")
    }

    @Test("aligns_to takes ids and titles, a title in any case; a title two objectives share must be given by id")
    func alignment() throws {
        let plan = try T.plan(
            T.file(
                T.objective(
                    "O1",
                    alignsTo:
                        "\(T.openData.uuidString.lowercased()); \(T.openDataToo.uuidString) ;\(T.openData.uuidString)"),
                T.objective("O2", alignsTo: "GROW THE NETWORK;Cut emissions;;")))
        #expect(
            plan.objectives.first { $0.rowID == "O1" }?.alignsTo
                == [T.openData, T.openDataToo].sorted { $0.uuidString < $1.uuidString })
        #expect(Set(plan.objectives.first { $0.rowID == "O2" }?.alignsTo ?? []) == [T.network, T.emissions])

        #expect(
            T.problems(T.file(T.objective("O1", alignsTo: "open data"))) == [
                Problem(
                    line: 2, column: "aligns_to", reason: "'open data' matches 2 organization objectives; use its id")
            ])
        let stranger = UUID(uuidString: "00000000-0000-4000-8000-000000000099")!
        #expect(
            T.problems(T.file(T.objective("O1", alignsTo: "Grow the network;\(stranger.uuidString);Shrink"))) == [
                Problem(
                    line: 2, column: "aligns_to",
                    reason: "'\(stranger.uuidString)' is not an objective you can align to"),
                Problem(line: 2, column: "aligns_to", reason: "'Shrink' is not an objective you can align to"),
            ])
    }

    @Test("An owner must be a member of the initiative, in any case, and is kept lowercased")
    func owners() throws {
        let plan = try T.plan(
            T.file(
                T.objective("O1", owner: " Ana@EXAMPLE.org "),
                T.keyResult(
                    "K1", of: "O1", owner: "ben@example.org",
                    baseline: "0", target: "1")))
        #expect(plan.objectives[0].ownerEmail == "ana@example.org")
        #expect(plan.keyResults[0].ownerEmail == "ben@example.org")
        #expect(
            T.problems(T.file(T.objective("O1", owner: "ana@example.com"))) == [
                Problem(line: 2, column: "owner_email", reason: "'ana@example.com' is not a member of this initiative")
            ])
    }

    @Test(
        "current must be a value the key result accepts as a check-in",
        arguments: [
            ("binary", "", "2", "must be 0 (not done) or 1 (done)"),
            ("binary", "", "0.5", "must be 0 (not done) or 1 (done)"),
            ("milestone", "a;b;c", "4", "must be the number of steps reached, a whole number from 0 to 3"),
            ("milestone", "a;b;c", "1.5", "must be the number of steps reached, a whole number from 0 to 3"),
            ("milestone", "a;b;c", "-1", "must be the number of steps reached, a whole number from 0 to 3"),
        ])
    func currentOutsideTheKind(kind: String, steps: String, current: String, reason: String) {
        let csv = T.file(T.objective("O1"), T.keyResult("K1", of: "O1", kind: kind, current: current, steps: steps))
        #expect(T.problems(csv) == [Problem(line: 3, column: "current", reason: reason)])
    }

    @Test(
        "current at the edges of what a binary or milestone accepts is fine",
        arguments: [("binary", "", "0"), ("binary", "", "1"), ("milestone", "a;b;c", "0"), ("milestone", "a;b;c", "3")])
    func currentInsideTheKind(kind: String, steps: String, current: String) throws {
        let plan = try T.plan(
            T.file(T.objective("O1"), T.keyResult("K1", of: "O1", kind: kind, current: current, steps: steps)))
        #expect(plan.keyResults[0].current == F.dec(current))
    }

    @Test("The key result rules are reported on the column they concern")
    func definitionRules() {
        let csv = T.file(
            T.objective("O1"),
            T.keyResult("K1", of: "O1", kind: "grow", baseline: "0", target: "1"),
            T.keyResult("K2", of: "O1", kind: "increase", baseline: "10", target: "5"),
            T.keyResult("K3", of: "O1", kind: "decrease", target: "5"),
            T.keyResult("K4", of: "O1", kind: "milestone"),
            T.keyResult("K5", of: "O1", kind: "binary", target: "1"),
            T.keyResult("K6", of: "O1", kind: "stayBelow", baseline: "3", target: "2", steps: "a"),
            T.keyResult("K7", of: "O1", kind: "increase", baseline: "0", target: "1", weight: "-2"))
        #expect(
            T.problems(csv) == [
                Problem(
                    line: 3, column: "kind",
                    reason: "must be one of increase, decrease, stayAbove, stayBelow, milestone, binary"),
                Problem(
                    line: 4, column: "target",
                    reason: "must be above the baseline for an increase; choose decrease to go down"),
                Problem(line: 5, column: "baseline", reason: "is required"),
                Problem(line: 6, column: "steps", reason: "a milestone needs at least one step"),
                Problem(line: 7, column: "target", reason: "is not used by a done or not key result"),
                Problem(line: 8, column: "steps", reason: "are only for milestone key results, not stay below"),
                Problem(line: 9, column: "weight", reason: "must be more than 0"),
            ])
    }

    @Test(
        "KR columns on an objective row are refused, each on its own column",
        arguments: ["kind", "unit", "baseline", "target", "current", "steps"])
    func keyResultColumnsOnAnObjective(column: String) {
        #expect(
            T.problems(T.file(T.objective("O1", extra: [column: "1"]))) == [
                Problem(line: 2, column: column, reason: "is only for key results; leave it empty on an objective row")
            ])
    }

    @Test(
        "Objective columns on a key result row are refused, each on its own column",
        arguments: ["period_start", "period_end", "aligns_to"])
    func objectiveColumnsOnAKeyResult(column: String) {
        let csv = T.file(
            T.objective("O1"), T.keyResult("K1", of: "O1", baseline: "0", target: "1", extra: [column: "2026-01-01"]))
        #expect(
            T.problems(csv) == [
                Problem(
                    line: 3, column: column,
                    reason: "is only for objectives; a key result takes its objective's period and alignment")
            ])
    }

    @Test("A title is one line of at most 200 characters")
    func titles() {
        let csv = T.file(
            T.objective("O1", title: String(repeating: "t", count: 201)), T.objective("O2", title: "one\u{2028}two"))
        #expect(
            T.problems(csv) == [
                Problem(line: 2, column: "title", reason: "must be at most 200 characters"),
                Problem(line: 3, column: "title", reason: "must be a single line without control characters"),
            ])
    }

    // MARK: Line numbers across multi-line fields

    @Test("A quoted title spanning lines moves the line numbers of every row after it")
    func multiLineTitleLineNumbers() throws {
        let csv = T.file(
            T.objective("O1", title: "Grow the network\r\n\r\n"),
            T.keyResult("K1", of: "O1", baseline: "0", target: "1"),
            T.keyResult("K2", of: "O1", title: "Partners\nsigned", baseline: "0", target: "1"),
            T.keyResult("K3", of: "O1", kind: "stayAbove"))
        #expect(
            T.problems(csv) == [
                Problem(line: 6, column: "title", reason: "must be a single line without control characters"),
                Problem(line: 8, column: "target", reason: "is required"),
            ])
        let plan = try T.plan(
            T.file(
                T.objective("O1", title: "Grow the network\n"), T.keyResult("K1", of: "O1", baseline: "0", target: "1"))
        )
        #expect(plan.objectives.map(\.line) == [2])
        #expect(plan.objectives[0].title == "Grow the network")
        #expect(plan.keyResults.map(\.line) == [4])
    }

    // MARK: Export

    @Test(
        "Export writes the contract's columns, objectives as O1… each followed by its key results as K1…, formulas guarded"
    )
    func exportExample() {
        let parent = F.node(10)
        let child = F.node(11)
        let period = OKRPeriod(name: "Q1", start: T.date("2026-01-01"), end: T.date("2026-03-31"))
        let csv = OKRTransfer.export(
            objectives: [
                .init(
                    id: parent, parentID: nil, title: "=Grow, the network", ownerEmail: "ana@example.org",
                    weight: F.dec("2.50"), period: period,
                    alignsTo: [T.network, T.emissions]),
                .init(
                    id: child, parentID: parent, title: "Say \"hi\"", ownerEmail: nil, weight: 1, period: period,
                    alignsTo: []),
            ],
            keyResults: [
                .init(
                    objectiveID: child, title: "Charter", ownerEmail: nil,
                    definition: .init(kind: .milestone, steps: ["Draft", "Sign"]), current: 1),
                .init(
                    objectiveID: parent, title: "Partners", ownerEmail: "ben@example.org",
                    definition: .init(kind: .decrease, unit: "-", baseline: F.dec("400.00"), target: F.dec("-12.5")),
                    current: nil),
            ])
        #expect(
            csv
                == [
                    "row_id,parent_row_id,type,title,owner_email,kind,unit,baseline,target,current,weight,period_start,period_end,aligns_to,steps",
                    "O1,,objective,\"'=Grow, the network\",ana@example.org,,,,,,2.5,2026-01-01,2026-03-31,00000000-0000-4000-8000-000000000001;00000000-0000-4000-8000-000000000002,",
                    "K1,O1,key_result,Partners,ben@example.org,decrease,'-,400,-12.5,,1,,,,",
                    "O2,O1,objective,\"Say \"\"hi\"\"\",,,,,,,1,2026-01-01,2026-03-31,,",
                    "K2,O2,key_result,Charter,,milestone,,,,1,1,,,,Draft;Sign",
                    "",
                ].joined(separator: "\r\n"))
    }

    @Test("Export guards milestone steps and owner emails against formulas too, and import takes the guard off")
    func exportGuardsEveryTextCell() throws {
        let objective = F.node(10)
        let csv = OKRTransfer.export(
            objectives: [
                .init(
                    id: objective, parentID: nil, title: "Grow", ownerEmail: "=cmd@example.org", weight: 1,
                    period: OKRPeriod(name: "Q1", start: T.date("2026-01-01"), end: T.date("2026-03-31")), alignsTo: [])
            ],
            keyResults: [
                .init(
                    objectiveID: objective, title: "Steps", ownerEmail: nil,
                    definition: .init(kind: .milestone, steps: ["=1+1", "@ok"]),
                    current: nil)
            ])
        let cells = try CSV.parse(csv).flatMap(\.fields)
        #expect(
            !cells.contains { $0.unicodeScalars.first.map { "=+-@".unicodeScalars.contains($0) } ?? false }, "\(cells)")
        let context = OKRTransfer.Context(memberEmails: ["=cmd@example.org"], organizationObjectives: [])
        let plan = try OKRTransfer.plan(csv: csv, context: context)
        #expect(plan.objectives[0].ownerEmail == "=cmd@example.org")
        #expect(plan.keyResults[0].definition.steps == ["=1+1", "@ok"])
    }

    // MARK: Round trip

    /// Text for titles, units and steps that exercises the CSV and the formula guard: separators, quotes, formula triggers,
    /// apostrophes, a combining mark, non-ASCII and emoji. Trimmed, never empty, never containing `;` when `forSteps`.
    static func text<R: RandomNumberGenerator>(using rng: inout R, length: ClosedRange<Int>, forSteps: Bool = false)
        -> String
    {
        let scalars: [Unicode.Scalar] =
            ["a", "b", "Z", "0", " ", ",", "\"", "=", "-", "+", "@", "'", "é", "\u{301}", "€", "\u{1F600}"]
            + (forSteps ? [] : [";"])
        var text = String.UnicodeScalarView()
        for _ in 0..<Int.random(in: length, using: &rng) { text.append(scalars.randomElement(using: &rng)!) }
        return String(text).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Decimals with up to six decimals, small and large, negative and positive.
    static func decimal<R: RandomNumberGenerator>(using rng: inout R) -> Decimal {
        let significand =
            Int.random(in: -999_999_999_999...999_999_999_999, using: &rng) / [1, 1_000, 1_000_000].randomElement(
                using: &rng)!
        return Decimal(
            sign: significand < 0 ? .minus : .plus, exponent: -Int.random(in: 0...6, using: &rng),
            significand: Decimal(significand.magnitude))
    }

    static func definition<R: RandomNumberGenerator>(using rng: inout R) -> (KeyResultDefinition, Decimal?) {
        let kind = KeyResultKind.allCases.randomElement(using: &rng)!
        let unit = Bool.random(using: &rng) ? "" : text(using: &rng, length: 0...10)
        let weight = Decimal(Int.random(in: 1...10_000, using: &rng)) / 100
        let hasCurrent = Bool.random(using: &rng)
        // swiftlint:disable force_try
        switch kind {
        case .increase, .decrease:
            var a = decimal(using: &rng)
            var b = decimal(using: &rng)
            if a == b { b += 1 }
            if (kind == .increase) != (a < b) { swap(&a, &b) }
            return (
                try! .validated(kind: kind, unit: unit, baseline: a, target: b, weight: weight),
                hasCurrent ? decimal(using: &rng) : nil
            )
        case .stayAbove, .stayBelow:
            let baseline = Bool.random(using: &rng) ? decimal(using: &rng) : nil
            return (
                try! .validated(
                    kind: kind, unit: unit, baseline: baseline, target: decimal(using: &rng), weight: weight),
                hasCurrent ? decimal(using: &rng) : nil
            )
        case .milestone:
            let steps = (0..<Int.random(in: 1...4, using: &rng)).map { _ in
                let step = text(using: &rng, length: 1...12, forSteps: true)
                return step.isEmpty ? "Step" : step
            }
            return (
                try! .validated(kind: kind, unit: unit, steps: steps, weight: weight),
                hasCurrent ? Decimal(Int.random(in: 0...steps.count, using: &rng)) : nil
            )
        case .binary:
            return (
                try! .validated(kind: kind, unit: unit, weight: weight),
                hasCurrent ? Decimal(Int.random(in: 0...1, using: &rng)) : nil
            )
        }
        // swiftlint:enable force_try
    }

    static let owners: [String?] = [nil, "ana@example.org", "Ben@Example.org", "=cmd@example.org"]
    static let roundTripContext = OKRTransfer.Context(
        memberEmails: ["ana@example.org", "ben@example.org", "=cmd@example.org"],
        organizationObjectives: [
            (T.network, "Grow the network"), (T.emissions, "Cut emissions"), (T.openData, "Open data"),
        ])

    /// 1…6 objectives, each aligned to a subset of the parties' objectives and contributing to an earlier one or to none, listed in
    /// shuffled order (so a child may come before its parent), with 0…3 key results of any kind each.
    static let okrSet = Generator { rng in
        let count = Int.random(in: 1...6, using: &rng)
        let ids = (0..<count).map { _ in TestGen.uuid(using: &rng) }
        var objectives: [OKRTransfer.ExportObjective] = ids.indices.map { index in
            let firstDay = Int.random(in: 19_000...22_000, using: &rng)
            let length = Int.random(in: 0...400, using: &rng)
            let start = CalendarDate(Date(timeIntervalSince1970: Double(firstDay) * 86_400), in: .gmt)
            let end = CalendarDate(Date(timeIntervalSince1970: Double(firstDay + length) * 86_400), in: .gmt)
            let title = text(using: &rng, length: 1...30)
            return .init(
                id: ids[index],
                parentID: index > 0 && Bool.random(using: &rng) ? ids[Int.random(in: 0..<index, using: &rng)] : nil,
                title: title.isEmpty ? "Objective" : title, ownerEmail: owners.randomElement(using: &rng)!,
                weight: Decimal(Int.random(in: 1...100_000, using: &rng)) / 1000,
                period: OKRPeriod(name: "ignored", start: start, end: end),
                alignsTo: roundTripContext.organizationObjectives.map(\.id).filter { _ in Bool.random(using: &rng) })
        }
        objectives.shuffle(using: &rng)
        let keyResults: [OKRTransfer.ExportKeyResult] = ids.flatMap { id in
            (0..<Int.random(in: 0...3, using: &rng)).map { _ in
                let (definition, current) = definition(using: &rng)
                let title = text(using: &rng, length: 1...30)
                return OKRTransfer.ExportKeyResult(
                    objectiveID: id, title: title.isEmpty ? "Key result" : title,
                    ownerEmail: owners.randomElement(using: &rng)!,
                    definition: definition, current: current)
            }
        }
        return (objectives, keyResults)
    }

    @Test("Whatever OKRs are exported, importing the file plans the same objectives and key results")
    func exportThenPlanRoundTrips() async {
        await propertyCheck(count: 300, input: Self.okrSet) { okrs in
            let (objectives, keyResults) = okrs
            let csv = OKRTransfer.export(objectives: objectives, keyResults: keyResults)
            let plan: OKRTransfer.Plan
            do throws(OKRTransfer.ImportFailure) {
                plan = try OKRTransfer.plan(csv: csv, context: Self.roundTripContext)
            } catch {
                Issue.record("import refused its own export: \(error.problems)\n\(csv)")
                return
            }
            // Export numbers the objectives in the order given: O1 is objectives[0].
            let rowID = Dictionary(uniqueKeysWithValues: objectives.enumerated().map { ($1.id, "O\($0 + 1)") })
            #expect(plan.objectives.count == objectives.count)
            for original in objectives {
                guard let planned = plan.objectives.first(where: { $0.rowID == rowID[original.id] }) else {
                    Issue.record("objective \(original.title) is missing")
                    continue
                }
                #expect(planned.title == original.title)
                #expect(planned.ownerEmail == original.ownerEmail?.lowercased())
                #expect(planned.weight == original.weight)
                #expect(planned.period.start == original.period.start && planned.period.end == original.period.end)
                #expect(Set(planned.alignsTo) == Set(original.alignsTo))
                #expect(planned.parentRowID == original.parentID.flatMap { rowID[$0] })
            }
            let order = plan.objectives.map(\.rowID)
            for planned in plan.objectives {
                if let parent = planned.parentRowID {
                    #expect(order.firstIndex(of: parent)! < order.firstIndex(of: planned.rowID)!)
                }
            }
            // Key results come back in file order: by objective in export order, then as given.
            let expected = objectives.flatMap { objective in keyResults.filter { $0.objectiveID == objective.id } }
            #expect(plan.keyResults.count == expected.count)
            for (planned, original) in zip(plan.keyResults, expected) {
                #expect(planned.objectiveRowID == rowID[original.objectiveID])
                #expect(planned.title == original.title)
                #expect(planned.ownerEmail == original.ownerEmail?.lowercased())
                #expect(planned.definition == original.definition)
                #expect(planned.current == original.current)
            }
        }
    }
}
