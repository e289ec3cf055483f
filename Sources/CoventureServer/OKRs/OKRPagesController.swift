import CoventureCore
import Foundation
import Vapor

/// Page handlers for OKRs: parse → load → build the page model → render. Forms that fail validation re-render with
/// the message beside the field and the input kept.
enum OKRPagesController {
    // MARK: The OKR tree

    /// `checked` is the caller's membership when it was already checked (a cached read passes it); otherwise checked here.
    static func treeModel(
        _ req: Request, membership checked: InitiativeViewer.Membership? = nil, form: [String: String] = [:],
        errors: [String: String] = [:]
    ) async throws -> OKRTreePage.Model {
        let id = try req.uuid("initiativeID")
        let membership: InitiativeViewer.Membership
        if let checked { membership = checked } else { membership = try await InitiativePagesController.viewer(req).2 }
        let store = OKRReader(request: req)
        let initiativeStore = InitiativeStore(request: req)
        return OKRTreePage.Model(
            initiative: try await initiativeStore.detail(id), objectives: try await store.tree(id),
            report: try await store.alignmentReport(id), members: try await initiativeStore.members(id),
            canContribute: membership.role != .observer, canManageSettings: membership.partyIsOwner && membership.role == .admin,
            form: form, errors: errors)
    }

    @Sendable static func tree(req: Request) async throws -> Response {
        return try await req.cachedRead("okr-tree", initiative: try req.uuid("initiativeID")) { membership in
            HTMLPage(document: OKRTreePage.render(try await treeModel(req, membership: membership), context: req.pageContext))
        }
    }

    @Sendable static func createObjective(req: Request) async throws -> Response {
        let id = try req.uuid("initiativeID")
        return try await FormAction.run(req, authorize: .initiative(id, .contribute)) { form in
            var checks = FieldChecks()
            let weight = checks.run { try formNumber(form["weight"], field: "weight") }
            let parent = checks.run { try formID(form["parentId"], field: "parentId") }
            let owner = checks.run { try formID(form["ownerId"], field: "ownerId") }
            let organization = checks.run { try formID(form["organizationId"], field: "organizationId") }
            try checks.finish()
            try requireConfirmation(objectiveConcerns(form), form: form)
            let created = try await ObjectiveStore(request: req).createObjective(
                initiativeID: id,
                CreateObjectiveRequest(
                    title: form["title"], description: form["description"], periodStart: form["periodStart"], periodEnd: form["periodEnd"],
                    periodName: form["periodName"], weight: weight!, parentId: parent!, ownerId: owner!, organizationId: organization!),
                by: try req.person().actor)
            return .redirect(.objective(.value(created.id)), saying: "Objective created.")
        } page: { form, errors in
            var model = try await treeModel(req, form: form, errors: errors)
            model.concerns = objectiveConcerns(form)
            return OKRTreePage.render(model, context: req.pageContext)
        }
    }

    @Sendable static func saveSettings(req: Request) async throws -> Response {
        let id = try req.uuid("initiativeID")
        return try await FormAction.run(req, authorize: .initiative(id, .manageSettings)) { form in
            guard let days = Int((form["checkInStaleDays"] ?? "").trimmingCharacters(in: .whitespaces)) else {
                throw AppError.invalid(field: "checkInStaleDays", message: "must be a whole number of days from 1 to 365")
            }
            _ = try await KeyResultStore(request: req).setStaleDays(id, OKRSettingsRequest(checkInStaleDays: days), by: try req.person().actor)
            return .redirect(.okrTree(.value(id)))
        } page: { form, errors in
            OKRTreePage.render(try await treeModel(req, form: form, errors: errors), context: req.pageContext)
        }
    }

    // MARK: An objective

    static func objectiveModel(_ req: Request, form: [String: String] = [:], errors: [String: String] = [:]) async throws -> ObjectivePage.Model {
        let id = try req.uuid("objectiveID")
        try await req.authorize(.objective(id, .read))
        let person = try req.person()
        let store = OKRReader(request: req)
        let objective = try await store.objective(id)
        let canChange = try await req.may(.objective(id, .change))
        var candidates: [ObjectiveDTO] = []
        var members: [MemberDTO] = []
        var initiative: InitiativeDTO? = nil
        if let initiativeID = objective.initiativeId {
            let initiativeStore = InitiativeStore(request: req)
            initiative = try await initiativeStore.detail(initiativeID)
            members = try await initiativeStore.members(initiativeID)
            if canChange {
                let linked = Set(objective.alignments.map(\.parentId))
                let own = initiative!.parties.contains { $0.organizationId == person.organizationID }
                    ? try await store.organizationObjectives(person.organizationID, viewer: person) : []
                candidates = (try await store.tree(initiativeID) + own).filter { $0.id != id && !linked.contains($0.id) }
            }
        }
        return ObjectivePage.Model(
            objective: objective, initiative: initiative, members: members, alignmentCandidates: candidates, canChange: canChange,
            form: form, errors: errors)
    }

