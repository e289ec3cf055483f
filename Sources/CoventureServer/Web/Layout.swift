import CoventureCore
import Foundation
import Plot

/// What every page needs besides its own content: who is signed in, and the form token.
struct PageContext: Sendable {
    var person: SignedInPerson?
    var csrfToken: String
    /// What the change that led here says, once (see `Flash`).
    var flashes: [Flash] = []

    /// The signed-in person's unread notifications for the header's bell (read with the session: no query here).
    var unreadNotifications: Int { person?.unreadNotifications ?? 0 }
}

/// The shell around every page: header with navigation, main landmark, footer.
enum Layout {
    static func page(_ title: String, _ context: PageContext, _ content: Node<HTML.BodyContext>...) -> HTML {
        HTML(
            .lang(.english),
            .head(
                .meta(.charset(.utf8)),
                .meta(.name("viewport"), .content("width=device-width, initial-scale=1")),
                .element(named: "title", nodes: [.plain("\(title) · Coventure")]),
                .link(.rel(.stylesheet), .safe("href", SiteURL.stylesheet.path)),
                .link(.rel(.icon), .safe("href", SiteURL.favicon.path), .safe("type", "image/x-icon")),
                .script(.safe("src", SiteURL.script.path), .attribute(named: "defer"))
            ),
            .body(
                .a(.class("skip"), .safe("href", "#main"), .plain("Skip to content")),
                header(context),
                .main(.id("main"), FlashView.render(context.flashes), .group(content)),
                .footer(.class("site-footer"), .p(.plain("Coventure — joint initiatives, in plain sight.")))
            )
        )
    }

    private static func header(_ context: PageContext) -> Node<HTML.BodyContext> {
        guard let person = context.person else {
            return .header(.class("site-header"), .a(.class("brand"), .link(.home), .plain("Coventure")))
        }
        return .header(
            .class("site-header"),
            .a(.class("brand"), .link(.home), .plain("Coventure")),
            .nav(
                .safe("aria-label", "Main"),
                .ul(
                    .li(.a(.link(.home), .plain("Needs you"))),
                    .li(.a(.link(.initiatives), .plain("My initiatives"))),
                    .li(.a(.link(.organization(.value(person.organizationID))), .plain(person.organizationName))),
                    .li(.a(.link(.tokens), .plain("API tokens")))
                )
            ),
            bell(unread: context.unreadNotifications),
            .form(
                .class("sign-out"), .safe("method", "post"), .safe("action", SiteURL.signOut.path),
                Forms.csrf(context.csrfToken),
                .span(.class("who"), .plain(person.name)),
                .button(.safe("type", "submit"), .class("link"), .plain("Sign out"))
            )
        )
    }
}

extension Layout {
    /// The header's link to the notifications, with the unread count as a badge ("3", "9+"). Its accessible name is
    /// what the badge means ("3 unread notifications"); the visible words and badge are hidden from screen readers,
    /// which would otherwise read "Notifications 3".
    static func bell(unread: Int) -> Node<HTML.BodyContext> {
        guard let badge = UnreadCount.badge(unread) else {
            return .a(.class("bell"), .link(.notifications), .plain("Notifications"))
        }
        return .a(
            .class("bell has-unread"), .link(.notifications),
            .span(.safe("aria-hidden", "true"), .plain("Notifications "), .span(.class("badge count"), .plain(badge))),
            .span(.class("visually-hidden"), .plain(UnreadCount.spoken(unread)))
        )
    }
}

/// Dates as people read them, in UTC with the zone stated (no per-viewer zone is stored yet):
/// "5 Mar 2026, 14:07 UTC" and "5 Mar 2026", month names as the en_GB locale spells them.
///
/// Formatted by hand from `gmtime_r`: a page of 400 key results shows hundreds of dates, and building a
/// `DateFormatter` for each one was a measurable share of the OKR pages' time (issue #6).
enum Display {
    private static let monthNames: [String] = {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_GB")
        return formatter.shortMonthSymbols
    }()

    /// What a date that no calendar can show (NaN, or beyond year 9999) reads as.
    static let unrepresentable = "(no valid date)"

    /// Total: every `Date`, however it was stored, gives a string; nothing here can trap (issue #11, finding 3).
    static func dateTime(_ date: Date) -> String {
        guard let time = utc(date) else { return unrepresentable }
        return "\(self.date(time)), \(twoDigits(time.tm_hour)):\(twoDigits(time.tm_min)) UTC"
    }

    static func date(_ date: Date) -> String {
        guard let time = utc(date) else { return unrepresentable }
        return self.date(time)
    }

    private static func date(_ time: tm) -> String {
        "\(time.tm_mday) \(monthNames[Int(time.tm_mon)]) \(Int(time.tm_year) + 1900)"
    }

    /// Years 1 to 9999, as 4-digit years and `time_t` both hold; nil outside (converting such a value to `time_t`
    /// would trap).
    private static let representable: ClosedRange<Double> = -62_135_596_800 ... 253_402_300_799

    private static func utc(_ date: Date) -> tm? {
        let interval = date.timeIntervalSince1970.rounded(.down)
        guard interval.isFinite, representable.contains(interval) else { return nil }
        var seconds = time_t(interval)
        var time = tm()
        guard gmtime_r(&seconds, &time) != nil else { return nil }
        return time
    }

    private static func twoDigits(_ value: Int32) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }
}
