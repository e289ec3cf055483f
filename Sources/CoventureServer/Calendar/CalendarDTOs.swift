import CoventureCore
import Foundation
import Vapor

/// `POST /api/v1/people/me/calendar-feed`: the feed's secret URL, shown this once (only its hash is kept).
struct CreatedCalendarFeedDTO: Content, Equatable {
    var url: String
}

/// What the account page says of a person's calendar feed: never its URL.
struct CalendarFeedDTO: Content, Equatable {
    var createdAt: Date
    var lastUsedAt: Date?
}

enum CalendarSchemas {
    static let components: [String: Schema] = [
        "CreatedCalendarFeed": .object(["url" <- .string()]),
    ]
}