    @Sendable static func objective(req: Request) async throws -> HTMLPage {
        HTMLPage(document: ObjectivePage.render(try await objectiveModel(req), context: req.pageContext))
    }

    /// A change on an objective's page: only those who may change the objective get as far as its form.
    /// `concerns`: what in the form looks implausible (the key result form's); asked again when the page re-renders.
    private static func objectiveAction(
        _ req: Request, concerns: @escaping @Sendable (_ form: [String: String]) -> [PlausibilityConcern] = { _ in [] },
        _ body: @escaping (_ id: UUID, _ form: [String: String]) async throws -> FormOutcome
    ) async throws -> Response {
        let id = try req.uuid("objectiveID")
        return try await FormAction.run(req, authorize: .objective(id, .change)) { form in
            try requireConfirmation(concerns(form), form: form)
            return try await body(id, form)
        } page: { form, errors in
            var model = try await objectiveModel(req, form: form, errors: errors)
            model.concerns = concerns(form)
            return ObjectivePage.render(model, context: req.pageContext)
        }
    }

    @Sendable static func createKeyResult(req: Request) async throws -> Response {
        try await objectiveAction(req, concerns: keyResultConcerns) { id, form in
            let steps = (form["steps"] ?? "").split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            var checks = FieldChecks()
            let baseline = checks.run { try formNumber(form["baseline"], field: "baseline") }
            let target = checks.run { try formNumber(form["target"], field: "target") }
            let weight = checks.run { try formNumber(form["weight"], field: "weight") }
            let owner = checks.run { try formID(form["ownerId"], field: "ownerId") }
            try checks.finish()
            let created = try await KeyResultStore(request: req).createKeyResult(
                id,
                CreateKeyResultRequest(
                    title: form["title"], kind: form["kind"], unit: form["unit"], baseline: baseline!, target: target!,
                    steps: steps, weight: weight!, ownerId: owner!),
                by: try req.person().actor)
            // "Add, then add another" comes back to an empty form on the objective's page.
            if form["then"] == "another" {
                return .redirect(.objective(.value(id)), saying: "Key result “\(created.title)” added. Add another below.")
            }
            return .redirect(.keyResult(.value(created.id)), saying: "Key result added.")
        }
    }

    @Sendable static func align(req: Request) async throws -> Response {
        try await objectiveAction(req) { id, form in
            _ = try await ObjectiveStore(request: req).align(
                id, AlignmentRequest(parentId: try formID(form["parentId"], field: "parentId"), kind: form["kind"]), by: try req.person().actor)
            return .redirect(.objective(.value(id)), saying: "Aligned.")
        }
    }

    @Sendable static func unalign(req: Request) async throws -> Response {
        let alignmentID = try req.uuid("alignmentID")
        return try await objectiveAction(req) { id, _ in
            try await ObjectiveStore(request: req).unalign(id, alignmentID: alignmentID, by: try req.person().actor)
            return .redirect(.objective(.value(id)), saying: "Alignment removed.")
        }
    }

    // MARK: A key result

    static func keyResultModel(_ req: Request, form: [String: String] = [:], errors: [String: String] = [:]) async throws -> KeyResultPage.Model {
        let id = try req.uuid("keyResultID")
        try await req.authorize(.keyResult(id, .read))
        let store = OKRReader(request: req)
        let offset = try KeyResultPage.historyOffset(req)
        let (keyResult, hasOlder) = try await store.keyResult(id, historyOffset: offset, historyLimit: KeyResultPage.historyLimit)
        let canCheckIn = try await req.may(.keyResult(id, .checkIn))
        // Who may check in on it may also let a tool do so (issue #16): they see its feeds.
        let feeds = canCheckIn ? FeedPanel.Model(keyResultID: id, feeds: try await FeedReader(db: req.db).feeds(of: id)) : nil
        return KeyResultPage.Model(
            keyResult: keyResult, objective: try await store.objective(keyResult.objectiveId), canCheckIn: canCheckIn, form: form, errors: errors,
            history: .init(offset: offset, hasOlder: hasOlder), feeds: feeds)
    }

