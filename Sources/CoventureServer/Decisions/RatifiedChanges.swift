import CoventureCore
import Fluent
import Foundation
import SQLKit

/// A change a decision carries, applied in the same transaction as the decision's seal, and only if it passes
/// (issue #13's ratification hook). The governance model and the decision types are its first users; value metrics
/// and investment criteria add a type here and list it in `RatifiedChanges.all`.
protocol RatifiedChange: Sendable {
    /// Stored in `decisions.change_kind`: a contract of stored rows, never renamed.
    static var kind: String { get }
    /// What passing would change, in one line for the decision page.
    static func summary(payload: Data) -> String
    /// Applies the change inside the seal's transaction and returns its events. A `ValidationError` means the change
    /// no longer fits the initiative (a party joined since it was proposed, a name was taken): the change lapses with
    /// that message as its note, and the decision is sealed all the same.
    static func apply(payload: Data, initiativeID: UUID, on db: any Database, at now: Date) async throws -> [EventDraft]
    /// Runs inside the transaction that ends the decision without applying its change: it was rejected, failed its
    /// quorum, was withdrawn, or was not adopted after advice. A change whose subject shows its own state (a proposed
    /// value metric becomes rejected) records that here; most changes need nothing.
    static func notApplied(payload: Data, decisionID: UUID, initiativeID: UUID, on db: any Database, at now: Date) async throws -> [EventDraft]
}

extension RatifiedChange {
    static func notApplied(payload: Data, decisionID: UUID, initiativeID: UUID, on db: any Database, at now: Date) async throws -> [EventDraft] { [] }
}

package enum RatifiedChanges {
    static let all: [any RatifiedChange.Type] = [
        GovernanceChange.self, DecisionTypeChange.self, ValueMetricDefinitionChange.self, ScoringFrameworkChange.self,
        InvestmentGateChange.self,
    ]

    static func handler(_ kind: String) -> (any RatifiedChange.Type)? { all.first { $0.kind == kind } }

    /// Marks a decision's change as not applied and lets its kind record what that means for its subject.
    static func markNotApplied(_ decision: inout DecisionRow, on db: any Database, at now: Date) async throws -> [EventDraft] {
        guard let kind = decision.changeKind else { return [] }
        decision.changeState = "notApplied"
        guard let handler = handler(kind) else { throw StoredValueError(column: "decisions.change_kind", value: kind) }
        return try await handler.notApplied(
            payload: Data((decision.changePayload ?? "").utf8), decisionID: decision.id, initiativeID: decision.initiativeID,
            on: db, at: now)
    }

    static func summary(kind: String, payload: String) -> String {
        handler(kind)?.summary(payload: Data(payload.utf8)) ?? "A change of a kind this version does not know (\(kind))"
    }

    package static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}

/// A new governance model and stakes, once the partners have joined (the owner alone changes it directly).
enum GovernanceChange: RatifiedChange {
    static let kind = "governance"

    static func summary(payload: Data) -> String {
        guard let request = try? JSONDecoder().decode(GovernanceRequest.self, from: payload) else { return "A change of governance" }
        let stakes = (request.stakes ?? [:]).values.isEmpty ? "" : " with new stakes"
        return "Sets the governance to \(request.model.label.lowercased())\(stakes)."
    }

    static func apply(payload: Data, initiativeID: UUID, on db: any Database, at now: Date) async throws -> [EventDraft] {
        let request = try JSONDecoder().decode(GovernanceRequest.self, from: payload)
        return try await InitiativeStore.applyGovernance(initiativeID, request, on: db, at: now)
    }
}

/// A decision type added or changed, once the partners have joined.
struct DecisionTypeChange: RatifiedChange, Codable {
    static let kind = "decisionType"

    /// The type changed; nil to add one.
    var typeId: UUID?
    var name: String
    var rules: DecisionRules
    var isDefault: Bool

    static func summary(payload: Data) -> String {
        guard let change = try? JSONDecoder().decode(DecisionTypeChange.self, from: payload) else { return "A change of decision types" }
        let verb = change.typeId == nil ? "Adds the decision type" : "Changes the decision type"
        return "\(verb) “\(change.name)”: \(change.rules.method.label.lowercased()), \(change.rules.voters.label.lowercased())."
    }

    static func apply(payload: Data, initiativeID: UUID, on db: any Database, at now: Date) async throws -> [EventDraft] {
        let change = try JSONDecoder().decode(DecisionTypeChange.self, from: payload)
        return try await DecisionTypeWrites.write(change, initiativeID: initiativeID, on: db, at: now)
    }
}

