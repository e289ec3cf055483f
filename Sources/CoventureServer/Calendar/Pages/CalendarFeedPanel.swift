import CoventureCore
import Foundation
import Plot

/// The account page's calendar feed panel (issue #16): whether the person has one, and the forms to make a new URL
/// or stop it. The URL itself is shown once, in the flash after it is made.
enum CalendarFeedPanel {
    static func render(_ feed: CalendarFeedDTO?, context: PageContext) -> Node<HTML.BodyContext> {
        .section(
            .class("panel"), .id("calendar-feed"),
            .h2(.plain("Calendar feed")),
            .p(.plain("Subscribe to your initiatives' dates in your calendar application: decision deadlines, key result period "
                + "ends, workstream end dates, charter and practice reviews, measurements due and investment gates.")),
            .unwrap(feed, { feed in
                .p(.plain("You have a calendar feed, created \(Display.dateTime(feed.createdAt)); last read "
                    + (feed.lastUsedAt.map(Display.dateTime) ?? "never") + ". Its URL was shown once, when it was made."))
            }, else: .p(.class("muted"), .plain("You have no calendar feed."))),
            .div(
                .class("row"),
                Forms.action(.tokensCalendarFeed, feed == nil ? "Create calendar feed" : "Make a new URL (the old one stops)", token: context.csrfToken),
                .if(feed != nil, Forms.action(.tokensCalendarFeedRevoke, "Stop calendar feed", token: context.csrfToken, danger: true)))
        )
    }
}