    @Sendable static func keyResult(req: Request) async throws -> HTMLPage {
        let model = try await keyResultModel(req)
        // The owner has now seen what others checked in in their name: the home page's notices of it go.
        if model.keyResult.ownerId == (try req.person().id) {
            try await HomeNotices(request: req).clear(keyResultID: model.keyResult.id, for: try req.person().id)
        }
        return HTMLPage(document: KeyResultPage.render(model, context: req.pageContext))
    }

    @Sendable static func checkIn(req: Request) async throws -> Response {
        let id = try req.uuid("keyResultID")
        return try await FormAction.run(req, authorize: .keyResult(id, .checkIn)) { form in
            try requireConfirmation(try await checkInConcerns(req, keyResultID: id, form: form), form: form)
            var checks = FieldChecks()
            let value = checks.run { try formNumber(form["value"], field: "value") }
            let corrects = checks.run { try formID(form["correctsId"], field: "correctsId") }
            try checks.finish()
            _ = try await KeyResultStore(request: req).checkIn(
                id,
                CheckInRequest(value: value!, confidence: form["confidence"], narrative: form["narrative"], correctsId: corrects!),
                by: try req.person().actor)
            return .redirect(.keyResult(.value(id)), saying: "Check-in recorded.")
        } page: { form, errors in
            var model = try await keyResultModel(req, form: form, errors: errors)
            model.concerns = try await checkInConcerns(req, keyResultID: id, form: form)
            return KeyResultPage.render(model, context: req.pageContext)
        }
    }

    // MARK: Line of sight

    @Sendable static func lineOfSight(req: Request) async throws -> Response {
        let id = try req.uuid("initiativeID"), person = try req.person()
        return try await req.cachedRead("line-of-sight", initiative: id) { _ in
            let subject = try await LineOfSight.subject(req, initiativeID: id, query: "person")
            let initiativeStore = InitiativeStore(request: req)
            let sight = try await OKRReader(request: req).lineOfSight(
                id, person: subject, work: try await LineOfSight.work(req, initiativeID: id, personID: subject.id))
            return HTMLPage(document: LineOfSightPage.render(
                .init(initiative: try await initiativeStore.detail(id), sight: sight, members: try await initiativeStore.members(id),
                      isSelf: subject.id == person.id),
                context: req.pageContext))
        }
    }

    // MARK: CSV

    @Sendable static func exportCSV(req: Request) async throws -> Response {
        let (id, _, _) = try await InitiativePagesController.viewer(req)
        return OKRCSVFile.response(try await OKRImport(request: req).exportCSV(id), initiativeID: id)
    }

    @Sendable static func importForm(req: Request) async throws -> HTMLPage {
        let (id, _, _) = try await InitiativePagesController.viewer(req)
        try await req.authorize(.initiative(id, .contribute))
        return HTMLPage(document: OKRImportPage.render(
            .init(initiative: try await InitiativeStore(request: req).detail(id), problems: []), context: req.pageContext))
    }

    struct ImportForm: Content {
        var file: File?
        var csv: String?
    }

