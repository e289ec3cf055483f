import CoventureCore
import Foundation
import Vapor

/// The home page, "Needs you", and its two forms: mark an initiative's digest as read, dismiss a notice.
enum HomePagesController {
    /// Signed in: "Needs you". Signed out: the sign-in page, which comes back here.
    @Sendable static func home(req: Request) async throws -> Response {
        guard req.auth.has(SignedInPerson.self) else {
            return req.redirect(to: SiteURL.signIn.path + "?next=" + SiteURL.home.path, redirectType: .normal)
        }
        return try await HTMLPage(document: HomePage.render(try await model(req), context: req.pageContext)).encodeResponse(for: req)
    }

    /// Every installed source's lines for the person, and the digests of their initiatives.
    static func model(_ req: Request, errors: [String: String] = [:]) async throws -> HomePage.Model {
        let person = try req.person()
        let viewer = try await NeedsYouViewer.load(person, on: req.db)
        var lines: [NeedsYouLine] = []
        for source in req.application.needsYouSources {
            lines += try await source.lines(for: viewer, on: req.db)
        }
        return HomePage.Model(
            personName: person.name, initiatives: viewer.initiatives.map { .init(id: $0.id, name: $0.name) },
            groups: NeedsYou.groups(lines, initiatives: viewer.initiativeIDs),
            digests: try await HomeDigest.load(for: viewer, on: req.db), errors: errors)
    }

    /// Marks an initiative's "since your last visit" as read, up to the change the page showed last (`through`), so
    /// a change recorded meanwhile still shows next time.
    @Sendable static func markRead(req: Request) async throws -> Response {
        let id = try req.uuid("initiativeID")
        return try await FormAction.run(req, authorize: .initiative(id, .read)) { form in
            guard let through = Int((form["through"] ?? "").trimmingCharacters(in: .whitespaces)), through >= 0 else {
                throw AppError.invalid(field: "through", message: "must be the sequence number of a change in the initiative's log")
            }
            let positions = ReadingPositions(request: req)
            try await positions.advance(try req.person().id, in: id, to: min(through, try await positions.head(of: id)))
            return .redirect(.home, saying: "Marked as read.")
        } page: { _, errors in
            HomePage.render(try await model(req, errors: errors), context: req.pageContext)
        }
    }

    /// Dismisses one of the caller's notices; anyone else's is not found.
    @Sendable static func dismissNotice(req: Request) async throws -> Response {
        let id = try req.uuid("noticeID")
        return try await FormAction.run(req, authorize: .ownAccount) { _ in
            guard try await HomeNotices(request: req).dismiss(id, of: try req.person().id) else { throw AppError.notFound }
            return .redirect(.home, saying: "Notice dismissed.")
        } page: { _, errors in
            HomePage.render(try await model(req, errors: errors), context: req.pageContext)
        }
    }
}

extension Routes {
    /// The home page answers anyone (signed out, it sends to the sign-in page); its forms need a session.
    static func registerHomePages(pages: any RoutesBuilder, signedIn: any RoutesBuilder) {
        pages.get(SiteURL.home.pathComponents, use: HomePagesController.home)
        signedIn.post(SiteURL.homeMarkRead(.key).pathComponents, use: HomePagesController.markRead)
        signedIn.post(SiteURL.noticeDismiss(.key).pathComponents, use: HomePagesController.dismissNotice)
    }
}
