import CoventureCore
import Fluent
import Foundation
import SQLKit
import Vapor

/// The practice pages: parse → authorize → load → build the page model → render. A form refused for its fields
/// re-renders its page with every message beside its field and the input kept.
enum PracticePagesController {
    // MARK: Loading

    static func viewer(_ req: Request, _ initiativeID: UUID) async throws -> InitiativeViewer {
        let viewer = try await Policy.viewer(personID: try req.person().id, initiativeID: initiativeID, on: req.db)
        try Policy.enforce(AccessPolicy.decide(.read, for: viewer))
        return viewer
    }

    static func allows(_ action: InitiativeAction, _ viewer: InitiativeViewer) -> Bool { AccessPolicy.decide(action, for: viewer) == .allow }

    /// A practice readable from this initiative's pages: the catalogue's, or this initiative's own (another
    /// initiative's looks missing).
    static func practice(_ req: Request, _ initiativeID: UUID, _ practiceID: UUID) async throws -> PracticeReader.PracticeRecord {
        let practice = try await PracticeReader(db: req.db).practice(practiceID)
        guard practice.initiativeID == nil || practice.initiativeID == initiativeID else { throw AppError.notFound }
        return practice
    }

    /// Who may review the version in review of each practice, as the viewer.
    static func reviewable(_ practices: [PracticeDTO], viewer: InitiativeViewer) -> Set<UUID> {
        Set(practices.compactMap { practice -> UUID? in
            guard let pending = practice.pending, pending.status == .inReview else { return nil }
            let proposer = pending.proposerOrganization?.organizationId
            return allows(.reviewPractice(proposerOrganizationID: proposer), viewer) ? practice.id : nil
        })
    }

    static func meshModel(_ req: Request, _ initiativeID: UUID, viewer: InitiativeViewer) async throws -> PracticeMeshPage.Model {
        let store = PracticeStore(request: req)
        let initiative = try await InitiativeStore(request: req).detail(initiativeID)
        // The initiative's adoptions, read once: they count each practice's streams and are the mesh's rows.
        let adoptionRecords = try await store.reader.adoptions(initiative: initiativeID)
        let library = try await store.library(initiativeID, adoptions: adoptionRecords)
        let framework = req.query[String.self, at: "framework"], area = req.query[String.self, at: "area"], q = req.query[String.self, at: "q"]
        let allCatalogue = try await store.catalogue(framework: nil, area: nil, query: nil)
        // A filter the page's own form cannot send (a hand-made URL) shows the whole catalogue rather than an error.
        let filter = (try? PracticeStore.catalogueFilter(framework: framework, area: area, query: q)) ?? CatalogueFilter()
        let catalogue = allCatalogue.filter { filter.matches(name: $0.name, summary: $0.summary, framework: $0.framework, area: $0.area) }
        let adoptions = AdoptionStore.dtos(adoptionRecords.filter(\.isActive), library: library, today: AdoptionStore(request: req).today)
        return PracticeMeshPage.Model(
            initiative: initiative, library: library, catalogue: catalogue, streams: try await store.reader.streams(initiativeID),
            adoptions: adoptions, reviewable: reviewable(library, viewer: viewer),
            frameworks: Array(Set(allCatalogue.map(\.framework) + library.map(\.framework))).sorted(),
            framework: framework ?? "", area: area ?? "", query: q ?? "",
            canContribute: allows(.contributePractice, viewer), showSettings: allows(.manageSettings, viewer))
    }

    static func practiceModel(
        _ req: Request, _ initiativeID: UUID, _ practiceID: UUID, values: [String: String] = [:], errors: [String: String] = [:]
    ) async throws -> PracticePage.Model {
        let viewer = try await viewer(req, initiativeID)
        let record = try await practice(req, initiativeID, practiceID)
        let store = PracticeStore(request: req)
        let initiative = try await InitiativeStore(request: req).detail(initiativeID)
        let context = try await store.context(for: [record], initiativeID: initiativeID)
        let dto = PracticeStore.dto(record, context: context)
        let versions = record.versions.map { PracticeStore.versionDTO($0, of: record, context: context) }
        // A catalogue practice is shown with the initiative's copy, if it made one: that is what its streams use.
        let copyID = record.isCatalogue ? try await store.reader.copy(of: record.id, in: initiativeID) : nil
        let adoptions = try await AdoptionStore(request: req).dtos(try await store.reader.adoptions(practice: practiceID))
        let proposer = record.latestProposer
        let inReview = record.pending != nil && record.initiativeID != nil
        return PracticePage.Model(
            initiative: initiative, practice: dto, versions: versions, copyID: copyID,
            adoptions: adoptions, streams: try await store.reader.streams(initiativeID),
            canReview: inReview && record.pending?.status == .inReview && allows(.reviewPractice(proposerOrganizationID: proposer), viewer),
            canRevise: inReview && proposer != nil && allows(.revisePractice(proposerOrganizationID: proposer), viewer),
            showSettings: allows(.manageSettings, viewer), values: values, errors: errors)
    }

