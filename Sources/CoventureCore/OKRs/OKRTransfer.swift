import Foundation

/// The CSV format of an initiative's OKRs (README, "OKR import and export"): one row per objective or key result.
///
/// Import is all or nothing: the whole file is checked first and every bad row is reported with its line, column and
/// reason; only a file without problems becomes a plan, which the server then writes in one transaction.
public enum OKRTransfer {
    /// The contract's columns, in the order export writes them.
    public static let columns = [
        "row_id", "parent_row_id", "type", "title", "owner_email", "kind", "unit", "baseline", "target", "current",
        "weight", "period_start", "period_end", "aligns_to",
    ]
    /// Extra columns a file may carry: the steps of a milestone key result, `;`-separated.
    public static let optionalColumns = ["steps"]
    public static let maxRows = 20_000
    /// What one import may hold, checked while the file is read: the header and `maxRows` rows, a few more columns
    /// than there are (unknown ones are reported by name), and cells of at most 10,000 characters.
    public static let limits = CSV.Limits(records: maxRows + 1, fieldsPerRecord: 64, scalarsPerField: 10_000)

    public struct Problem: Error, Equatable, Sendable, CustomStringConvertible {
        public var line: Int
        public var column: String
        public var reason: String

        public init(line: Int, column: String, reason: String) {
            self.line = line
            self.column = column
            self.reason = reason
        }

        public var description: String { "line \(line), \(column): \(reason)" }
    }

    /// What the rows refer to outside the file.
    public struct Context: Sendable {
        /// Lowercased emails of the initiative's members: owners must be members.
        public var memberEmails: Set<String>
        /// Organization objectives of the parties that may be aligned to, by id and title.
        public var organizationObjectives: [(id: UUID, title: String)]

        public init(memberEmails: Set<String>, organizationObjectives: [(id: UUID, title: String)]) {
            self.memberEmails = Set(memberEmails.map { $0.lowercased() })
            self.organizationObjectives = organizationObjectives
        }
    }

    public struct PlannedObjective: Sendable, Equatable {
        public var rowID: String
        public var line: Int
        /// Another objective of the file this one contributes to.
        public var parentRowID: String?
        public var title: String
        public var ownerEmail: String?
        public var weight: Decimal
        public var period: OKRPeriod
        public var alignsTo: [UUID]
    }

    public struct PlannedKeyResult: Sendable, Equatable {
        public var rowID: String
        public var line: Int
        public var objectiveRowID: String
        public var title: String
        public var ownerEmail: String?
        public var definition: KeyResultDefinition
        /// A value to record as the first check-in.
        public var current: Decimal?
    }

    public struct Plan: Sendable, Equatable {
        /// Parents before their children, so the server can insert in this order.
        public var objectives: [PlannedObjective]
        public var keyResults: [PlannedKeyResult]
        public var rowCount: Int { objectives.count + keyResults.count }
    }

    // MARK: Import

