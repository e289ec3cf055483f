import CoventureCore
import Foundation
import Vapor

/// The pulse page and its forms: parse → authorize → load → build the page model → render. A form refused for its
/// fields re-renders the page with every message beside its field and the input kept.
enum PulsePagesController {
    static func model(
        _ req: Request, _ initiativeID: UUID, form: String? = nil, values: [String: String] = [:], errors: [String: String] = [:]
    ) async throws -> PulsePage.Model {
        let person = try req.person()
        let viewer = try await Policy.viewer(personID: person.id, initiativeID: initiativeID, on: req.db)
        try Policy.enforce(AccessPolicy.decide(.read, for: viewer))
        func allows(_ action: InitiativeAction) -> Bool { AccessPolicy.decide(action, for: viewer) == .allow }
        return PulsePage.Model(
            initiative: try await InitiativeStore(request: req).detail(initiativeID),
            overview: try await PulseReader(db: req.db).overview(initiativeID, personID: person.id),
            canAnswer: allows(.answerPulse), canManage: allows(.managePulse), showSettings: allows(.manageSettings),
            form: form, values: values, errors: errors)
    }

    @Sendable static func page(req: Request) async throws -> HTMLPage {
        let id = try req.uuid("initiativeID")
        return HTMLPage(document: PulsePage.render(try await model(req, id), context: req.pageContext))
    }

    @Sendable static func answer(req: Request) async throws -> Response {
        let id = try req.uuid("initiativeID")
        return try await FormAction.run(req, authorize: [.initiative(id, .read), .initiative(id, .answerPulse)]) { form in
            guard let text = form["roundId"], let roundID = UUID(uuidString: text) else {
                throw AppError.conflict(field: "round", message: "this round is no longer open; reload the page")
            }
            let store = PulseStore(request: req)
            let round = try await store.readable(roundID, by: try req.person().actor)
            guard round.initiativeID == id else { throw AppError.notFound }
            let request = PulseAnswerRequest(
                trust: form["trust"].map(NumberInput.init), transparency: form["transparency"].map(NumberInput.init),
                valueAlignment: form["valueAlignment"].map(NumberInput.init), comment: form["comment"])
            _ = try await store.answer(roundID, request, by: try req.person().actor)
            return .redirect(.pulse(.value(id)), saying: "Thank you: your answer counts for your party, without your name.")
        } page: { form, errors in
            PulsePage.render(try await model(req, id, form: "answer", values: form, errors: errors), context: req.pageContext)
        }
    }

    @Sendable static func open(req: Request) async throws -> Response {
        let id = try req.uuid("initiativeID")
        return try await FormAction.run(req, authorize: [.initiative(id, .read), .initiative(id, .managePulse)]) { _ in
            let round = try await PulseStore(request: req).open(id, by: try req.person().actor)
            return .redirect(.pulse(.value(id)), saying: "Round \(round.number) is open until \(Display.date(round.closesAt)).")
        } page: { form, errors in
            PulsePage.render(try await model(req, id, form: "settings", values: form, errors: errors), context: req.pageContext)
        }
    }

    @Sendable static func settings(req: Request) async throws -> Response {
        let id = try req.uuid("initiativeID")
        return try await FormAction.run(req, authorize: [.initiative(id, .read), .initiative(id, .managePulse)]) { form in
            let weeks = try PulseRules.cadence(form["cadenceWeeks"])
            _ = try await PulseStore(request: req).changeSettings(id, PulseSettingsRequest(cadenceWeeks: weeks), by: try req.person().actor)
            return .redirect(.pulse(.value(id)), saying: "Saved: a round opens every \(PulseRules.cadenceLabel(weeks)).")
        } page: { form, errors in
            PulsePage.render(try await model(req, id, form: "settings", values: form, errors: errors), context: req.pageContext)
        }
    }
}
