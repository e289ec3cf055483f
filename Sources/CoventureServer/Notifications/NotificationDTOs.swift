import CoventureCore
import Foundation
import Vapor

/// A notification in the API. Every key is always there; `initiativeId`, `subjectId` and `readAt` are null when
/// there is none (not yet read, for `readAt`).
struct NotificationDTO: Content, Equatable {
    var id: UUID
    var kind: NotificationKind
    var initiativeId: UUID?
    var subjectId: UUID?
    var message: String
    /// A path of this site ("/…").
    var link: String
    var createdAt: Date
    var readAt: Date?

    init(_ record: NotificationRecord) {
        id = record.id
        kind = record.kind
        initiativeId = record.initiativeID
        subjectId = record.subjectID
        message = record.message
        link = record.link
        createdAt = record.createdAt
        readAt = record.readAt
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(kind, forKey: .kind)
        try container.encode(initiativeId, forKey: .initiativeId)
        try container.encode(subjectId, forKey: .subjectId)
        try container.encode(message, forKey: .message)
        try container.encode(link, forKey: .link)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(readAt, forKey: .readAt)
    }
}

/// The named schemas of the notification DTOs (merged into `APISchemas.components`).
enum NotificationSchemas {
    static let components: [String: Schema] = [
        "Notification": .object([
            "id" <- .uuid, "kind" <- .enumeration(NotificationKind.allCases.map(\.rawValue)), "initiativeId" <- .nullable(.uuid),
            "subjectId" <- .nullable(.uuid), "message" <- .string(), "link" <- .string(), "createdAt" <- .dateTime,
            "readAt" <- .nullable(.dateTime),
        ])
    ]
}
