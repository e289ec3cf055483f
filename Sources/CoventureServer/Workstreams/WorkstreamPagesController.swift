import CoventureCore
import Fluent
import Foundation
import Plot
import Vapor

/// The workstream pages: parse → load → build the page model → render. A form that fails validation re-renders
/// its page with the message beside the field and the input kept.
enum WorkstreamPagesController {
    // MARK: Loading

    /// The caller's facts in the initiative of the path, after checking they may read it.
    static func viewer(_ req: Request, _ initiativeID: UUID) async throws -> InitiativeViewer {
        let viewer = try await Policy.viewer(personID: try req.person().id, initiativeID: initiativeID, on: req.db)
        try Policy.enforce(AccessPolicy.decide(.read, for: viewer))
        return viewer
    }

    /// `viewer` when the caller was already checked (a cached read passes it); otherwise checked here.
    static func mapModel(
        _ req: Request, _ initiativeID: UUID, viewer checked: InitiativeViewer? = nil, values: [String: String] = [:],
        errors: [String: String] = [:]
    ) async throws -> WorkstreamMapPage.Model {
        let viewer: InitiativeViewer
        if let checked { viewer = checked } else { viewer = try await Self.viewer(req, initiativeID) }
        let initiatives = InitiativeStore(request: req)
        return WorkstreamMapPage.Model(
            initiative: try await initiatives.detail(initiativeID),
            streams: try await WorkstreamReader(request: req).list(initiativeID: initiativeID),
            canCreate: AccessPolicy.decide(.createWorkstream, for: viewer) == .allow,
            candidates: try await initiatives.members(initiativeID).filter { $0.role != .observer },
            values: values, errors: errors)
    }

    /// The stream page, for a form of another feature that lives on it (the practices panel's).
    static func page(
        _ req: Request, _ initiativeID: UUID, _ streamID: UUID, values: [String: String], errors: [String: String]
    ) async throws -> HTML {
        WorkstreamPage.render(try await streamModel(req, initiativeID, streamID, values: values, errors: errors), context: req.pageContext)
    }

    static func streamModel(
        _ req: Request, _ initiativeID: UUID, _ streamID: UUID, values: [String: String] = [:], errors: [String: String] = [:],
        practices: Bool = true
    ) async throws -> WorkstreamPage.Model {
        let viewer = try await viewer(req, initiativeID)
        _ = try await WorkstreamStore(request: req).stream(streamID, in: initiativeID)
        let reader = WorkstreamReader(request: req)
        let stream = try await reader.detail(streamID)
        let people = Set(stream.people.map(\.personId))
        let canManage = AccessPolicy.decide(.manageWorkstream(leaderID: stream.leader?.personId), for: viewer) == .allow
        return WorkstreamPage.Model(
            initiative: try await InitiativeStore(request: req).detail(initiativeID), stream: stream,
            workItems: try await reader.workItems(of: streamID), charter: try await reader.charterVersions(of: streamID).first,
            candidates: try await InitiativeStore(request: req).members(initiativeID).filter { $0.role != .observer },
            viewerID: viewer.personID,
            canManage: canManage,
            canWork: AccessPolicy.decide(.workInWorkstream(leaderID: stream.leader?.personId, people: people), for: viewer) == .allow,
            keyResultChoices: try await reader.initiativeKeyResults(initiativeID).filter { choice in !stream.keyResults.contains { $0.id == choice.id } }
                .map { WorkstreamPage.KeyResultChoice(id: $0.id, title: $0.title) },
            practices: practices
                ? try await StreamPractices.panel(req, initiativeID: initiativeID, streamID: streamID, canManage: canManage && stream.status != .closed)
                : nil,
            values: values, errors: errors)
    }

    static func charterModel(
        _ req: Request, _ initiativeID: UUID, _ streamID: UUID, values: [String: String] = [:], errors: [String: String] = [:]
    ) async throws -> CharterPage.Model {
        let page = try await streamModel(req, initiativeID, streamID, practices: false)
        let versions = try await WorkstreamReader(request: req).charterVersions(of: streamID)
        let person = try req.person()
        return CharterPage.Model(
            initiative: page.initiative, stream: page.stream, versions: versions,
            canEdit: page.canManage,
            canAgree: page.canWork && page.stream.parties.contains { $0.organizationId == person.organizationID }
                && !(versions.first?.agreements.contains { $0.personId == person.id } ?? true),
            values: values, errors: errors)
    }