    /// Checks the whole file; throws every problem found (`[Problem]`, sorted by line) or returns the plan.
    public static func plan(csv text: String, context: Context) throws(ImportFailure) -> Plan {
        let records: [CSV.Record]
        do {
            records = try CSV.parse(text, limits: limits)
        } catch let error as CSV.SyntaxError {
            throw ImportFailure(problems: [Problem(line: error.line, column: "file", reason: error.reason)])
        } catch {
            throw ImportFailure(problems: [Problem(line: 1, column: "file", reason: "could not be read")])
        }
        guard let header = records.first else {
            throw ImportFailure(problems: [Problem(line: 1, column: "file", reason: "is empty; the first line must name the columns")])
        }
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        var problems: [Problem] = []
        let missing = columns.filter { !names.contains($0) }
        if !missing.isEmpty {
            problems.append(Problem(line: header.line, column: "header", reason: "is missing the column(s) \(missing.joined(separator: ", "))"))
        }
        let unknown = names.filter { !columns.contains($0) && !optionalColumns.contains($0) }
        if !unknown.isEmpty {
            problems.append(Problem(line: header.line, column: "header", reason: "has unknown column(s) \(unknown.joined(separator: ", "))"))
        }
        if Set(names).count != names.count {
            problems.append(Problem(line: header.line, column: "header", reason: "names a column twice"))
        }
        guard problems.isEmpty else { throw ImportFailure(problems: problems) }
        let rows = records.dropFirst()
        guard !rows.isEmpty else {
            throw ImportFailure(problems: [Problem(line: header.line, column: "file", reason: "has no rows after the header")])
        }
        guard rows.count <= maxRows else {
            throw ImportFailure(problems: [Problem(line: header.line, column: "file", reason: "has \(rows.count) rows; at most \(maxRows) at a time")])
        }
        let index = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })

        // First pass: row ids and types, so that references can be checked in any order.
        var typeOf: [String: (type: String, line: Int)] = [:]
        for record in rows {
            let id = value(record, "row_id", index)
            if !id.isEmpty, typeOf[id] == nil { typeOf[id] = (value(record, "type", index), record.line) }
        }

        var objectives: [PlannedObjective] = []
        var keyResults: [PlannedKeyResult] = []
        var seen: Set<String> = []
        for record in rows {
            var rowProblems: [Problem] = []
            func report(_ column: String, _ reason: String) { rowProblems.append(Problem(line: record.line, column: column, reason: reason)) }
            func attempt<T>(_ column: String, _ body: () throws -> T) -> T? {
                do { return try body() } catch let error as ValidationError {
                    report(column, error.message)
                } catch {
                    report(column, "is not valid")
                }
                return nil
            }
            if record.fields.count != names.count {
                report("row", "has \(record.fields.count) fields; the header has \(names.count)")
                problems += rowProblems
                continue
            }
            let rowID = value(record, "row_id", index)
            if rowID.isEmpty { report("row_id", "is required") }
            else if !seen.insert(rowID).inserted { report("row_id", "'\(rowID)' is used by an earlier row") }
            else if rowID.count > 100 { report("row_id", "must be at most 100 characters") }

            let type = value(record, "type", index)
            let title = attempt("title") { try Validate.text(CSV.unprotect(value(record, "title", index)), field: "title", maxLength: 200) }
            let ownerText = CSV.unprotect(value(record, "owner_email", index))
            var ownerEmail: String? = nil
            if !ownerText.isEmpty {
                if context.memberEmails.contains(ownerText.lowercased()) { ownerEmail = ownerText.lowercased() }
                else { report("owner_email", "'\(ownerText)' is not a member of this initiative") }
            }
            let weight = attempt("weight") { try DecimalInput.parse(value(record, "weight", index), field: "weight", from: .machine) } ?? nil
            if let weight, weight <= 0 { report("weight", "must be more than 0") }
            let parentID = value(record, "parent_row_id", index)

            switch type {
            case "objective":
                for column in ["kind", "unit", "baseline", "target", "current"] + (index["steps"] != nil ? ["steps"] : [])
                where !value(record, column, index).isEmpty {
                    report(column, "is only for key results; leave it empty on an objective row")
                }
                if !parentID.isEmpty {
                    if parentID == rowID { report("parent_row_id", "an objective cannot be its own parent") }
                    else if let parent = typeOf[parentID] {
                        if parent.type != "objective" { report("parent_row_id", "'\(parentID)' is not an objective row") }
                    } else { report("parent_row_id", "'\(parentID)' is not a row_id in this file") }
                }
                var period: OKRPeriod? = nil
                do {
                    period = try OKRPeriod.parse(start: value(record, "period_start", index), end: value(record, "period_end", index),
                                                 fields: ("period_start", "period_end"))
                } catch let error as ValidationError {
                    report(error.field, error.message)  // period_start or period_end, whichever is wrong
                } catch let errors as ValidationErrors {
                    for error in errors.errors { report(error.field, error.message) }
                } catch {
                    report("period_start", "is not valid")
                }
                var aligns: [UUID] = []
                for reference in list(value(record, "aligns_to", index)) {
                    if let id = UUID(uuidString: reference), context.organizationObjectives.contains(where: { $0.id == id }) {
                        aligns.append(id)
                        continue
                    }
                    let matches = context.organizationObjectives.filter { $0.title.caseInsensitiveCompare(reference) == .orderedSame }
                    switch matches.count {
                    case 1: aligns.append(matches[0].id)
                    // Worded the same whether it does not exist or the importer may not see it.
                    case 0: report("aligns_to", "'\(reference)' is not an objective you can align to")
                    default: report("aligns_to", "'\(reference)' matches \(matches.count) organization objectives; use its id")
                    }
                }
                if rowProblems.isEmpty, let title, let period {
                    objectives.append(PlannedObjective(
                        rowID: rowID, line: record.line, parentRowID: parentID.isEmpty ? nil : parentID, title: title,
                        ownerEmail: ownerEmail, weight: weight ?? 1, period: period, alignsTo: Array(Set(aligns)).sorted { $0.uuidString < $1.uuidString }))
                }
            case "key_result":
                if parentID.isEmpty { report("parent_row_id", "is required: the objective this key result belongs to") }
                else if let parent = typeOf[parentID] {
                    if parent.type != "objective" { report("parent_row_id", "'\(parentID)' is not an objective row") }
                } else { report("parent_row_id", "'\(parentID)' is not a row_id in this file") }
                for column in ["period_start", "period_end", "aligns_to"] where !value(record, column, index).isEmpty {
                    report(column, "is only for objectives; a key result takes its objective's period and alignment")
                }
                let kind = attempt("kind") { try KeyResultKind(validating: value(record, "kind", index)) }
                let baseline = attempt("baseline") { try DecimalInput.parse(value(record, "baseline", index), field: "baseline", from: .machine) } ?? nil
                let target = attempt("target") { try DecimalInput.parse(value(record, "target", index), field: "target", from: .machine) } ?? nil
                let current = attempt("current") { try DecimalInput.parse(value(record, "current", index), field: "current", from: .machine) } ?? nil
                let steps = list(CSV.unprotect(value(record, "steps", index)))
                var definition: KeyResultDefinition? = nil
                if let kind, rowProblems.isEmpty {
                    // The Core rules name their own fields (baseline, target, steps, unit, weight), which are also column names.
                    do {
                        definition = try KeyResultDefinition.validated(
                            kind: kind, unit: CSV.unprotect(value(record, "unit", index)), baseline: baseline, target: target,
                            steps: steps, weight: weight ?? 1)
                    } catch let error as ValidationError {
                        report(error.field, error.message)
                    } catch let errors as ValidationErrors {
                        for error in errors.errors { report(error.field, error.message) }
                    } catch {
                        report("kind", "is not valid")
                    }
                }
                if let definition, let current {
                    do {
                        _ = try CheckInRules.validate(value: current, confidence: .onTrack, narrative: "", previousConfidence: nil, for: definition)
                    } catch let error as ValidationError {
                        report("current", error.message)
                    } catch {}
                }
                if rowProblems.isEmpty, let title, let definition {
                    keyResults.append(PlannedKeyResult(
                        rowID: rowID, line: record.line, objectiveRowID: parentID, title: title, ownerEmail: ownerEmail,
                        definition: definition, current: current))
                }
            case "":
                report("type", "is required: objective or key_result")
            default:
                report("type", "must be objective or key_result, not '\(type)'")
            }
            problems += rowProblems
        }

        // Objective parents must not loop; order parents first.
        var ordered: [PlannedObjective] = []
        if problems.isEmpty {
            let byID = Dictionary(uniqueKeysWithValues: objectives.map { ($0.rowID, $0) })
            var state: [String: Int] = [:]  // 1 = visiting, 2 = done
            func visit(_ objective: PlannedObjective) {
                if state[objective.rowID] == 2 { return }
                if state[objective.rowID] == 1 {
                    problems.append(Problem(line: objective.line, column: "parent_row_id", reason: "objectives' parents form a cycle through '\(objective.rowID)'"))
                    return
                }
                state[objective.rowID] = 1
                if let parent = objective.parentRowID.flatMap({ byID[$0] }) { visit(parent) }
                state[objective.rowID] = 2
                ordered.append(objective)
            }
            for objective in objectives { visit(objective) }
        }
        guard problems.isEmpty else {
            throw ImportFailure(problems: problems.sorted { ($0.line, $0.column) < ($1.line, $1.column) })
        }
        return Plan(objectives: ordered, keyResults: keyResults)
    }

    public struct ImportFailure: Error, Equatable, Sendable {
        public var problems: [Problem]
    }

    /// The non-empty, trimmed items of a `;`-separated cell. Split scalar by scalar: a `;` followed by a combining mark is one
    /// Character, which `String.split` would not split at.
    private static func list(_ text: String) -> [String] {
        text.unicodeScalars.split(separator: ";").map { String(Substring($0)).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    private static func value(_ record: CSV.Record, _ column: String, _ index: [String: Int]) -> String {
        guard let position = index[column], position < record.fields.count else { return "" }
        return record.fields[position].trimmingCharacters(in: .whitespacesAndNewlines)
    }

    // MARK: Export

    public struct ExportObjective: Sendable {
        public var id: UUID
        public var parentID: UUID?
        public var title: String
        public var ownerEmail: String?
        public var weight: Decimal
        public var period: OKRPeriod
        public var alignsTo: [UUID]

        public init(id: UUID, parentID: UUID?, title: String, ownerEmail: String?, weight: Decimal, period: OKRPeriod, alignsTo: [UUID]) {
            self.id = id
            self.parentID = parentID
            self.title = title
            self.ownerEmail = ownerEmail
            self.weight = weight
            self.period = period
            self.alignsTo = alignsTo
        }
    }

    public struct ExportKeyResult: Sendable {
        public var objectiveID: UUID
        public var title: String
        public var ownerEmail: String?
        public var definition: KeyResultDefinition
        public var current: Decimal?

        public init(objectiveID: UUID, title: String, ownerEmail: String?, definition: KeyResultDefinition, current: Decimal?) {
            self.objectiveID = objectiveID
            self.title = title
            self.ownerEmail = ownerEmail
            self.definition = definition
            self.current = current
        }
    }

    /// The file for these OKRs: objectives as `O1…`, each followed by its key results as `K1…`.
    public static func export(objectives: [ExportObjective], keyResults: [ExportKeyResult]) -> String {
        var rowIDs: [UUID: String] = [:]
        for (n, objective) in objectives.enumerated() { rowIDs[objective.id] = "O\(n + 1)" }
        let keyResultsOf = Dictionary(grouping: keyResults, by: \.objectiveID)
        var rows: [[String]] = [columns + optionalColumns]
        var keyResultNumber = 0
        let number: (Decimal?) -> String = { $0.map(DecimalInput.canonical) ?? "" }
        for objective in objectives {
            rows.append([
                rowIDs[objective.id]!, objective.parentID.flatMap { rowIDs[$0] } ?? "", "objective", CSV.protect(objective.title),
                CSV.protect(objective.ownerEmail ?? ""), "", "", "", "", "", DecimalInput.canonical(objective.weight),
                objective.period.start.description, objective.period.end.description,
                objective.alignsTo.map { $0.uuidString.lowercased() }.joined(separator: ";"), "",
            ])
            for keyResult in keyResultsOf[objective.id] ?? [] {
                keyResultNumber += 1
                let d = keyResult.definition
                rows.append([
                    "K\(keyResultNumber)", rowIDs[objective.id]!, "key_result", CSV.protect(keyResult.title), CSV.protect(keyResult.ownerEmail ?? ""),
                    d.kind.rawValue, CSV.protect(d.unit), number(d.baseline), number(d.target), number(keyResult.current),
                    DecimalInput.canonical(d.weight), "", "", "", CSV.protect(d.steps.joined(separator: ";")),
                ])
            }
        }
        return CSV.format(rows)
    }
}
