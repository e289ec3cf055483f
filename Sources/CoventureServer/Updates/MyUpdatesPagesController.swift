import CoventureCore
import Foundation
import Vapor

/// `/me/updates` (issue #16): the person's key results in one form, and what else awaits their word.
///
/// One submit records every changed row, each a check-in of its own, **all together or none**: when any row is
/// refused, nothing is recorded and the page comes back with every row's input kept and each refusal at its row. A
/// person fixes the one row and submits again; no row is half-recorded, and reloading the refused page cannot record
/// a row twice (nothing of it was recorded).
enum MyUpdatesPagesController {
    /// The "Needs you" sources whose lines this page repeats below the form: decisions awaiting the person's vote,
    /// measurements due from their party, their pulse answer. (The key results' own lines are the form.)
    static let awaitingSources: [any NeedsYouSource] = [DecisionNeedsYou(), ValueNeedsYou(), PulseNeedsYou()]
    static let awaitingKinds: Set<NeedsYouKind> = [.decisionAwaitingYou, .valueMeasurementOverdue, .pulseAwaitingYou]

    @Sendable static func page(req: Request) async throws -> HTMLPage {
        HTMLPage(document: MyUpdatesPage.render(try await model(req), context: req.pageContext))
    }

    static func model(_ req: Request, form: [String: String] = [:], errors: [String: String] = [:]) async throws -> MyUpdatesPage.Model {
        let person = try req.person()
        let keyResults = try await MyKeyResults.load(
            personID: person.id, organizationID: person.organizationID, organizationName: person.organizationName, on: req.db)
        let viewer = try await NeedsYouViewer.load(person, on: req.db)
        var lines: [NeedsYouLine] = []
        for source in awaitingSources { lines += try await source.lines(for: viewer, on: req.db) }
        let awaiting = NeedsYou.groups(lines.filter { awaitingKinds.contains($0.kind) }, initiatives: viewer.initiativeIDs).flatMap(\.lines)
        return MyUpdatesPage.Model(keyResults: keyResults, awaiting: awaiting, form: form, errors: errors, now: viewer.now)
    }

    @Sendable static func submit(req: Request) async throws -> Response {
        try await FormAction.run(req, authorize: .ownAccount) { form in
            let person = try req.person()
            let mine = try await MyKeyResults.load(
                personID: person.id, organizationID: person.organizationID, organizationName: person.organizationName, on: req.db)
            let rows = try touchedRows(of: mine, in: form)
            guard !rows.isEmpty else { return .redirect(.myUpdates, saying: "Nothing changed, so nothing was recorded.") }
            let ids = rows.map(\.keyResultID)
            _ = try await KeyResultStore(request: req).checkIns(rows, by: person.actor) { index, field in
                "\(field)-\(ids[index].uuidString.lowercased())"
            }
            return .redirect(.myUpdates, saying: rows.count == 1 ? "Recorded 1 check-in." : "Recorded \(rows.count) check-ins.")
        } page: { form, errors in
            MyUpdatesPage.render(try await model(req, form: form, errors: errors), context: req.pageContext)
        }
    }

    /// The rows the person changed (`UpdateRow.isTouched`), with their values read as a person's numbers; every row's
    /// unreadable value is reported at once, before the change. Rows are the person's own key results, read again now:
    /// a posted field for any other key result is ignored.
    static func touchedRows(of mine: [MyKeyResult], in form: [String: String]) throws -> [(keyResultID: UUID, request: CheckInRequest)] {
        typealias Field = MyUpdatesPage.Field
        var checks = FieldChecks()
        let rows = mine.compactMap { keyResult -> (keyResultID: UUID, request: CheckInRequest)? in
            let id = keyResult.record.id
            let row = UpdateRow(
                shownValue: form[Field.shownValue.name(id)] ?? "", shownConfidence: form[Field.shownConfidence.name(id)] ?? "",
                value: form[Field.value.name(id)] ?? "", confidence: form[Field.confidence.name(id)] ?? "",
                narrative: form[Field.narrative.name(id)] ?? "")
            // A key result added since the page was rendered has no row on it: nothing was posted for it.
            guard form[Field.value.name(id)] != nil, row.isTouched else { return nil }
            let value = checks.run { try row.parsedValue(field: Field.value.name(id)) }
            let confidence = row.confidence.trimmingCharacters(in: .whitespaces)
            return (id, CheckInRequest(
                value: (value ?? nil).map { NumberInput(DecimalInput.canonical($0)) },
                confidence: confidence.isEmpty ? nil : confidence, narrative: row.narrative))
        }
        try checks.finish()
        return rows
    }
}