    /// The practices a form may relate to: the catalogue's and the initiative's own, by name.
    static func relatable(_ req: Request, _ initiativeID: UUID) async throws -> [(id: UUID, name: String)] {
        let reader = PracticeReader(db: req.db)
        let ids = try await reader.relatable(initiativeID)
        return try await reader.names(ids).map { (id: $0.key, name: $0.value) }.sorted { ($0.name, $0.id.uuidString) < ($1.name, $1.id.uuidString) }
    }

    /// The practice's version in review, as the revise form shows it; read through `store` so that a form's version
    /// check reads it on the change's transaction.
    static func pendingVersion(_ store: PracticeStore, _ initiativeID: UUID, _ practiceID: UUID) async throws -> PracticeVersionDTO? {
        let record = try await store.reader.practice(practiceID)
        guard record.initiativeID == nil || record.initiativeID == initiativeID else { throw AppError.notFound }
        guard let pending = record.pending else { return nil }
        return PracticeStore.versionDTO(pending, of: record, context: try await store.context(for: [record], initiativeID: initiativeID))
    }

    static func formModel(
        _ req: Request, _ initiativeID: UUID, editing: UUID?, values: [String: String] = [:], errors: [String: String] = [:]
    ) async throws -> PracticeFormPage.Model {
        let viewer = try await viewer(req, initiativeID)
        var current: PracticeVersionDTO?
        if let editing { current = try await pendingVersion(PracticeStore(request: req), initiativeID, editing) }
        return PracticeFormPage.Model(
            initiative: try await InitiativeStore(request: req).detail(initiativeID), editing: editing, current: current,
            relatable: try await relatable(req, initiativeID).filter { $0.id != editing }, showSettings: allows(.manageSettings, viewer),
            values: values, errors: errors)
    }

    // MARK: Pages

    /// A hot read: served from the read cache for the initiative's revision (any adoption or review is a new one).
    @Sendable static func mesh(req: Request) async throws -> Response {
        let id = try req.uuid("initiativeID")
        return try await req.cachedRead("practice-mesh", initiative: id) { membership in
            let viewer = InitiativeViewer(personID: try req.person().id, membership: membership)
            let model = try await meshModel(req, id, viewer: viewer), context = req.pageContext
            return try await RenderedHTML.render { PracticeMeshPage.render(model, context: context) }
        }
    }

    @Sendable static func show(req: Request) async throws -> HTMLPage {
        let id = try req.uuid("initiativeID"), practiceID = try req.uuid("practiceID")
        let model = try await practiceModel(req, id, practiceID)
        try await req.markNotificationsRead(subject: practiceID)
        return HTMLPage(document: PracticePage.render(model, context: req.pageContext))
    }

    @Sendable static func new(req: Request) async throws -> HTMLPage {
        let id = try req.uuid("initiativeID")
        try await req.authorize(.initiative(id, .contributePractice))
        return HTMLPage(document: PracticeFormPage.render(try await formModel(req, id, editing: nil), context: req.pageContext))
    }

    @Sendable static func edit(req: Request) async throws -> HTMLPage {
        let id = try req.uuid("initiativeID"), practiceID = try req.uuid("practiceID")
        _ = try await viewer(req, id)
        let record = try await practice(req, id, practiceID)
        guard record.initiativeID != nil, record.pending != nil else { throw AppError.notFound }
        try await req.authorize(.initiative(id, .revisePractice(proposerOrganizationID: record.latestProposer)))
        return HTMLPage(document: PracticeFormPage.render(try await formModel(req, id, editing: practiceID), context: req.pageContext))
    }

