import CoventureCore
import Foundation
import Plot
import Testing
@testable import CoventureServer

/// The "Needs you" home page, rendered from hand-built models.
@Suite("Home page renders")
struct HomePageRenderTests {
    typealias F = Fixture
    static let lending = HomePage.InitiativeLink(id: F.id(1), name: "SME Digital Lending")
    static let venture = HomePage.InitiativeLink(id: F.id(2), name: "GreenGrid Climate Finance")

    static func line(_ kind: NeedsYouKind, in initiative: UUID? = F.id(1), name: String = "Homes financed", words: String = " needs you.",
                     link: String = "/key-results/x", dismiss: String? = nil) -> NeedsYouLine {
        NeedsYouLine(kind: kind, initiativeID: initiative, sentence: [.text("Your key result "), .name(name), .text(words)], link: link,
                     dismiss: dismiss)
    }

    static func digest(_ initiative: HomePage.InitiativeLink = lending, items: Int = 2, total: Int = 2, firstVisit: Bool = false,
                       sentence: String = "recorded a check-in") -> HomePage.Digest {
        HomePage.Digest(
            initiativeID: initiative.id, initiativeName: initiative.name,
            items: (0..<items).map { HomePage.DigestItem(actor: "Raj Patel", party: "Helio Systems", sentence: sentence, at: F.date(days: Double(-$0))) },
            total: total, through: 41, firstVisit: firstVisit)
    }

    static func model(lines: [NeedsYouLine] = [], digests: [HomePage.Digest] = [], initiatives: [HomePage.InitiativeLink] = [lending, venture],
                      errors: [String: String] = [:]) -> HomePage.Model {
        HomePage.Model(
            personName: "Dana Whitfield", initiatives: initiatives,
            groups: NeedsYou.groups(lines, initiatives: initiatives.map(\.id)), digests: digests, errors: errors)
    }

    @Test("Every kind of line is a sentence with its link, grouped under its initiative, the organization's own last")
    func everyKind() {
        let lines = NeedsYouKind.allCases.enumerated().map { index, kind in
            Self.line(kind, in: kind == .partnerInvitation ? nil : (index % 2 == 0 ? F.id(1) : F.id(2)), name: "Item \(kind.rawValue)",
                      link: "/link/\(kind.rawValue)")
        }
        let page = Rendered(HomePage.render(Self.model(lines: lines), context: F.context()))
        #expect(page.contains("<h1>Needs you</h1>"))
        for kind in NeedsYouKind.allCases {
            #expect(page.contains("<li class=\"need need-\(kind.rawValue)\"><a href=\"/link/\(kind.rawValue)\">Your key result <em>Item \(kind.rawValue)</em> needs you.</a>"),
                    "line of \(kind)")
        }
        let lending = page.html.range(of: ">SME Digital Lending</a></h2>")!.lowerBound
        let venture = page.html.range(of: ">GreenGrid Climate Finance</a></h2>")!.lowerBound
        let own = page.html.range(of: "<h2>Your organization</h2>")!.lowerBound
        #expect(lending < venture && venture < own, "groups in the order of the person's initiatives, their organization last")
        #expect(!page.contains("Nothing needs you"))
        #expect(page.links(to: .initiative(.value(F.id(1)))))
    }

    @Test("A notice of something done in one's name has a dismiss form, with its CSRF field")
    func dismissableNotice() {
        let dismiss = SiteURL.noticeDismiss(.value(F.id(77))).path
        let page = Rendered(HomePage.render(
            Self.model(lines: [Self.line(.checkedInOnYourBehalf, dismiss: dismiss), Self.line(.keyResultStale, name: "Quiet one")]),
            context: F.context()))
        #expect(page.form(posting: .noticeDismiss(.value(F.id(77)))) != nil)
        #expect(page.count("class=\"inline dismiss\"") == 1, "only the notice is dismissed; the other lines go once answered")
        PageExpect.csrfInEveryForm(page)
    }

    @Test("With nothing to do the page says so in plain words and links to each of the person's initiatives")
    func emptyState() {
        let page = Rendered(HomePage.render(Self.model(), context: F.context()))
        #expect(page.contains("Nothing needs you right now"))
        #expect(page.links(to: .initiative(.value(F.id(1)))) && page.links(to: .initiative(.value(F.id(2)))))
        #expect(!page.contains("Since your last visit"))
        let alone = Rendered(HomePage.render(Self.model(initiatives: []), context: F.context()))
        #expect(alone.contains("You are not a member of any initiative yet"))
        #expect(alone.links(to: .initiatives))
    }

    @Test("The digest lists other parties' changes with who and when, says how many more, and offers Mark as read up to what it showed")
    func digest() {
        let page = Rendered(HomePage.render(Self.model(digests: [Self.digest(items: 5, total: 12)]), context: F.context()))
        #expect(page.contains("Since your last visit"))
        #expect(page.count("<strong>Raj Patel</strong><span class=\"party\"> (Helio Systems)</span> recorded a check-in") == 5)
        #expect(page.contains("and 7 more on the activity page"))
        #expect(page.links(to: .initiativeActivity(.value(F.id(1)))))
        let form = try! #require(page.form(posting: .homeMarkRead(.value(F.id(1)))))
        #expect(form.contains("name=\"through\" value=\"41\""))
        PageExpect.csrfInEveryForm(page)
        #expect(!page.contains("Your first visit"))
        let first = Rendered(HomePage.render(Self.model(digests: [Self.digest(firstVisit: true)]), context: F.context()))
        #expect(first.contains("Your first visit: the past week."))
        #expect(!first.contains("more on the activity page"))
    }

    @Test("A refused mark-as-read shows its message")
    func refusal() {
        let page = Rendered(HomePage.render(Self.model(errors: ["through": "through must be a sequence number"]), context: F.context()))
        #expect(page.contains("through must be a sequence number"))
    }

    @Test("Hostile names in lines, initiatives and the digest are escaped, in text and in attributes")
    func hostile() {
        let hostileInitiative = HomePage.InitiativeLink(id: F.id(1), name: F.hostile)
        let page = Rendered(HomePage.render(
            Self.model(
                lines: [Self.line(.checkedInOnYourBehalf, name: F.hostile, words: F.hostileQuote, link: "/x\(F.hostile)",
                                  dismiss: SiteURL.noticeDismiss(.value(F.id(5))).path)],
                digests: [Self.digest(hostileInitiative, sentence: F.hostile)], initiatives: [hostileInitiative]),
            context: F.context()))
        PageExpect.escaped(page)
        #expect(page.contains(F.hostileQuoteEscaped))
    }

    @Test("The header offers Needs you first, before My initiatives")
    func navigation() {
        let page = Rendered(HomePage.render(Self.model(), context: F.context()))
        let needs = page.html.range(of: ">Needs you</a></li>")!.lowerBound
        let mine = page.html.range(of: ">My initiatives</a></li>")!.lowerBound
        #expect(needs < mine)
    }
}
