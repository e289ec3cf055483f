import CoventureCore
import Foundation
import Vapor

/// The personal calendar feed (issue #16): `/calendar/<secret>.ics`, and creating or revoking it from the account
/// page and `/api/v1/people/me/calendar-feed`.
enum CalendarController {
    /// The feed itself: the secret in the path is the credential (no session: a calendar application has none).
    /// Anything else than `<secret>.ics`, an unknown secret or a replaced one is the same 404.
    @Sendable static func feed(req: Request) async throws -> Response {
        guard let file = req.parameters.get("file"), file.hasSuffix(".ics") else { throw AppError.notFound }
        let store = CalendarStore(request: req)
        guard let personID = try await store.person(secret: String(file.dropLast(4))) else { throw AppError.notFound }
        let origin = PublicOrigin.of(req)
        let events = try await store.events(for: personID, origin: origin)
        // Folding and escaping are linear in the text, but a member of many initiatives has thousands of dates.
        let body = try await CPUWork.shared.run { ICalendar.document(name: "Coventure", events: events, stamp: Date()) }
        let response = Response(status: .ok, body: .init(string: body))
        response.headers.replaceOrAdd(name: .contentType, value: "text/calendar; charset=utf-8")
        response.headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        return response
    }

    // MARK: Page forms (the API tokens page)

    @Sendable static func create(req: Request) async throws -> Response {
        let person = try req.person()
        return try await FormAction.run(req, authorize: .ownAccount) { _ in
            let created = try await CalendarStore(request: req).create(for: person, origin: PublicOrigin.of(req))
            return .redirect(.tokens, flash: Flash(
                message: "Calendar feed created.",
                secret: .init(
                    label: "Your calendar feed's URL", value: created.url,
                    note: "Add it to your calendar application as a subscription. It is shown only now; anyone with it sees the dates of your initiatives. Lost it? Create a new one: the old URL stops.")))
        } page: { _, _ in
            try await TokensController.render(req, person: person)
        }
    }

    @Sendable static func revoke(req: Request) async throws -> Response {
        let person = try req.person()
        return try await FormAction.run(req, authorize: .ownAccount) { _ in
            try await CalendarStore(request: req).revoke(for: person)
            return .redirect(.tokens, saying: "Calendar feed revoked: its URL no longer works.")
        } page: { _, _ in
            try await TokensController.render(req, person: person)
        }
    }

    // MARK: API

    @Sendable static func apiCreate(req: Request) async throws -> Response {
        let created = try await CalendarStore(request: req).create(for: try req.person(), origin: PublicOrigin.of(req))
        return try await created.encodeResponse(status: .created, for: req)
    }

    @Sendable static func apiRevoke(req: Request) async throws -> HTTPStatus {
        try await CalendarStore(request: req).revoke(for: try req.person())
        return .noContent
    }
}
