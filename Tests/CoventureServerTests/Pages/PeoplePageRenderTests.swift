import CoventureCore
import Foundation
import Testing

@testable import CoventureServer

/// The sign-in, organization and API token pages, and the layout around every page, rendered from hand-built models.
@Suite("People pages render")
struct PeoplePageRenderTests {
    typealias F = Fixture

    // MARK: Layout

    @Test(
        "A signed-in page's header links home, to my initiatives, my organization and my tokens, and signs out with the CSRF token"
    )
    func layoutSignedIn() {
        let page = Rendered(TokensPage.render(.init(tokens: []), context: F.context()))
        #expect(page.links(to: .home) && page.links(to: .initiatives) && page.links(to: .tokens))
        #expect(page.contains("<a href=\"\(SiteURL.organization(.value(F.ownerOrg)).path)\">Bank</a>"))
        #expect(page.form(posting: .signOut)?.contains("<span class=\"who\">Vera Viewer</span>") == true)
        #expect(page.contains("<title>API tokens · Coventure</title>"))
        #expect(page.contains("<main id=\"main\">"))
        PageExpect.csrfInEveryForm(page)
    }

    @Test("A page for nobody signed in has only the brand in its header, and no sign-out form")
    func layoutSignedOut() {
        let page = Rendered(SignInPage.render(.init(), context: F.context(nil)))
        #expect(page.contains("<header class=\"site-header\"><a class=\"brand\" href=\"/\">Coventure</a></header>"))
        #expect(page.form(posting: .signOut) == nil)
    }

    // MARK: Sign in

    @Test("The sign-in form posts email and password with the CSRF token, and no 'next' unless one was given")
    func signInBlank() {
        let page = Rendered(SignInPage.render(.init(), context: F.context(nil)))
        #expect(page.form(posting: .signIn) != nil)
        #expect(page.field("email")?.contains("name=\"email\" value required") == true, "empty, written bare")
        #expect(page.field("email")?.contains("autocomplete=\"username\"") == true)
        #expect(page.field("password")?.contains("autocomplete=\"current-password\"") == true)
        #expect(!page.contains("name=\"next\""))
        #expect(!page.contains("role=\"alert\""))
        PageExpect.csrfInEveryForm(page)
    }

