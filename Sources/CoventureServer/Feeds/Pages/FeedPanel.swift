import CoventureCore
import Foundation
import Plot

/// The key result page's panel of inbound feeds (issue #16), for those who may check in on it: each feed's source,
/// when it was created and last used, a revoke button; a form for a new one; and how a tool calls one.
enum FeedPanel {
    struct Model: Sendable {
        var keyResultID: UUID
        var feeds: [FeedDTO]
        /// The form's input and errors when a new feed was refused (`source`).
        var form: [String: String] = [:]
        var errors: [String: String] = [:]
    }

    /// What a tool sends: the shape of the call in the words a shell script uses.
    static let curlExample = """
        curl -X POST "$FEED_URL" \\
          -H 'Content-Type: application/json' \\
          -d '{"value": 42, "confidence": "onTrack", "source": "nightly BI job"}'
        """

    static func render(_ model: Model, context: PageContext) -> Node<HTML.BodyContext> {
        .section(
            .class("panel"), .id("feeds"),
            .h2(.plain("Feeds")),
            .p(.plain("A feed lets another tool (a BI job, a spreadsheet script, CI) check in on this key result in its owner's name. "
                + "Each check-in it records says where it came from. Its URL holds its secret: it is shown once, when you create it.")),
            model.feeds.isEmpty
                ? .p(.class("muted"), .plain("No feeds yet."))
                : .table(
                    .class("feeds"),
                    .thead(.tr(.th(.plain("Source")), .th(.plain("Created")), .th(.plain("Last used")), .th(.plain("Revoke")))),
                    .tbody(.forEach(model.feeds) { feed in
                        .tr(
                            .td(.safe("data-label", "Source"), .plain(feed.source)),
                            .td(.safe("data-label", "Created"), .plain(Display.dateTime(feed.createdAt))),
                            .td(.safe("data-label", "Last used"), .plain(feed.lastUsedAt.map(Display.dateTime) ?? "never")),
                            .td(.safe("data-label", "Revoke"), Forms.action(
                                .keyResultFeedRevoke(.value(model.keyResultID), feed: .value(feed.id)), "Revoke",
                                token: context.csrfToken, danger: true)))
                    })),
            Forms.errorSummary(model.errors),
            .form(
                .safe("method", "post"), .safe("action", SiteURL.keyResultFeeds(.value(model.keyResultID)).path), .class("row"),
                Forms.csrf(context.csrfToken),
                Forms.field(
                    "Source", name: "source", value: model.form["source"] ?? "", required: false,
                    hint: "What will call it, e.g. 'nightly BI job'. Its check-ins carry this name.", error: model.errors["source"]),
                Forms.submit("Create feed")
            ),
            .h3(.plain("How to call it")),
            .p(.plain("POST a JSON body to the feed's URL: a value; a confidence (onTrack, atRisk, offTrack; unchanged when left out); "
                + "a narrative, required when the confidence changes; and a source, if the call should name itself more precisely. "
                + "At most \(Int(TokenBucket.perMinute)) calls a minute.")),
            .pre(.class("snippet"), .code(.safe("id", "feed-curl"), .plain(curlExample))),
            CopyButton.button(copying: "feed-curl"),
            .p(.class("hint"), .plain("To sign the body as well (Standard Webhooks), send webhook-id, webhook-timestamp and "
                + "webhook-signature: v1,<base64 HMAC-SHA256 of \"id.timestamp.body\"> keyed with the secret (the URL's last part). "
                + "A signature library that expects whsec_… is given whsec_ followed by the base64 of the secret's text."))
        )
    }
}
