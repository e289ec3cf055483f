import Plot
import Vapor

/// What a form's change leads to: usually the page to see next (a 303, so Reload never posts again), or a page
/// shown at once (a link that is displayed only this one time).
enum FormOutcome {
    case redirect(SiteURL)
    case show(HTML, status: HTTPResponseStatus = .ok)
}

/// The one shape of a page's form post (issue #11):
/// authorize → read the form → make the change through its store → 303 to the page to see; or, when the change is
/// refused for a field, the same page again with the message beside that field, the input kept, and the refusal's
/// status.
///
/// Authorization comes first, before the form is read or validated: a caller who may not make the change gets 404 or
/// 403 and learns nothing from what they posted. (Validating first once let any signed-in person read an initiative's
/// settings, and tell which ids exist, by posting an invalid form; finding 1.) The store checks the exact permission
/// again inside the change; `authorize` here is the check that must hold before anything else is looked at.
enum FormAction {
    static func run(
        _ req: Request,
        authorize permissions: [Permission],
        change: (_ form: [String: String]) async throws -> FormOutcome,
        page: (_ form: [String: String], _ errors: [String: String]) async throws -> HTML
    ) async throws -> Response {
        for permission in permissions { try await req.authorize(permission) }
        let form = try req.content.decode([String: String].self)
        do {
            switch try await change(form) {
            case .redirect(let url):
                return req.redirect(to: url.path, redirectType: .normal)
            case .show(let document, let status):
                return try await HTMLPage(document: document, status: status).encodeResponse(for: req)
            }
        } catch let error as AppError where error.field != nil {
            return try await HTMLPage(document: try await page(form, [error.field!: error.message]), status: error.status)
                .encodeResponse(for: req)
        }
    }

    static func run(
        _ req: Request,
        authorize permission: Permission,
        change: (_ form: [String: String]) async throws -> FormOutcome,
        page: (_ form: [String: String], _ errors: [String: String]) async throws -> HTML
    ) async throws -> Response {
        try await run(req, authorize: [permission], change: change, page: page)
    }
}