    @Sendable static func importCSV(req: Request) async throws -> Response {
        let id = try req.uuid("initiativeID")
        try await req.authorize(.initiative(id, .contribute))
        let form = try req.content.decode(ImportForm.self)
        let initiative = try await InitiativeStore(request: req).detail(id)
        var text = form.csv ?? ""
        if let file = form.file, file.data.readableBytes > 0 {
            text = file.data.getString(at: file.data.readerIndex, length: file.data.readableBytes) ?? ""
        }
        do {
            guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw AppError.invalid(field: "file", message: "choose a CSV file, or paste its contents")
            }
            let result = try await OKRImport(request: req).importCSV(id, csv: text, by: try req.person().actor)
            // Post/Redirect/Get: Reload on the result must not import the file a second time.
            try await req.leaveFlash(Flash(message: OKRImportPage.summary(result)), for: .okrTree(.value(id)))
            return req.redirect(to: SiteURL.okrTree(.value(id)).path, redirectType: .normal)
        } catch let rejected as OKRImportRejected {
            return try await HTMLPage(
                document: OKRImportPage.render(.init(initiative: initiative, problems: rejected.problems), context: req.pageContext),
                status: .badRequest
            ).encodeResponse(for: req)
        } catch let error as AppError where error.field != nil {
            return try await HTMLPage(
                document: OKRImportPage.render(
                    .init(initiative: initiative, problems: [.init(line: 1, column: error.field!, reason: error.message)]),
                    context: req.pageContext),
                status: error.status
            ).encodeResponse(for: req)
        }
    }

    // MARK: An organization's own OKRs

    static func organizationModel(_ req: Request, form: [String: String] = [:], errors: [String: String] = [:]) async throws -> OrganizationOKRsPage.Model {
        let id = try req.uuid("organizationID")
        try await req.authorize(.readOrganization(id))
        let person = try req.person()
        guard let organization = try await OrganizationRow.find(id, req.db) else { throw AppError.notFound }
        return OrganizationOKRsPage.Model(
            organizationID: id, organizationName: organization.name,
            objectives: try await OKRReader(request: req).organizationObjectives(id, viewer: person),
            canManage: person.organizationID == id && person.isOrgAdmin, isOwnOrganization: person.organizationID == id,
            form: form, errors: errors)
    }

    @Sendable static func organizationOKRs(req: Request) async throws -> HTMLPage {
        HTMLPage(document: OrganizationOKRsPage.render(try await organizationModel(req), context: req.pageContext))
    }

    @Sendable static func createOrganizationObjective(req: Request) async throws -> Response {
        let id = try req.uuid("organizationID")
        return try await FormAction.run(req, authorize: .organizationOKRs(id, .manage)) { form in
            try requireConfirmation(objectiveConcerns(form), form: form)
            let created = try await ObjectiveStore(request: req).createObjective(
                initiativeID: nil, organizationID: id,
                CreateObjectiveRequest(
                    title: form["title"], description: form["description"], periodStart: form["periodStart"], periodEnd: form["periodEnd"],
                    periodName: form["periodName"], weight: try formNumber(form["weight"], field: "weight"), parentId: nil,
                    ownerId: try formID(form["ownerId"], field: "ownerId"), organizationId: id),
                by: try req.person().actor)
            return .redirect(.objective(.value(created.id)))
        } page: { form, errors in
            var model = try await organizationModel(req, form: form, errors: errors)
            model.concerns = objectiveConcerns(form)
            return OrganizationOKRsPage.render(model, context: req.pageContext)
        }
    }

    // MARK: Plausibility

    // A value that is allowed but looks wrong (`Plausibility`) comes back to the person with the form, the input kept
    // and a "Yes, record it anyway" box; posted again with the box ticked, it is recorded. What cannot be parsed is
    // left to the store, which names the field. Only the pages ask: the JSON API records such values as sent.

    /// Refuses the post with the first concern's field and message, unless the person confirmed.
    static func requireConfirmation(_ concerns: [PlausibilityConcern], form: [String: String]) throws {
        guard !Confirmation.isConfirmed(form), let concern = concerns.first else { return }
        throw AppError.invalid(field: concern.field, message: concern.message)
    }

    static func checkInConcerns(_ req: Request, keyResultID: UUID, form: [String: String]) async throws -> [PlausibilityConcern] {
        guard let value = (try? DecimalInput.parse(form["value"], field: "value", from: .person)) ?? nil else { return [] }
        return Plausibility.checkIn(value: value, for: try await OKRReader(request: req).keyResultDefinition(keyResultID))
    }

    @Sendable static func keyResultConcerns(_ form: [String: String]) -> [PlausibilityConcern] {
        guard let kind = try? KeyResultKind(validating: form["kind"]) else { return [] }
        func number(_ field: String) -> Decimal? { (try? DecimalInput.parse(form[field], field: field, from: .person)) ?? nil }
        return Plausibility.keyResult(
            KeyResultDefinition(kind: kind, unit: form["unit"] ?? "", baseline: number("baseline"), target: number("target")))
    }

    @Sendable static func objectiveConcerns(_ form: [String: String]) -> [PlausibilityConcern] {
        guard let period = try? OKRPeriod.parse(name: form["periodName"], start: form["periodStart"], end: form["periodEnd"]) else { return [] }
        return Plausibility.objective(period: period, today: CalendarDate(Date(), in: TimeZone(identifier: "UTC")!))
    }

    // MARK: Form parsing

    /// A number typed by a person ("12,5" or "12.5"; ambiguous thousands refused), handed on in canonical form.
    static func formNumber(_ text: String?, field: String) throws -> NumberInput? {
        try DecimalInput.parse(text, field: field, from: .person).map { NumberInput(DecimalInput.canonical($0)) }
    }

    static func formID(_ text: String?, field: String) throws -> UUID? {
        guard let text, !text.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
        guard let id = UUID(uuidString: text.trimmingCharacters(in: .whitespaces)) else {
            throw ValidationError(field: field, "is not one of the choices offered")
        }
        return id
    }
}
