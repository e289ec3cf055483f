import CoventureCore
import Foundation
import Plot
import Testing

@testable import CoventureServer

/// The key result page's feeds panel and the account page's calendar feed panel (issue #16), rendered from hand-built
/// models: no database, no server.
@Suite("Feed panels render")
struct FeedPanelRenderTests {
    typealias F = Fixture

    static func html(_ node: Node<HTML.BodyContext>) -> String {
        HTML(.body(node)).render()
    }

    @Test("The feeds panel lists each feed with when it was created and last used, a revoke form each, the create form and the curl snippet")
    func feeds() {
        let keyResult = F.id(70)
        let feeds = [
            FeedDTO(id: F.id(71), keyResultId: keyResult, source: F.hostile, createdAt: F.date(days: -3), lastUsedAt: F.date(days: -1)),
            FeedDTO(id: F.id(72), keyResultId: keyResult, source: "Spreadsheet", createdAt: F.date(days: -2), lastUsedAt: nil),
        ]
        let text = Self.html(FeedPanel.render(.init(keyResultID: keyResult, feeds: feeds), context: F.context()))
        #expect(text.contains(F.hostileEscaped))
        #expect(!text.contains(F.hostile))
        #expect(text.contains("never"))
        for feed in feeds {
            #expect(text.contains("action=\"\(SiteURL.keyResultFeedRevoke(.value(keyResult), feed: .value(feed.id)).path)\""))
        }
        #expect(text.contains("action=\"\(SiteURL.keyResultFeeds(.value(keyResult)).path)\""))
        #expect(text.components(separatedBy: "value=\"\(F.csrf)\"").count - 1 == 3, "a CSRF field in every form")
        #expect(text.contains("curl -X POST"))
        #expect(text.contains("webhook-signature"))
    }

    @Test("A refused source is shown beside its field with the input kept; no feeds says so")
    func refused() {
        let text = Self.html(FeedPanel.render(
            .init(keyResultID: F.id(70), feeds: [], form: ["source": F.hostileQuote], errors: ["source": "must be at most 100 characters"]),
            context: F.context()))
        #expect(text.contains("No feeds yet."))
        #expect(text.contains("must be at most 100 characters"))
        #expect(text.contains(F.hostileQuoteEscaped))
    }

    @Test("The calendar panel offers to create a feed, or to make a new URL and stop it, never showing the URL")
    func calendar() {
        let none = Self.html(CalendarFeedPanel.render(nil, context: F.context()))
        #expect(none.contains("Create calendar feed"))
        #expect(!none.contains("Stop calendar feed"))
        let some = Self.html(CalendarFeedPanel.render(CalendarFeedDTO(createdAt: F.date(days: -5), lastUsedAt: nil), context: F.context()))
        #expect(some.contains("Make a new URL"))
        #expect(some.contains("action=\"\(SiteURL.tokensCalendarFeedRevoke.path)\""))
        #expect(some.contains("last read never"))
        #expect(!some.contains("/calendar/"))
    }
}