    // MARK: Pages

    @Sendable static func map(req: Request) async throws -> Response {
        let id = try req.uuid("initiativeID")
        return try await req.cachedRead("workstream-map", initiative: id) { membership in
            let viewer = InitiativeViewer(personID: try req.person().id, membership: membership)
            return HTMLPage(document: WorkstreamMapPage.render(try await mapModel(req, id, viewer: viewer), context: req.pageContext))
        }
    }

    @Sendable static func show(req: Request) async throws -> HTMLPage {
        let id = try req.uuid("initiativeID"), streamID = try req.uuid("workstreamID")
        return HTMLPage(document: WorkstreamPage.render(try await streamModel(req, id, streamID), context: req.pageContext))
    }

    @Sendable static func charter(req: Request) async throws -> HTMLPage {
        let id = try req.uuid("initiativeID"), streamID = try req.uuid("workstreamID")
        return HTMLPage(document: CharterPage.render(try await charterModel(req, id, streamID), context: req.pageContext))
    }

    @Sendable static func person(req: Request) async throws -> HTMLPage {
        let id = try req.uuid("initiativeID"), personID = try req.uuid("personID")
        _ = try await viewer(req, id)
        let initiative = try await InitiativeStore(request: req).detail(id)
        guard let member = try await InitiativeStore(request: req).members(id).first(where: { $0.personId == personID }) else {
            throw AppError.notFound
        }
        let reader = WorkstreamReader(request: req)
        let work = try await reader.lineOfSight(personID: personID, initiativeID: id)
        let total = try await reader.totalCommitments(of: [personID])[personID] ?? 0
        let streams = try await reader.list(initiativeID: id).filter { stream in work.streams.contains { $0.workstreamId == stream.id } }
        return HTMLPage(document: PersonPage.render(
            PersonPage.Model(initiative: initiative, member: member, work: work, streams: streams, totalCommitment: total),
            context: req.pageContext))
    }

    // MARK: Changes

    @Sendable static func create(req: Request) async throws -> Response {
        let id = try req.uuid("initiativeID")
        return try await FormAction.run(req, authorize: .initiative(id, .createWorkstream)) { form in
            // Every field that does not parse is reported at once; the store then checks the rest together.
            var checks = FieldChecks()
            let streamKind: WorkstreamKind?? = checks.run { try Self.kind(form["kind"]) }
            let start: CalendarDate? = checks.run { () throws -> CalendarDate in
                guard let start = try Self.date(form["startDate"], field: "startDate") else {
                    throw ValidationError(field: "startDate", "is required")
                }
                return start
            }
            let end: CalendarDate?? = checks.run { try Self.date(form["endDate"], field: "endDate") }
            let leader: UUID?? = checks.run { try Self.uuid(form["leaderId"], field: "leaderId") }
            let commitment: Int?? = checks.run { try Self.percent(form["leaderCommitment"], field: "leaderCommitment") }
            try checks.finish()
            let request = CreateWorkstreamRequest(
                kind: streamKind!, name: form["name"], purpose: form["purpose"], startDate: start!, endDate: end!,
                leaderId: leader!, leaderCommitment: commitment!)
            let created = try await WorkstreamStore(request: req).create(initiativeID: id, request, by: try req.person().actor)
            return .redirect(.workstream(.value(id), stream: .value(created.id)), saying: "Workstream started.")
        } page: { form, errors in
            WorkstreamMapPage.render(try await mapModel(req, id, values: form, errors: errors), context: req.pageContext)
        }
    }

    /// Who may post a stream page's form, checked before the form is read: its managers (the admins and its leader),
    /// or the people who work in it, or — for a decline — any contributor (the store checks it is their own).
    enum StreamRight {
        case manage, work, contribute
    }