    // MARK: Changes

    @Sendable static func contribute(req: Request) async throws -> Response {
        let id = try req.uuid("initiativeID")
        return try await FormAction.run(req, authorize: .initiative(id, .contributePractice)) { form in
            let practice = try await PracticeStore(request: req).contribute(id, try PracticeComponents.request(form), by: try req.person().actor)
            return .redirect(.practice(.value(id), practice: .value(practice.id)),
                             saying: "Contributed: another party reviews it before a stream can adopt it.")
        } page: { form, errors in
            PracticeFormPage.render(try await formModel(req, id, editing: nil, values: form, errors: errors), context: req.pageContext)
        }
    }

    /// The permission a form about the practice's version in review needs, read before the form is.
    static func pendingPermission(
        _ req: Request, _ initiativeID: UUID, _ practiceID: UUID, _ action: (UUID?) -> InitiativeAction
    ) async throws -> Permission {
        _ = try await viewer(req, initiativeID)
        let record = try await practice(req, initiativeID, practiceID)
        guard record.initiativeID != nil else { throw AppError.forbidden("the catalogue's practices change by new editions only") }
        return .initiative(initiativeID, action(record.latestProposer))
    }

    @Sendable static func revise(req: Request) async throws -> Response {
        let id = try req.uuid("initiativeID"), practiceID = try req.uuid("practiceID")
        let permission = try await pendingPermission(req, id, practiceID) { .revisePractice(proposerOrganizationID: $0) }
        let stored: @Sendable (any Database) async throws -> [String: String] = { db in
            // A version no longer in review (accepted meanwhile) edits nothing: any version posted is then stale.
            guard let pending = try await pendingVersion(PracticeStore(db: db, recorder: req.recorder), id, practiceID) else { return [:] }
            return PracticeComponents.editedFields(pending)
        }
        return try await FormAction.run(req, authorize: permission, version: stored) { form in
            _ = try await PracticeStore(request: req).revise(practiceID, try PracticeComponents.request(form), by: try req.person().actor)
            return .redirect(.practice(.value(id), practice: .value(practiceID)), saying: "Revised: it is in review again.")
        } page: { form, errors in
            PracticeFormPage.render(try await formModel(req, id, editing: practiceID, values: form, errors: errors), context: req.pageContext)
        }
    }

    @Sendable static func review(req: Request) async throws -> Response {
        let id = try req.uuid("initiativeID"), practiceID = try req.uuid("practiceID")
        let permission = try await pendingPermission(req, id, practiceID) { .reviewPractice(proposerOrganizationID: $0) }
        return try await FormAction.run(req, authorize: permission) { form in
            let request = PracticeReviewRequest(verdict: form["verdict"], comment: form["comment"])
            let practice = try await PracticeStore(request: req).review(practiceID, request, by: try req.person().actor)
            return .redirect(.practice(.value(id), practice: .value(practiceID)),
                             saying: request.verdict == PracticeReviewVerdict.accept.rawValue
                                ? "Accepted: version \(practice.version) is in force." : "Changes asked for: its party revises it.")
        } page: { form, errors in
            PracticePage.render(try await practiceModel(req, id, practiceID, values: form, errors: errors), context: req.pageContext)
        }
    }

    /// The stream of the path, checked to belong to the initiative.
    static func stream(_ req: Request, _ initiativeID: UUID) async throws -> WorkstreamRow {
        _ = try await viewer(req, initiativeID)
        return try await WorkstreamStore(request: req).stream(try req.uuid("workstreamID"), in: initiativeID)
    }

    /// Adopting and changing an adoption are forms of the stream page, which re-renders with the messages.
    @Sendable static func adopt(req: Request) async throws -> Response {
        let id = try req.uuid("initiativeID")
        let stream = try await stream(req, id)
        let streamID = stream.id
        return try await FormAction.run(req, authorize: WorkstreamStore(request: req).managePermission(stream)) { form in
            let practiceID = try form["practiceId"].flatMap { $0.isEmpty ? nil : $0 }.map { text -> UUID in
                guard let id = UUID(uuidString: text) else { throw ValidationError(field: "practiceId", "must be chosen from the list") }
                return id
            }
            let adoption = try await AdoptionStore(request: req).adopt(
                streamID, AdoptionRequest(practiceId: practiceID, tailoring: form["tailoring"], reviewOn: form["reviewOn"]), by: try req.person().actor)
            return .redirect(.workstream(.value(id), stream: .value(streamID)), saying: "Adopted \(adoption.practiceName) (version \(adoption.version)).")
        } page: { form, errors in
            try await WorkstreamPagesController.page(req, id, streamID, values: form, errors: errors)
        }
    }

