import Foundation
import Vapor

/// `/api/v1/people/me/notifications` and `/api/v1/notifications/{id}/read`: the caller's own notifications only.
enum NotificationsAPIController {
    /// The caller's notifications, newest first, paged; `?unread=true` for the unread ones only.
    @Sendable static func list(req: Request) async throws -> ListPage<NotificationDTO> {
        try await req.authorize(.ownAccount)
        let paging = try Pagination.from(req)
        let unreadOnly = try unread(req)
        let (items, hasMore) = try await NotificationStore(request: req).page(
            of: try req.person().id, unreadOnly: unreadOnly, offset: paging.offset, limit: paging.limit)
        return paging.page(items.map(NotificationDTO.init), hasMore: hasMore)
    }

    /// Marks one of the caller's notifications read (idempotent: one read before keeps its first `readAt`); someone
    /// else's, or an unknown id, is 404.
    @Sendable static func read(req: Request) async throws -> NotificationDTO {
        let id = try req.uuid("notificationID")
        try await req.authorize(.ownAccount)
        guard let record = try await NotificationStore(request: req).markRead(id, of: try req.person().id) else {
            throw AppError.notFound
        }
        return NotificationDTO(record)
    }

    static func unread(_ req: Request) throws -> Bool {
        guard let raw = req.query[String.self, at: "unread"] else { return false }
        switch raw {
        case "true": return true
        case "false", "": return false
        default: throw AppError.invalid(field: "unread", message: "must be true or false")
        }
    }
}