    /// Runs a change from a form on the stream page (or its charter page) and goes back to it, or re-renders it with
    /// the error beside the field. `fields` renames an error's field to the form's own input name where two forms on
    /// the page share a field name.
    static func streamAction(
        _ req: Request, _ right: StreamRight = .manage, onCharterPage: Bool = false, fields: [String: String] = [:],
        version: (@Sendable (any Database) async throws -> [String: String])? = nil, versionField: String = FormVersion.field,
        _ body: @escaping (_ store: WorkstreamStore, _ streamID: UUID, _ form: [String: String]) async throws -> Void
    ) async throws -> Response {
        let id = try req.uuid("initiativeID"), streamID = try req.uuid("workstreamID")
        try await req.authorize(.initiative(id, .read))
        let store = WorkstreamStore(request: req)
        let stream = try await store.stream(streamID, in: id)
        let permission: Permission = switch right {
        case .manage: store.managePermission(stream)
        case .work: try await store.workPermission(stream)
        case .contribute: .initiative(id, .contribute)
        }
        return try await FormAction.run(req, authorize: permission, version: version, versionField: versionField) { form in
            try await body(store, streamID, form)
            return .redirect(onCharterPage ? .workstreamCharter(.value(id), stream: .value(streamID)) : .workstream(.value(id), stream: .value(streamID)))
        } page: { form, errors in
            let errors = Dictionary(uniqueKeysWithValues: errors.map { (fields[$0.key] ?? $0.key, $0.value) })
            return onCharterPage
                ? CharterPage.render(try await charterModel(req, id, streamID, values: form, errors: errors), context: req.pageContext)
                : WorkstreamPage.render(try await streamModel(req, id, streamID, values: form, errors: errors), context: req.pageContext)
        }
    }

    @Sendable static func update(req: Request) async throws -> Response {
        let streamID = try req.uuid("workstreamID")
        let stored: @Sendable (any Database) async throws -> [String: String] = { db in
            WorkstreamPage.editedFields(try await WorkstreamReader(db: db).detail(streamID))
        }
        return try await streamAction(req, version: stored) { store, id, form in
            let request = UpdateWorkstreamRequest(
                kind: try kind(form["kind"]), name: form["name"], purpose: form["purpose"],
                startDate: try date(form["startDate"], field: "startDate"), endDate: try date(form["endDate"], field: "endDate"),
                status: try form["status"].map { raw in
                    guard let status = WorkstreamStatus(rawValue: raw) else { throw AppError.invalid(field: "status", message: "choose a status") }
                    return status
                },
                leaderId: try uuid(form["leaderId"], field: "leaderId"),
                leaderCommitment: try percent(form["leaderCommitment"], field: "leaderCommitment"))
            _ = try await store.update(id, request, by: try req.person().actor)
        }
    }

    @Sendable static func close(req: Request) async throws -> Response {
        try await streamAction(req) { store, id, form in
            _ = try await store.close(id, CloseWorkstreamRequest(note: form["note"]), by: try req.person().actor)
        }
    }

    @Sendable static func extend(req: Request) async throws -> Response {
        try await streamAction(req, fields: ["endDate": "extendEndDate"]) { store, id, form in
            _ = try await store.extend(
                id, ExtendWorkstreamRequest(endDate: try date(form["extendEndDate"], field: "endDate"), reason: form["reason"]),
                by: try req.person().actor)
        }
    }

    @Sendable static func assign(req: Request) async throws -> Response {
        try await streamAction(req) { store, id, form in
            _ = try await AssignmentStore(request: req).assign(
                id,
                CreateAssignmentRequest(
                    personId: try uuid(form["personId"], field: "personId"), role: form["role"],
                    commitment: try percent(form["commitment"], field: "commitment"), termEnd: try date(form["termEnd"], field: "termEnd")),
                by: try req.person().actor)
        }
    }

    @Sendable static func decline(req: Request) async throws -> Response {
        let assignmentID = try req.uuid("assignmentID")
        return try await streamAction(req, .contribute) { store, id, form in
            try await AssignmentStore(request: req).endAssignment(id, assignmentID: assignmentID, reason: form["reason"], byAssignee: true, by: try req.person().actor)
        }
    }