/// Writing decision types: shared by the direct change (the owner alone) and the ratified one.
package enum DecisionTypeWrites {
    /// Creates or changes a type after checking its rules against the initiative as it is now. Making a type the
    /// default takes that from the previous default.
    static func write(_ change: DecisionTypeChange, initiativeID: UUID, on db: any Database, at now: Date) async throws -> [EventDraft] {
        let reader = DecisionReader(db: db)
        let facts = try await reader.facts(initiativeID)
        let rules = try change.rules.validated(for: facts.governance)
        let name = try Validate.text(change.name, field: "name", maxLength: 100)
        let existing = try await reader.types(initiativeID)
        if existing.contains(where: { $0.name.lowercased() == name.lowercased() && $0.id != change.typeId }) {
            throw ValidationError(field: "name", "is already the name of a decision type of this initiative")
        }
        var model: DecisionTypeRow
        var existingRow: DecisionTypeRow? = nil
        var fields: [String: JSONValue]
        if let typeID = change.typeId {
            guard let found = try await DecisionTypeRow.find(typeID, db), found.initiativeID == initiativeID else {
                throw AppError.notFound
            }
            let before = try found.rules
            if before.method != rules.method,
               try await (db as! any SQLDatabase).raw("""
                   SELECT id FROM decisions WHERE type_id = \(bind: typeID) AND status IN (\(bind: DecisionStatus.draft.rawValue), \(bind: DecisionStatus.open.rawValue))
                   """).first() != nil {
                // An open decision keeps the rules it opened under; a draft would silently change method. Ask for a new type.
                throw ValidationError(field: "method", "cannot change while a decision of this type is a draft or open")
            }
            (model, existingRow) = (found, found)
            fields = Self.changes(from: before, to: rules)
            if found.name != name { fields["name"] = .string(name) }
            if found.isDefault != change.isDefault && change.isDefault { fields["isDefault"] = .bool(true) }
            model.name = name
            model.setRules(rules)
            if change.isDefault { model.isDefault = true }
        } else {
            model = DecisionTypeRow(initiativeID: initiativeID, name: name, rules: rules, isDefault: change.isDefault, at: now)
            fields = Self.fields(rules)
            fields["isDefault"] = .bool(change.isDefault)
        }
        if change.isDefault {
            let sql = db as! any SQLDatabase
            try await sql.raw("UPDATE decision_types SET is_default = \(bind: false) WHERE initiative_id = \(bind: initiativeID)").run()
            model.isDefault = true
        }
        if let found = existingRow {
            // The clearing above wrote this type's `is_default` too: compare with the row as it stands now.
            var stored = found
            if change.isDefault { stored.isDefault = false }
            try await model.update(db, changedFrom: stored)
        } else {
            try await model.insert(db)
        }
        fields["name"] = .string(name)
        return [EventDraft(
            log: initiativeID, action: change.typeId == nil ? .decisionTypeCreated : .decisionTypeChanged, objectID: model.id,
            change: fields)]
    }

    /// The model's default types the initiative lacks (a new model's after a change of governance), added.
    /// A default the new model cannot run (a stake vote once owner-led) stops being the default: the model's own
    /// default type takes over, so a new decision never lands on a type it cannot open.
    static func addMissingDefaults(initiativeID: UUID, governance: GovernanceModel, on db: any Database, at now: Date) async throws -> [EventDraft] {
        let existing = try await DecisionReader(db: db).types(initiativeID)
        let usableDefault = existing.contains { $0.isDefault && (try? $0.rules.validated(for: governance)) != nil }
        var events: [EventDraft] = []
        if !usableDefault, let template = DecisionDefaults.types(for: governance).first(where: \.isDefault),
           let named = existing.first(where: { $0.name.lowercased() == template.name.lowercased() }) {
            let sql = db as! any SQLDatabase
            try await sql.raw("UPDATE decision_types SET is_default = \(bind: false) WHERE initiative_id = \(bind: initiativeID)").run()
            try await sql.raw("UPDATE decision_types SET is_default = \(bind: true) WHERE id = \(bind: named.id)").run()
            events.append(EventDraft(
                log: initiativeID, action: .decisionTypeChanged, objectID: named.id, change: ["name": .string(named.name), "isDefault": .bool(true)]))
        }
        if !usableDefault {
            try await (db as! any SQLDatabase).raw("""
                UPDATE decision_types SET is_default = \(bind: false) WHERE initiative_id = \(bind: initiativeID) AND method = \(bind: DecisionMethod.stakeWeighted.rawValue)
                """).run()
        }
        for template in DecisionDefaults.missing(
            for: governance, existingNames: Set(existing.map(\.name)), hasDefault: usableDefault) {
            let model = DecisionTypeRow(initiativeID: initiativeID, name: template.name, rules: template.rules, isDefault: template.isDefault, at: now)
            try await model.insert(db)
            var fields = Self.fields(template.rules)
            fields["name"] = .string(template.name)
            fields["isDefault"] = .bool(template.isDefault)
            events.append(EventDraft(log: initiativeID, action: .decisionTypeCreated, objectID: model.id, change: fields))
        }
        return events
    }

    /// A new initiative's types (no events: they follow from the governance model its creation event names).
    package static func seed(initiativeID: UUID, governance: GovernanceModel, on db: any Database, at now: Date) async throws {
        for template in DecisionDefaults.types(for: governance) {
            try await DecisionTypeRow(initiativeID: initiativeID, name: template.name, rules: template.rules, isDefault: template.isDefault, at: now)
                .insert(db)
        }
    }

    static func fields(_ rules: DecisionRules) -> [String: JSONValue] {
        var fields: [String: JSONValue] = [
            "method": .string(rules.method.rawValue), "voters": .string(rules.voters.rawValue),
            "quorumPercent": .int(Int64(rules.quorumPercent)), "everyPartyPresent": .bool(rules.everyPartyPresent),
            "reasonRequired": .string(rules.reasonRequired.rawValue), "hiddenUntilClosed": .bool(rules.hiddenUntilClosed),
            "reserved": .bool(rules.reserved), "defaultDays": .int(Int64(rules.defaultDays)),
        ]
        if let threshold = rules.thresholdPercent { fields["thresholdPercent"] = .int(Int64(threshold)) }
        return fields
    }

    static func changes(from before: DecisionRules, to after: DecisionRules) -> [String: JSONValue] {
        let old = fields(before), new = fields(after)
        var changed = new.filter { old[$0.key] != $0.value }
        if before.thresholdPercent != nil && after.thresholdPercent == nil { changed["thresholdPercent"] = .null }
        return changed
    }
}
