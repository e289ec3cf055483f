import CoventureCore
import Foundation
import Vapor

/// The notifications page and its two forms: mark one read, mark all read. Only ever the signed-in person's own.
enum NotificationsPagesController {
    @Sendable static func list(req: Request) async throws -> HTMLPage {
        try await req.authorize(.ownAccount)
        let page = try pageNumber(req)
        return HTMLPage(document: NotificationsPage.render(try await model(req, page: page), context: req.pageContext))
    }

    /// One page of the person's notifications. Whether anything is unread comes with the session (the header's count),
    /// so the page costs one statement of its own.
    static func model(_ req: Request, page: Int = 1, errors: [String: String] = [:]) async throws -> NotificationsPage.Model {
        let person = try req.person()
        let (items, hasOlder) = try await NotificationStore(request: req).page(
            of: person.id, offset: (page - 1) * NotificationsPage.pageSize, limit: NotificationsPage.pageSize)
        return NotificationsPage.Model(
            items: items, page: page, hasOlder: hasOlder,
            anyUnread: (person.unreadNotifications ?? 0) > 0 || items.contains(where: \.isUnread), now: Date(), errors: errors)
    }

    /// `?page=`: 1 (the newest) when absent; a page past the furthest position any list may reach is refused.
    static func pageNumber(_ req: Request) throws -> Int {
        guard let raw = req.query[String.self, at: "page"], !raw.isEmpty else { return 1 }
        let furthest = Pagination.maxOffset / NotificationsPage.pageSize + 1
        guard let page = Int(raw), (1...furthest).contains(page) else {
            throw AppError.invalid(field: "page", message: "must be a whole number from 1 to \(furthest)")
        }
        return page
    }

    /// Marks one of the caller's notifications read; anyone else's is not found.
    @Sendable static func markRead(req: Request) async throws -> Response {
        let id = try req.uuid("notificationID")
        return try await FormAction.run(req, authorize: .ownAccount) { _ in
            guard try await NotificationStore(request: req).markRead(id, of: try req.person().id) != nil else { throw AppError.notFound }
            return .redirect(.notifications, saying: "Marked as read.")
        } page: { _, errors in
            NotificationsPage.render(try await model(req, errors: errors), context: req.pageContext)
        }
    }

    /// Marks every unread notification of the caller's read.
    @Sendable static func markAllRead(req: Request) async throws -> Response {
        try await FormAction.run(req, authorize: .ownAccount) { _ in
            let count = try await NotificationStore(request: req).markAllRead(of: try req.person().id)
            return .redirect(.notifications, saying: count == 0
                ? "Nothing was unread." : "Marked \(Display.count(count, "notification")) as read.")
        } page: { _, errors in
            NotificationsPage.render(try await model(req, errors: errors), context: req.pageContext)
        }
    }
}
