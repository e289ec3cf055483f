import CoventureCore
import Foundation
import Plot

/// The signed-in home: "Needs you". What waits for the person, each line a link, grouped by initiative; then what
/// other parties changed since their last visit.
enum HomePage {
    struct InitiativeLink: Sendable, Equatable {
        var id: UUID
        var name: String
    }

    struct DigestItem: Sendable, Equatable {
        var actor: String
        /// The actor's organization (their party).
        var party: String
        var sentence: String
        var at: Date
        /// The sentence with its things and values marked (italic names, bold values), when the feed told it so.
        var described: ActivitySentence? = nil
        /// The event's ledger entry: the one number people see for it, linked to its page.
        var ledgerIndex: Int? = nil
    }

    /// One initiative's "since your last visit".
    struct Digest: Sendable, Equatable {
        var initiativeID: UUID
        var initiativeName: String
        /// Newest first, at most `ReadingDigest.cap`.
        var items: [DigestItem]
        /// How many changes by other parties there are since the position.
        var total: Int
        /// The log's newest sequence number when the page was read: "Mark as read" reads up to it.
        var through: Int
        /// No position yet: the digest looks back `ReadingDigest.firstVisitWindow`.
        var firstVisit: Bool
    }

    struct Model: Sendable {
        var personName: String
        /// The person's initiatives, by name (section titles, and the empty state's links).
        var initiatives: [InitiativeLink]
        var groups: [NeedsYouGroup]
        var digests: [Digest]
        /// A refused form of this page (a mark-as-read with a bad position), by field.
        var errors: [String: String] = [:]
    }

    static func render(_ model: Model, context: PageContext) -> HTML {
        Layout.page(
            "Needs you", context,
            .section(
                .class("panel needs-you"),
                .h1(.plain("Needs you")),
                .p(.class("updates-link"), .a(.link(.myUpdates), .plain("Check in on all your key results at once, on My updates"))),
                Forms.errorSummary(model.errors),
                model.groups.isEmpty ? nothing(model) : .group(model.groups.map { group($0, model: model, context: context) })
            ),
            .if(!model.digests.isEmpty, .section(
                .class("panel since-last-visit"), .id("since"),
                .h2(.plain("Since your last visit")),
                .p(.class("muted"), .plain("What people of the other parties changed, newest first.")),
                .group(model.digests.map { digest($0, context: context) })
            ))
        )
    }

    /// The empty state: nothing waits, in plain words, with the way to the person's initiatives.
    static func nothing(_ model: Model) -> Node<HTML.BodyContext> {
        guard !model.initiatives.isEmpty else {
            return .p(.class("all-clear"), .plain("Nothing needs you right now. You are not a member of any initiative yet; "),
                      .a(.link(.initiatives), .plain("see My initiatives")), .plain(" once an admin adds you."))
        }
        return .div(
            .class("all-clear"),
            .p(.plain("Nothing needs you right now: no key result of yours is due or quiet, no charter waits for your party, and nobody acted in your name.")),
            .p(.plain("Your initiatives:")),
            .ul(.class("plain-list"), .forEach(model.initiatives) { initiative in
                .li(.a(.link(.initiative(.value(initiative.id))), .plain(initiative.name)))
            })
        )
    }

    static func group(_ group: NeedsYouGroup, model: Model, context: PageContext) -> Node<HTML.BodyContext> {
        let title: Node<HTML.BodyContext> = group.initiativeID.flatMap { id in model.initiatives.first { $0.id == id } }
            .map { .a(.link(.initiative(.value($0.id))), .plain($0.name)) } ?? .plain("Your organization")
        return .div(
            .class("needs-group"),
            .h2(title),
            .ul(.class("needs-list"), .forEach(group.lines) { line($0, context: context) })
        )
    }

    static func line(_ line: NeedsYouLine, context: PageContext) -> Node<HTML.ListContext> {
        .li(
            .class("need need-\(line.kind.rawValue)"),
            .a(.safe("href", line.link), .group(line.sentence.map { part in
                switch part {
                case .text(let text): .plain(text)
                case .name(let name): .em(.plain(name))
                }
            })),
            .unwrap(line.dismiss) { path in
                .form(
                    .class("inline dismiss"), .safe("method", "post"), .safe("action", path),
                    Forms.csrf(context.csrfToken),
                    .button(.safe("type", "submit"), .class("link"), .safe("aria-label", "Dismiss: \(line.text)"), .plain("Dismiss"))
                )
            }
        )
    }

    static func digest(_ digest: Digest, context: PageContext) -> Node<HTML.BodyContext> {
        let activity = SiteURL.initiativeActivity(.value(digest.initiativeID))
        return .div(
            .class("digest"),
            .h3(.a(.link(.initiative(.value(digest.initiativeID))), .plain(digest.initiativeName))),
            .if(digest.firstVisit, .p(.class("muted"), .plain("Your first visit: the past week."))),
            .ul(.class("feed digest-items"), .forEach(digest.items) { item in
                .li(
                    .unwrap(item.ledgerIndex) { index in
                        .a(.class("seq"), .link(.ledgerEntry(.value(digest.initiativeID), index: .value(index))),
                           .safe("title", "Ledger entry \(index)"), .plain("#\(index)"))
                    },
                    .strong(.plain(item.actor)), .if(!item.party.isEmpty, .span(.class("party"), .plain(" (\(item.party))"))),
                    .plain(" "), ActivityList.sentence(item.described ?? ActivitySentence(stringLiteral: item.sentence)), .plain(" "),
                    .element(named: "time", nodes: [.safe("datetime", LedgerEventBody.timestamp(item.at)), .plain(Display.dateTime(item.at))])
                )
            }),
            .div(
                .class("digest-actions"),
                .a(.link(activity), .plain(ReadingDigest.more(total: digest.total, shown: digest.items.count).map { "… \($0) on the activity page" }
                    ?? "The activity page")),
                .form(
                    .class("inline"), .safe("method", "post"), .safe("action", SiteURL.homeMarkRead(.value(digest.initiativeID)).path),
                    Forms.csrf(context.csrfToken),
                    .input(.safe("type", "hidden"), .safe("name", "through"), .safe("value", String(digest.through))),
                    .button(.safe("type", "submit"), .class("secondary"), .safe("aria-label", "Mark \(digest.initiativeName) as read"),
                            .plain("Mark as read"))
                )
            )
        )
    }
}