    @Sendable static func createWorkItem(req: Request) async throws -> Response {
        try await streamAction(req, .work) { store, id, form in
            _ = try await AssignmentStore(request: req).createWorkItem(
                id,
                CreateWorkItemRequest(
                    title: form["title"], assigneeId: try uuid(form["assigneeId"], field: "assigneeId"), status: nil,
                    keyResultId: try uuid(form["keyResultId"], field: "keyResultId")),
                by: try req.person().actor)
        }
    }

    @Sendable static func updateWorkItem(req: Request) async throws -> Response {
        let itemID = try req.uuid("workItemID")
        return try await streamAction(req, .work) { store, id, form in
            _ = try await AssignmentStore(request: req).updateWorkItem(
                id, itemID: itemID,
                UpdateWorkItemRequest(
                    title: nil, assigneeId: try uuid(form["assigneeId"], field: "assigneeId"),
                    status: try form["status"].map { raw in
                        guard let status = WorkItemStatus(rawValue: raw) else { throw AppError.invalid(field: "status", message: "choose a status") }
                        return status
                    },
                    keyResultId: nil),
                by: try req.person().actor)
        }
    }

    @Sendable static func linkKeyResult(req: Request) async throws -> Response {
        try await streamAction(req, fields: ["keyResultId": "linkKeyResultId"]) { store, id, form in
            _ = try await store.linkKeyResult(
                id, LinkKeyResultRequest(keyResultId: try uuid(form["linkKeyResultId"], field: "keyResultId")), by: try req.person().actor)
        }
    }

    @Sendable static func unlinkKeyResult(req: Request) async throws -> Response {
        let keyResultID = try req.uuid("keyResultID")
        return try await streamAction(req) { store, id, _ in
            try await store.unlinkKeyResult(id, keyResultID: keyResultID, by: try req.person().actor)
        }
    }

    @Sendable static func saveCharter(req: Request) async throws -> Response {
        let streamID = try req.uuid("workstreamID")
        let stored: @Sendable (any Database) async throws -> [String: String] = { db in
            let reader = WorkstreamReader(db: db)
            let current = try await reader.charterVersions(of: streamID).first
            let streamPurpose = current == nil ? try await reader.detail(streamID).purpose : nil
            return CharterPage.editedFields(current, streamPurpose: streamPurpose)
        }
        return try await streamAction(
            req, onCharterPage: true, fields: ["purpose": "charterPurpose"], version: stored, versionField: FormVersion.fieldBesideAnotherVersion
        ) { store, id, form in
            _ = try await CharterStore(request: req).saveCharter(
                id,
                SaveCharterRequest(
                    purpose: form["charterPurpose"], accountableFor: form["accountableFor"], workingAgreements: form["workingAgreements"],
                    howItDecides: form["howItDecides"], reviewDate: try date(form["reviewDate"], field: "reviewDate")),
                by: try req.person().actor)
        }
    }

    @Sendable static func agreeToCharter(req: Request) async throws -> Response {
        try await streamAction(req, .work, onCharterPage: true) { store, id, form in
            guard let version = form["version"].flatMap({ Int($0) }) else {
                throw AppError.invalid(field: "version", message: "is required: the version you read")
            }
            _ = try await CharterStore(request: req).agreeToCharter(id, AgreeCharterRequest(version: version), by: try req.person())
        }
    }

    // MARK: Form parsing (a blank input is "not given")

    static func blank(_ text: String?) -> Bool { (text ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }

    static func kind(_ text: String?) throws -> WorkstreamKind? {
        guard !blank(text) else { return nil }
        guard let kind = WorkstreamKind(rawValue: text!) else { throw ValidationError(field: "kind", "choose theme, stream or experience") }
        return kind
    }

    static func date(_ text: String?, field: String) throws -> CalendarDate? {
        try CalendarDate.parseOptional(text, field: field)
    }

    static func uuid(_ text: String?, field: String) throws -> UUID? {
        guard !blank(text) else { return nil }
        guard let id = UUID(uuidString: text!.trimmingCharacters(in: .whitespaces)) else {
            throw ValidationError(field: field, "choose someone from the list")
        }
        return id
    }

    static func percent(_ text: String?, field: String) throws -> Int? {
        guard !blank(text) else { return nil }
        guard let value = Int(text!.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "%", with: "")) else {
            throw ValidationError(field: field, "must be a whole number from 1 to 100 percent")
        }
        return value
    }
}
