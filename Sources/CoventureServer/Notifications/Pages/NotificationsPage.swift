import CoventureCore
import Foundation
import Plot

/// The person's notifications, newest first, grouped by day, 50 a page: unread ones marked, each a sentence leading
/// to what it is about, with "Mark read" on each unread one and "Mark all read" for all.
enum NotificationsPage {
    /// Notifications one page shows; older ones are on the next pages (`?page=`), read in SQL a page at a time.
    static let pageSize = 50

    struct Model: Sendable {
        /// This page's notifications, newest first.
        var items: [NotificationRecord]
        /// 1 for the newest.
        var page: Int = 1
        var hasOlder: Bool = false
        /// Whether anything of the person's is unread, on this page or another: "Mark all read" is offered then.
        var anyUnread: Bool
        /// The viewer's now, for "Today" and "Yesterday".
        var now: Date
        /// A refused form of this page, by field.
        var errors: [String: String] = [:]
    }

    static func render(_ model: Model, context: PageContext) -> HTML {
        Layout.page(
            "Notifications", context,
            .section(
                .class("panel notifications"),
                .div(
                    .class("title-row"),
                    .h1(.plain("Notifications")),
                    .if(model.anyUnread, markAllRead(context))
                ),
                Forms.errorSummary(model.errors),
                model.items.isEmpty ? nothing(model) : .group(groups(model, context: context)),
                pageLinks(model)
            )
        )
    }

    /// The empty state, in plain words.
    static func nothing(_ model: Model) -> Node<HTML.BodyContext> {
        guard model.page == 1 else {
            return .p(.class("muted"), .plain("No notifications this far back. "), .a(.link(.notifications), .plain("See the newest.")))
        }
        return .p(
            .class("all-clear"),
            .plain("Nothing needs you: you have no notifications. When a decision opens to you, changes after your vote, "
                + "is about to close without your vote or is sealed, it is listed here."))
    }

    static func groups(_ model: Model, context: PageContext) -> [Node<HTML.BodyContext>] {
        NotificationDays.group(model.items, at: \.createdAt, now: model.now).map { group in
            .div(
                .class("notification-day"),
                .h2(.plain(dayLabel(group.day))),
                .ul(.class("notification-list"), .forEach(group.items) { item($0, context: context) })
            )
        }
    }

    static func dayLabel(_ day: NotificationDays.Day) -> String {
        switch day {
        case .today: "Today"
        case .yesterday: "Yesterday"
        case .earlier(let date): Display.day(date)
        case .undated: Display.unrepresentable
        }
    }

    static func item(_ item: NotificationRecord, context: PageContext) -> Node<HTML.ListContext> {
        .li(
            .class(item.isUnread ? "notification unread" : "notification"),
            .if(item.isUnread, .span(.class("dot"), .safe("aria-hidden", "true"))),
            .div(
                .class("notification-body"),
                .p(
                    .class("message"),
                    .if(item.isUnread, .span(.class("visually-hidden"), .plain("Unread: "))),
                    message(item)
                ),
                .p(
                    .class("meta"),
                    .span(.class("badge kind-\(item.kind.rawValue)"), .plain(item.kind.label)),
                    .unwrap(item.initiativeName) { name in .span(.class("initiative"), .plain(name)) },
                    .element(named: "time", nodes: [
                        .safe("datetime", LedgerEventBody.timestamp(item.createdAt)), .plain(Display.dateTime(item.createdAt)),
                    ])
                )
            ),
            .if(item.isUnread, .form(
                .class("inline mark-read"), .safe("method", "post"), .safe("action", SiteURL.notificationRead(.value(item.id)).path),
                Forms.csrf(context.csrfToken),
                .button(.safe("type", "submit"), .class("secondary"), .safe("aria-label", "Mark read: \(item.message)"), .plain("Mark read"))
            ))
        )
    }

    /// The message, as a link to what it is about when its link is a path of this site; as plain text otherwise
    /// (`SitePath`: never "//other.example", "javascript:…").
    static func message(_ item: NotificationRecord) -> Node<HTML.BodyContext> {
        guard SitePath.isSitePath(item.link) else { return .span(.plain(item.message)) }
        return .a(.safe("href", item.link), .plain(item.message))
    }

    static func markAllRead(_ context: PageContext) -> Node<HTML.BodyContext> {
        .form(
            .class("inline mark-all-read"), .safe("method", "post"), .safe("action", SiteURL.notificationsReadAll.path),
            Forms.csrf(context.csrfToken),
            .button(.safe("type", "submit"), .class("secondary"), .plain("Mark all read"))
        )
    }

    /// Newer and older pages.
    static func pageLinks(_ model: Model) -> Node<HTML.BodyContext> {
        func link(_ page: Int, _ text: String, _ rel: String) -> Node<HTML.BodyContext> {
            .a(.safe("href", path(page: page)), .safe("rel", rel), .plain(text))
        }
        return .if(model.page > 1 || model.hasOlder, .p(
            .class("pager"),
            .if(model.page > 1, link(model.page - 1, "← Newer", "prev")),
            .if(model.page > 1 && model.hasOlder, .plain(" · ")),
            .if(model.hasOlder, link(model.page + 1, "Older →", "next"))))
    }

    /// The list's path for `page` (the first page has no query).
    static func path(page: Int) -> String {
        page <= 1 ? SiteURL.notifications.path : SiteURL.notifications.path + "?page=\(page)"
    }
}