    @Sendable static func changeAdoption(req: Request) async throws -> Response {
        let id = try req.uuid("initiativeID")
        let stream = try await stream(req, id)
        let streamID = stream.id
        let adoptionID = try req.uuid("adoptionID")
        let adoption = try await PracticeReader(db: req.db).adoption(adoptionID)
        guard adoption.workstreamID == streamID else { throw AppError.notFound }
        let stored: @Sendable (any Database) async throws -> [String: String] = { db in
            let store = AdoptionStore(db: db, recorder: req.recorder)
            return StreamPracticesPanel.editedFields(try await store.dtos([try await store.reader.adoption(adoptionID)])[0])
        }
        return try await FormAction.run(
            req, authorize: WorkstreamStore(request: req).managePermission(stream), version: stored,
            versionField: FormVersion.fieldBesideAnotherVersion
        ) { form in
            var checks = FieldChecks()
            let version = checks.run { () throws -> Int? in
                guard let text = form["version"], !text.isEmpty else { return nil }
                guard let version = Int(text) else { throw ValidationError(field: "version", "must be a whole number") }
                return version
            } ?? nil
            try checks.finish()
            let changed = try await AdoptionStore(request: req).change(
                adoptionID, AdoptionChangeRequest(version: version, tailoring: form["tailoring"], reviewOn: form["reviewOn"]),
                by: try req.person().actor)
            return .redirect(.workstream(.value(id), stream: .value(streamID)),
                             saying: "\(changed.practiceName): version \(changed.version), review on \(changed.reviewOn).")
        } page: { form, errors in
            var values = form
            values[StreamPracticesPanel.postedAdoption] = adoptionID.uuidString.lowercased()
            return try await WorkstreamPagesController.page(req, id, streamID, values: values, errors: errors)
        }
    }

    static func retrospectivesModel(
        _ req: Request, _ initiativeID: UUID, _ stream: WorkstreamRow, proposing: UUID?, values: [String: String] = [:],
        errors: [String: String] = [:]
    ) async throws -> RetrospectivesPage.Model {
        let viewer = try await viewer(req, initiativeID)
        let streamID = stream.id
        let reader = PracticeReader(db: req.db)
        let adoptions = try await AdoptionStore(request: req).dtos(try await reader.adoptions(workstream: streamID).filter(\.isActive))
        var proposed: PracticeVersionDTO?
        if let proposing, adoptions.contains(where: { $0.practiceId == proposing }) {
            let record = try await reader.practice(proposing)
            if let inForce = record.inForce {
                proposed = PracticeStore.versionDTO(inForce, of: record, context: try await PracticeStore(request: req).context(for: [record], initiativeID: initiativeID))
            }
        }
        let retrospectives = try await RetrospectiveStore(request: req).list(streamID)
        let people = try await reader.people(Set(retrospectives.map(\.recordedById)))
        let workers = try await WorkstreamStore(request: req).workPermission(stream)
        guard case .initiative(_, let action) = workers else { throw AppError.notFound }
        return RetrospectivesPage.Model(
            initiative: try await InitiativeStore(request: req).detail(initiativeID), streamID: streamID, streamName: stream.name,
            adoptions: adoptions, retrospectives: retrospectives, people: people,
            practiceNames: try await reader.names(Set(retrospectives.flatMap { $0.practices.map(\.practiceId) } + adoptions.map(\.practiceId))),
            proposing: proposed, proposingID: proposed == nil ? nil : proposing, relatable: try await relatable(req, initiativeID),
            today: CalendarDate(Date(), in: TimeZone(identifier: "UTC")!).description, canRecord: allows(action, viewer), showSettings: allows(.manageSettings, viewer), values: values, errors: errors)
    }

