import CoventureCore
import Fluent
import Plot
import Vapor

/// What a form's change leads to: the page to see next, by a 303 so that Back, Reload and Forward never post again,
/// with what that page should say about the change once (`Flash`: "Saved.", or a secret to copy now).
enum FormOutcome {
    case redirect(SiteURL, flash: Flash? = .saved)

    static func redirect(_ url: SiteURL, saying message: String) -> FormOutcome {
        .redirect(url, flash: Flash(message: message))
    }
}

/// The one shape of a page's form post (issue #11):
/// authorize → read the form → make the change through its store → 303 to the page to see, with a flash; or, when
/// the change is refused for fields, the same page again with every field's message beside it (all at once, not one
/// per submit), the input kept, and the refusal's status.
///
/// Authorization comes first, before the form is read or validated: a caller who may not make the change gets 404 or
/// 403 and learns nothing from what they posted. (Validating first once let any signed-in person read an initiative's
/// settings, and tell which ids exist, by posting an invalid form; finding 1.) The store checks the exact permission
/// again inside the change; `authorize` here is the check that must hold before anything else is looked at.
///
/// An edit form passes `version`: the values of the fields it edits as they are stored now, read on the database it is
/// handed. The form carries their digest as it rendered them (`EditedValues.version`); a post with that digest is
/// changed only if the stored values still have it, compared inside the change's transaction (`Precondition`). If
/// someone else changed them since, the page comes back with 409 (the post conflicts with the current state, RFC 9110
/// §15.5.10; not 412, which answers conditional header fields, nor 422, which says the content is wrong — it is not)
/// and `errors[EditedValues.conflictKey]`, so the form shows the current values with what the person had typed beside
/// them. A post without `version` (an older page, a script) is changed as before. `versionField` names the hidden field
/// when the form already posts a `version` meaning something else (`FormVersion.fieldBesideAnotherVersion`).
enum FormAction {
    static func run(
        _ req: Request,
        authorize permissions: [Permission],
        version stored: (@Sendable (any Database) async throws -> [String: String])? = nil,
        versionField: String = FormVersion.field,
        change: (_ form: [String: String]) async throws -> FormOutcome,
        page: (_ form: [String: String], _ errors: [String: String]) async throws -> HTML
    ) async throws -> Response {
        for permission in permissions { try await req.authorize(permission) }
        let form = try req.content.decode([String: String].self)
        let refusal: AppError
        do {
            let outcome: FormOutcome
            if let stored, let rendered = form[versionField], !rendered.isEmpty {
                let precondition = Precondition { db in
                    guard FormVersion.digest(try await stored(db)) == rendered else {
                        throw AppError.conflict(field: EditedValues.conflictKey, message: EditedValues.changedMeanwhile)
                    }
                }
                outcome = try await precondition.guarding(on: req.db) { try await change(form) }
            } else {
                outcome = try await change(form)
            }
            switch outcome {
            case .redirect(let url, let flash):
                if let flash { try await req.leaveFlash(flash, for: url) }
                return req.redirect(to: url.path, redirectType: .normal)
            }
        } catch let error as AppError where error.field != nil {
            refusal = error
        } catch let error as ValidationError {
            refusal = .from(error)
        } catch let errors as ValidationErrors {
            refusal = .from(errors)
        }
        return try await HTMLPage(document: try await page(form, refusal.fieldMessages), status: refusal.status)
            .encodeResponse(for: req)
    }

    static func run(
        _ req: Request,
        authorize permission: Permission,
        version stored: (@Sendable (any Database) async throws -> [String: String])? = nil,
        versionField: String = FormVersion.field,
        change: (_ form: [String: String]) async throws -> FormOutcome,
        page: (_ form: [String: String], _ errors: [String: String]) async throws -> HTML
    ) async throws -> Response {
        try await run(req, authorize: [permission], version: stored, versionField: versionField, change: change, page: page)
    }
}
