import CoventureCore
import Foundation
import Vapor

/// `POST /api/v1/key-results/{keyResultID}/feeds`: the label the feed's check-ins carry as their source.
struct CreateFeedRequest: Content, APIRequestBody {
    /// What is calling (a BI job, a spreadsheet script, CI); "Feed" when not given.
    var source: String?

    static let schema: Schema = .object(["source" <-? .string()])
}

/// A new feed: the only time its URL and secret are shown (only the secret's hash is kept).
package struct CreatedFeedDTO: Content, Equatable {
    var id: UUID
    var url: String
    var secret: String
}

/// A feed as its key result's page lists it: never its secret.
struct FeedDTO: Content, Equatable {
    var id: UUID
    var keyResultId: UUID
    var source: String
    var createdAt: Date
    var lastUsedAt: Date?
    var revokedAt: Date?
}

/// The body a tool posts to `POST /api/v1/feeds/{secret}`: the check-in, in the words of a person's check-in. The
/// confidence stays what it was when not given; the narrative is required when the confidence changes, as for a
/// person; `source` names the caller more precisely than the feed's label ("nightly BI job, run 812").
struct FeedCheckInRequest: Content, APIRequestBody {
    var value: NumberInput?
    var confidence: String?
    var narrative: String?
    var source: String?

    static let schema: Schema = .object([
        "value" <- OKRSchemas.numberInput, "confidence" <-? .enumeration(OKRSchemas.confidences),
        "narrative" <-? .string(), "source" <-? .string(),
    ])
}

enum FeedSchemas {
    static let components: [String: Schema] = [
        "CreatedFeed": .object(["id" <- .uuid, "url" <- .string(), "secret" <- .string()]),
    ]
}