    @Sendable static func retrospectives(req: Request) async throws -> HTMLPage {
        let id = try req.uuid("initiativeID")
        let stream = try await stream(req, id)
        let proposing = req.query[String.self, at: "practice"].flatMap(UUID.init(uuidString:))
        return HTMLPage(document: RetrospectivesPage.render(try await retrospectivesModel(req, id, stream, proposing: proposing), context: req.pageContext))
    }

    /// The retrospective form's fields as the API's request: `verdict-<adoption>` and `note-<adoption>` per practice in
    /// use, and the proposal's fields prefixed `proposal.`.
    static func retrospectiveRequest(_ form: [String: String], adoptions: [UUID]) throws -> RetrospectiveRequest {
        var proposal: PracticeChangeProposal?
        if let raw = form["proposal.practiceId"], !raw.isEmpty {
            guard let practiceID = UUID(uuidString: raw) else { throw ValidationError(field: "proposal.practiceId", "must be chosen from the list") }
            let content = try PracticeComponents.request(form, prefix: "proposal.")
            proposal = PracticeChangeProposal(
                practiceId: practiceID, reason: form["proposal.reason"], name: content.name, summary: content.summary,
                framework: content.framework, area: content.area, peopleMin: content.peopleMin, peopleMax: content.peopleMax,
                durationMinutes: content.durationMinutes, difficulty: content.difficulty, howTo: content.howTo, relations: content.relations)
        }
        return RetrospectiveRequest(
            heldOn: form["heldOn"], helped: form["helped"], toChange: form["toChange"],
            practices: adoptions.map { id in
                let key = id.uuidString.lowercased()
                return RetrospectivePracticeInput(adoptionId: id, verdict: form["verdict-\(key)"], note: form["note-\(key)"])
            },
            proposal: proposal)
    }

    @Sendable static func recordRetrospective(req: Request) async throws -> Response {
        let id = try req.uuid("initiativeID")
        let stream = try await stream(req, id)
        let streamID = stream.id
        return try await FormAction.run(req, authorize: try await WorkstreamStore(request: req).workPermission(stream)) { form in
            let active = try await PracticeReader(db: req.db).adoptions(workstream: streamID).filter(\.isActive).map(\.id)
            let retrospective = try await RetrospectiveStore(request: req).record(
                streamID, try retrospectiveRequest(form, adoptions: active), by: try req.person().actor)
            return .redirect(
                .workstreamRetrospectives(.value(id), stream: .value(streamID)),
                saying: retrospective.proposedVersion.map { "Recorded, with version \($0) proposed: another party reviews it." } ?? "Recorded.")
        } page: { form, errors in
            let proposing = form["proposal.practiceId"].flatMap(UUID.init(uuidString:))
            return RetrospectivesPage.render(
                try await retrospectivesModel(req, id, stream, proposing: proposing, values: form, errors: errors), context: req.pageContext)
        }
    }
}

/// The practices panel of the stream page: what the stream uses, on which version, with its review date, and the
/// forms to adopt a practice or move to a newer version. The stream page hosts it; the practice feature fills it.
enum StreamPractices {
    static func panel(_ req: Request, initiativeID: UUID, streamID: UUID, canManage: Bool) async throws -> StreamPracticesPanel.Model {
        let reader = PracticeReader(db: req.db)
        let adoptions = try await AdoptionStore(request: req).dtos(try await reader.adoptions(workstream: streamID).filter(\.isActive))
        let used = Set(adoptions.map(\.practiceId))
        var choices: [(id: UUID, name: String)] = []
        if canManage {
            // The initiative's accepted practices (its copies stand for their catalogue originals), then the catalogue's.
            let library = try await reader.practices(initiativeID).filter { $0.version > 0 && !used.contains($0.id) }
            let copied = Set(library.compactMap(\.copiedFromID))
            let catalogue = try await reader.catalogue().filter { !copied.contains($0.id) }
            choices = library.map { (id: $0.id, name: "\($0.shown.content.name) (\($0.shown.content.framework), this initiative)") }
                + catalogue.map { (id: $0.id, name: "\($0.shown.content.name) (\($0.shown.content.framework))") }
        }
        return StreamPracticesPanel.Model(initiativeID: initiativeID, streamID: streamID, adoptions: adoptions, choices: choices, canManage: canManage)
    }
}