    @Test("A refused sign-in says why above the form, keeps the email and the page to return to, never the password")
    func signInRefused() {
        let page = Rendered(
            SignInPage.render(
                .init(
                    email: "vera@bank.example", next: "/initiatives",
                    error: "That email and password do not match an account."), context: F.context(nil)))
        #expect(
            page.contains(
                "<div class=\"alert error\" role=\"alert\"><p>That email and password do not match an account.</p></div>"
            ))
        #expect(page.field("email")?.contains("value=\"vera@bank.example\"") == true)
        #expect(
            page.form(posting: .signIn)?.contains("<input type=\"hidden\" name=\"next\" value=\"/initiatives\"") == true
        )
        #expect(page.field("password")?.contains("value=") == false)
    }

    // MARK: Organization

    @Test("An organization lists the initiatives shared with it, linked, and the people the viewer may see")
    func organization() {
        let page = Rendered(
            OrganizationPage.render(
                .init(
                    organization: OrganizationDTO(
                        id: F.partnerOrg, name: "Helio",
                        people: [F.person(41, name: "Paul Partner", organizationID: F.partnerOrg)]),
                    initiatives: [F.summary(2, name: "Open Lending", status: .closed, governance: .jointVenture)]),
                context: F.context()))
        #expect(page.contains("<h1>Helio</h1>"))
        #expect(
            page.contains(
                "<li><a href=\"\(SiteURL.initiative(.value(F.id(2))).path)\">Open Lending</a><span class=\"muted\"> — Joint venture, closed</span></li>"
            ))
        #expect(page.contains("<li>Paul Partner<span class=\"muted\"> · p41@example.org</span></li>"))
    }

    @Test("An organization with nothing shared and nobody visible says so")
    func organizationEmpty() {
        let page = Rendered(
            OrganizationPage.render(
                .init(organization: OrganizationDTO(id: F.partnerOrg, name: "Helio", people: []), initiatives: []),
                context: F.context()))
        #expect(page.contains("No initiative you are part of includes this organization."))
        #expect(page.contains("No one you can see."))
    }

    // MARK: Tokens

    @Test("With no token, the tokens page says so and offers the form to create one")
    func tokensEmpty() {
        let page = Rendered(TokensPage.render(.init(tokens: []), context: F.context()))
        #expect(page.contains("You have no API tokens yet."))
        #expect(page.form(posting: .tokens) != nil)
        #expect(!page.contains("secret"))
    }

    @Test("Each token shows when it was made and last used, and whether it is active; only active ones can be revoked")
    func tokensList() {
        let page = Rendered(
            TokensPage.render(
                .init(tokens: [
                    F.token(81, name: "Report script"), F.token(82, lastUsed: F.date(days: 1)),
                    F.token(83, revoked: true),
                ]), context: F.context()))
        #expect(page.contains(
            "<tr><td data-label=\"Name\">Report script</td><td data-label=\"Created\">15 Jan 2027, 08:00 UTC</td><td data-label=\"Last used\">never</td><td data-label=\"Expires\">never</td><td data-label=\"Status\">active</td>"))
        #expect(page.contains(
            "<td data-label=\"Last used\">16 Jan 2027, 08:00 UTC</td><td data-label=\"Expires\">never</td><td data-label=\"Status\">active</td>"))
        #expect(page.contains("<td data-label=\"Status\">revoked</td><td></td></tr>"))
        #expect(page.form(posting: .tokenRevoke(.value(F.id(81)))) != nil)
        #expect(page.form(posting: .tokenRevoke(.value(F.id(82)))) != nil)
        #expect(page.form(posting: .tokenRevoke(.value(F.id(83)))) == nil)
        PageExpect.csrfInEveryForm(page)
    }

    @Test("A token made just now shows its secret once, from the flash, with a copy button and what to do if lost")
    func tokensCreated() {
        var context = F.context()
        context.flashes = [
            Flash(
                message: "Token “script” created.",
                secret: .init(label: "Your new API token", value: "cvt_secret_value", note: "Copy it now."))
        ]
        let page = Rendered(TokensPage.render(.init(tokens: [F.token(81)]), context: context))
        #expect(page.contains("<div class=\"flashes\" role=\"status\">"))
        #expect(page.contains("<p>Token “script” created.</p>"))
        #expect(page.contains("<code class=\"secret-value\" id=\"flash-secret-0\">cvt_secret_value</code>"))
        #expect(page.contains("data-copy=\"#flash-secret-0\""))
        #expect(!Rendered(TokensPage.render(.init(tokens: [F.token(81)]), context: F.context())).contains("cvt_secret_value"))
    }

    @Test("A refused token name shows the reason beside the name field")
    func tokensRefused() {
        let page = Rendered(
            TokensPage.render(
                .init(tokens: [], input: ["name": "quarterly report", "expiresInDays": "400"],
                      errors: ["name": "must be at most 100 characters", "expiresInDays": "must be a whole number of days from 1 to 365"]),
                context: F.context()))
        PageExpect.error(page, field: "name", message: "must be at most 100 characters", kept: "quarterly report")
        PageExpect.error(page, field: "expiresInDays", message: "must be a whole number of days from 1 to 365", kept: "400")
        #expect(page.contains("Please correct these 2 things:"))
    }

    // MARK: Hostile strings

    @Test(
        "Hostile names, emails, token names, secrets and kept input are escaped in text and attributes on the people pages"
    )
    func hostile() {
        let h = F.hostile
        let q = F.hostileQuote
        let context = F.context(F.viewer(name: h, organizationName: q))
        let pages = [
            SignInPage.render(.init(email: h, next: q, error: h), context: F.context(nil)),
            OrganizationPage.render(
                .init(
                    organization: OrganizationDTO(id: F.partnerOrg, name: h, people: [F.person(41, name: q)]),
                    initiatives: [F.summary(2, name: h)]), context: context),
            TokensPage.render(
                .init(
                    tokens: [F.token(81, name: h)], input: ["name": q], errors: ["name": h]),
                context: {
                    var flashed = context
                    flashed.flashes = [Flash(message: h, secret: .init(label: q, value: h, note: q, message: h + q))]
                    return flashed
                }()),
        ]
        for document in pages {
            PageExpect.escaped(Rendered(document))
        }
        let signIn = Rendered(pages[0])
        #expect(signIn.field("email")?.contains("value=\"\(F.hostileEscaped)\"") == true)
        #expect(signIn.contains("name=\"next\" value=\"\(F.hostileQuoteEscaped)\""))
        #expect(Rendered(pages[1]).contains("<span class=\"who\">\(F.hostileEscaped)</span>"))
    }
}
