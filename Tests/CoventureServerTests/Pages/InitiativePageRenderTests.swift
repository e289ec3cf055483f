import CoventureCore
import Foundation
import Testing

@testable import CoventureServer

/// The initiative pages rendered from hand-built models: no database, no server.
@Suite("Initiative pages render")
struct InitiativePageRenderTests {
    typealias F = Fixture

    static let jointVenture = F.initiative(
        governance: .jointVenture,
        parties: [
            F.party(stake: "60"),
            F.party(F.partnerParty, organizationID: F.partnerOrg, name: "Helio", kind: .partner, stake: "40"),
        ])
    static let members = [
        F.member(21, name: "Mia Member"), F.member(22, name: "Olivia Owner", role: .admin),
        F.member(
            23, name: "Paul Partner", role: .observer, party: F.partnerParty, organizationID: F.partnerOrg,
            organizationName: "Helio"),
    ]

    static func overview(
        _ initiative: InitiativeDTO = F.initiative(), members: [MemberDTO] = members,
        report: AlignmentReportDTO = F.report(),
        activity: [ActivityItem] = [], role: MemberRole = .contributor, ownerAdmin: Bool = false,
        streams: [WorkstreamDTO] = [], objectiveCount: Int = 1
    ) -> Rendered {
        Rendered(
            InitiativeOverviewPage.render(
                .init(
                    initiative: initiative, members: members, alignmentReport: report, activity: activity,
                    viewerRole: role,
                    viewerIsOwnerAdmin: ownerAdmin, viewerIsAdmin: role == .admin, workstreams: streams,
                    objectiveCount: objectiveCount),
                context: F.context()))
    }

    static func members(
        admin: Bool, addable: [PersonDTO] = [], invitations: [InvitationDTO] = [],
        errors: [String: String] = [:]
    ) -> Rendered {
        Rendered(
            MembersPage.render(
                .init(
                    initiative: F.initiative(), members: members, viewer: F.viewer(), viewerIsAdmin: admin,
                    addable: addable,
                    pendingInvitations: invitations, errors: errors),
                context: F.context()))
    }

    static func invitation(
        kind: InvitationKind = .member, organizationID: UUID? = F.ownerOrg, accountExists: Bool = false,
        code: String = "abc123",
        errors: [String: String] = [:], signedIn: Bool = false
    ) -> Rendered {
        let pending = InvitationStore.Pending(
            invitation: F.invitation(
                33, kind: kind, email: "new@example.org", role: .leader, organizationID: organizationID,
                organizationName: kind == .partner ? "Helio" : "Bank"),
            initiativeID: F.initiativeID, initiativeName: "Open Lending", initiativePurpose: "Lend to small firms, openly.",
            inviterName: "Dana Whitfield", inviterOrganization: "Bank", parties: ["Bank", "Helio"], accountExists: accountExists)
        return Rendered(
            InvitationPage.render(
                .init(pending: pending, code: code, errors: errors), context: F.context(signedIn ? F.viewer() : nil)))
    }

    // MARK: My initiatives

    @Test("My initiatives lists each initiative with a link to it, its governance, status and the viewer's role")
    func listCards() {
        let page = Rendered(
            InitiativeListPage.render(
                .init(
                    initiatives: [
                        F.summary(2, name: "Open Lending"),
                        F.summary(3, name: "Green Fleet", status: .proposed, governance: .jointVenture, role: .admin),
                    ],
                    canCreate: false),
                context: F.context()))
        #expect(page.contains("<a href=\"\(SiteURL.initiative(.value(F.id(2))).path)\">Open Lending</a>"))
        #expect(page.links(to: .initiative(.value(F.id(3)))))
        #expect(
            page.contains(
                "<span class=\"badge\">Joint venture</span><span class=\"badge status-proposed\">proposed</span>"))
        #expect(page.contains("Owner: Bank · You: Admin"))
        #expect(!page.contains("You are not a member of any initiative yet"))
    }

    @Test("With no initiative, my initiatives says how to join one")
    func listEmpty() {
        let page = Rendered(InitiativeListPage.render(.init(initiatives: [], canCreate: false), context: F.context()))
        #expect(
            page.contains(
                "You are not a member of any initiative yet. An admin of a party can add you, or send you an invitation link."
            ))
        #expect(!page.contains("class=\"cards\""))
    }

    @Test("Only who may create an initiative is offered to start one", arguments: [true, false])
    func listStartLink(canCreate: Bool) {
        let page = Rendered(
            InitiativeListPage.render(.init(initiatives: [], canCreate: canCreate), context: F.context()))
        #expect(page.links(to: .newInitiative) == canCreate)
    }

    // MARK: New initiative

    @Test("A blank new-initiative form posts to the initiatives URL, owner-led selected")
    func newBlank() {
        let page = Rendered(NewInitiativePage.render(.init(), context: F.context()))
        #expect(page.form(posting: .initiatives) != nil)
        #expect(page.contains("<option value=\"ownerLed\" selected>Owner-led</option>"))
        #expect(!page.contains("Please correct"))
        PageExpect.csrfInEveryForm(page)
    }

    @Test("A refused new initiative shows each error beside its field, keeps the input, and sums the errors up")
    func newRefused() {
        let page = Rendered(
            NewInitiativePage.render(
                .init(
                    name: "Half a name", purpose: "Some purpose", governance: .jointVenture,
                    errors: ["name": "is too short", "purpose": "is too long"]),
                context: F.context()))
        PageExpect.error(page, field: "name", message: "is too short", kept: "Half a name")
        PageExpect.error(page, field: "purpose", message: "is too long", kept: "Some purpose")
        #expect(page.field("governance")?.contains("<option value=\"jointVenture\" selected>") == true)
        #expect(
            page.contains(
                "<div class=\"alert error\" role=\"alert\"><p>Please correct these 2 things:</p><ul><li><a href=\"#field-name\">Name is too short</a></li><li><a href=\"#field-purpose\">Purpose is too long</a></li></ul></div>"
            ))
    }

    // MARK: Overview

    @Test("The overview links to OKRs, line of sight, members, ledger, activity and the workstream map")
    func overviewLinks() {
        let page = Self.overview()
        let id = Param.value(F.initiativeID)
        for url: SiteURL in [
            .okrTree(id), .lineOfSight(id), .initiativeMembers(id), .initiativeLedger(id), .initiativeActivity(id),
            .workstreamMap(id),
        ] {
            #expect(page.links(to: url), "\(url.path)")
        }
        #expect(page.links(to: .organization(.value(F.partnerOrg))))
        #expect(page.contains("You are contributor"))
    }

    @Test("Settings are offered to the owner's admins only", arguments: [true, false])
    func overviewSettings(ownerAdmin: Bool) {
        let page = Self.overview(role: .admin, ownerAdmin: ownerAdmin)
        #expect(page.links(to: .initiativeSettings(.value(F.initiativeID))) == ownerAdmin)
    }

    @Test(
        "An initiative with nothing yet says so: no purpose, no members, nothing happened, no workstreams, a clean report"
    )
    func overviewEmpty() {
        let page = Self.overview(F.initiative(purpose: ""), members: [])
        #expect(page.contains("No purpose written yet."))
        #expect(page.count("No members yet.") == 2)
        #expect(page.contains("Nothing has happened yet."))
        #expect(page.contains("No workstreams yet."))
        #expect(page.contains("Every objective aligns to a party&#39;s objective and has key results"))
    }

    @Test("Members are grouped under their party with a role badge")
    func overviewMembersByParty() {
        let page = Self.overview()
        #expect(
            page.contains(
                "<h3>Bank</h3><ul class=\"people\"><li>Mia Member<span class=\"badge role-contributor\">Contributor</span></li><li>Olivia Owner<span class=\"badge role-admin\">Admin</span></li></ul>"
            ))
        #expect(
            page.contains(
                "<h3>Helio</h3><ul class=\"people\"><li>Paul Partner<span class=\"badge role-observer\">Observer</span></li></ul>"
            ))
    }

    @Test("An owner-led initiative shows no stakes; a joint venture shows each party's stake")
    func overviewStakes() {
        #expect(!Self.overview().contains("<th>Stake</th>"))
        let page = Self.overview(Self.jointVenture)
        #expect(page.contains("<th>Stake</th>"))
        #expect(page.contains("<td data-label=\"Stake\" class=\"stake\">60\u{00A0}%</td>") && page.contains("<td data-label=\"Stake\" class=\"stake\">40\u{00A0}%</td>"))
        #expect(!page.contains("The stakes do not cover every party"))
    }

    @Test(
        "A joint venture whose stakes miss a party or do not sum to 100 % is flagged",
        arguments: [
            [
                F.party(stake: "60"),
                F.party(F.partnerParty, organizationID: F.partnerOrg, name: "Helio", kind: .partner, stake: nil),
            ],
            [
                F.party(stake: "60"),
                F.party(F.partnerParty, organizationID: F.partnerOrg, name: "Helio", kind: .partner, stake: "30"),
            ],
        ])
    func overviewStakesIncomplete(parties: [PartyDTO]) {
        let page = Self.overview(F.initiative(governance: .jointVenture, parties: parties))
        #expect(page.contains("<p class=\"alert warning\">The stakes do not cover every party or do not sum to 100 %"))
        if parties.contains(where: { $0.stake == nil }) { #expect(page.contains("<td data-label=\"Stake\" class=\"stake\">not set</td>")) }
    }

    @Test("The alignment report lists ten items a section, links each, and counts the rest")
    func overviewReport() {
        let report = F.report(
            staleAfterDays: 21, unaligned: (1...12).map { F.item(600 + $0, "Objective") },
            stale: [F.item(650, "Key result")])
        let page = Self.overview(report: report)
        #expect(page.contains("<h3>Objectives aligned to no party&#39;s own objective (12)</h3>"))
        #expect(page.links(to: .objective(.value(F.id(610)))))
        #expect(!page.links(to: .objective(.value(F.id(611)))))
        #expect(page.contains("and 2 more"))
        #expect(page.contains("<h3>Key results without a check-in for 21 days (1)</h3>"))
        #expect(page.links(to: .keyResult(.value(F.id(650)))))
        #expect(!page.contains("Objectives without a key result ("))
        #expect(!page.contains("Every objective aligns"))
    }

    @Test("The workstreams panel counts streams and names the flagged ones with their flags")
    func overviewWorkstreams() {
        let flagged = F.stream(name: "Onboarding", flags: [.noLeader, .pastEndDate])
        let many = Self.overview(streams: [flagged, F.stream(id: F.id(502), name: "Quiet")])
        #expect(many.contains("2 workstreams, 1 with health flags."))
        #expect(
            many.contains(
                "<a href=\"\(SiteURL.workstream(.value(F.initiativeID), stream: .value(F.streamID)).path)\">Onboarding</a>: No leader; Past its end date"
            ))
        #expect(!many.links(to: .workstream(.value(F.initiativeID), stream: .value(F.id(502)))))
        let one = Self.overview(streams: [F.stream(id: F.id(502), name: "Quiet")])
        #expect(one.contains("1 workstream, 0 with health flags."))
        #expect(!one.contains("flag-summary"))
    }

    @Test("Activity shows each entry's ledger number as a link to its entry page, actor, sentence and time, newest first")
    func overviewActivity() {
        let page = Self.overview(activity: [
            F.activity(3, actor: "Olivia Owner", sentence: "added Mia Member"), F.activity(2),
        ])
        let entry = { (index: Int) in SiteURL.ledgerEntry(.value(F.initiativeID), index: .value(index)).path }
        #expect(
            page.contains(
                "<li><a class=\"seq\" href=\"\(entry(2))\" title=\"Ledger entry 2\">#2</a><strong>Olivia Owner</strong> added Mia Member<time datetime=\"2027-01-15T08:00:00.000Z\">15 Jan 2027, 08:00 UTC</time></li><li><a class=\"seq\" href=\"\(entry(1))\" title=\"Ledger entry 1\">#1</a>"
            ))
    }

    @Test("The activity page numbers every row by its ledger entry and links it there; things in italics, values in bold")
    func activityRowsLinkTheirEntries() {
        var item = F.activity(63, actor: "Marcus Reid", sentence: "")
        item.described = "checked in \(value: "2\u{202F}400\u{00A0}homes") on \(thing: "Homes financed") (on track)"
        let page = Rendered(ActivityPage.render(.init(initiative: F.initiative(), items: [item], olderThan: nil), context: F.context()))
        #expect(page.contains(
            "<a class=\"seq\" href=\"\(SiteURL.ledgerEntry(.value(F.initiativeID), index: .value(62)).path)\" title=\"Ledger entry 62\">#62</a>"
                + "<strong>Marcus Reid</strong> checked in <strong class=\"value\">2\u{202F}400\u{00A0}homes</strong> on <em>Homes financed</em> (on track)"))
        #expect(!page.contains(">#63<"))
    }

    // MARK: Activity page

    @Test("The activity page links older activity only when there is more")
    func activityOlder() {
        let more = Rendered(
            ActivityPage.render(
                .init(initiative: F.initiative(), items: [F.activity(52), F.activity(51)], olderThan: 51),
                context: F.context()))
        #expect(
            more.contains(
                "<a href=\"\(SiteURL.initiativeActivity(.value(F.initiativeID)).path)?before=51\">Older activity →</a>")
        )
        #expect(more.links(to: .initiative(.value(F.initiativeID))))
        let last = Rendered(
            ActivityPage.render(
                .init(initiative: F.initiative(), items: [F.activity(1)], olderThan: nil), context: F.context()))
        #expect(!last.contains("Older activity"))
        let none = Rendered(
            ActivityPage.render(.init(initiative: F.initiative(), items: [], olderThan: nil), context: F.context()))
        #expect(none.contains("Nothing has happened yet."))
    }

    // MARK: Settings

    @Test(
        "Settings post details, governance and partner invitations, each form with the CSRF token, current values filled in"
    )
    func settingsForms() {
        let page = Rendered(
            InitiativeSettingsPage.render(
                .init(initiative: Self.jointVenture, pendingPartnerInvitations: []),
                context: F.context()))
        let id = Param.value(F.initiativeID)
        #expect(page.postForms.filter { $0.contains("action=\"\(SiteURL.initiativeSettings(id).path)\"") }.count == 2)
        #expect(page.form(posting: .initiativePartners(id)) != nil)
        #expect(page.contains("name=\"section\" value=\"details\""))
        #expect(page.contains("name=\"section\" value=\"governance\""))
        #expect(page.field("name")?.contains("value=\"Open Lending\"") == true)
        #expect(page.contains("<option value=\"active\" selected>Active</option>"))
        #expect(page.contains("<option value=\"jointVenture\" selected>Joint venture</option>"))
        #expect(page.field("stake_\(F.text(F.partnerOrg))")?.contains("value=\"40\"") == true)
        #expect(page.contains("No pending invitations."))
        PageExpect.csrfInEveryForm(page)
    }

    @Test("A stake error shows beside that party's stake; an error about all stakes beside every party's")
    func settingsStakeErrors() {
        let one = Rendered(
            InitiativeSettingsPage.render(
                .init(
                    initiative: Self.jointVenture, pendingPartnerInvitations: [],
                    errors: ["stakes.\(F.text(F.partnerOrg))": "must be a percentage"]),
                context: F.context()))
        PageExpect.error(one, field: "stake_\(F.text(F.partnerOrg))", message: "must be a percentage", kept: "40")
        #expect(one.field("stake_\(F.text(F.ownerOrg))")?.contains("has-error") == false)
        let all = Rendered(
            InitiativeSettingsPage.render(
                .init(
                    initiative: Self.jointVenture, pendingPartnerInvitations: [],
                    errors: ["stakes": "must sum to 100"]),
                context: F.context()))
        PageExpect.error(all, field: "stake_\(F.text(F.partnerOrg))", message: "must sum to 100")
        PageExpect.error(all, field: "stake_\(F.text(F.ownerOrg))", message: "must sum to 100")
    }

    @Test(
        "A refused partner invitation keeps the organization name and e-mail typed, beside the pending partner invitations and their revoke buttons"
    )
    func settingsPartnerInvitationRefused() {
        let page = Rendered(
            InitiativeSettingsPage.render(
                .init(
                    initiative: F.initiative(),
                    pendingPartnerInvitations: [
                        F.invitation(31, kind: .partner, email: "lead@helio.example", organizationName: "Helio")
                    ],
                    input: ["organizationName": "Quarry Labs", "email": "lead@quarry"],
                    errors: ["email": "must be an email address"]),
                context: F.context()))
        #expect(
            page.contains(
                "<td data-label=\"Email\">lead@helio.example</td><td data-label=\"Organization\">Helio</td><td data-label=\"Role\">Contributor</td><td data-label=\"Expires\">22 Jan 2027, 08:00 UTC</td>"))
        #expect(page.form(posting: .invitationRevoke(.value(F.initiativeID), invitation: .value(F.id(31)))) != nil)
        PageExpect.error(page, field: "email", message: "must be an email address", kept: "lead@quarry")
        #expect(page.field("organizationName")?.contains("value=\"Quarry Labs\"") == true)
        // The details form above shows the stored name, not the partner form's input.
        #expect(page.field("name")?.contains("value=\"Open Lending\"") == true)
        PageExpect.csrfInEveryForm(page)
    }

    // MARK: Members

    @Test("An admin changes roles and removes members of their own organization only")
    func membersAdminManagesOwnParty() {
        let page = Self.members(admin: true, addable: [F.person(41, name: "Nina New")])
        let id = Param.value(F.initiativeID)
        #expect(page.form(posting: .memberRole(id, member: .value(F.id(21)))) != nil)
        #expect(page.form(posting: .memberRemove(id, member: .value(F.id(22)))) != nil)
        #expect(page.form(posting: .memberRole(id, member: .value(F.id(23)))) == nil, "a partner's member")
        #expect(page.form(posting: .memberRemove(id, member: .value(F.id(23)))) == nil)
        #expect(
            page.contains("<option value=\"admin\" selected>Admin</option>"), "each member's current role is selected")
        #expect(
            page.contains(
                "<label class=\"visually-hidden\" for=\"role-\(F.text(F.id(21)))\">Role of Mia Member</label>"))
        #expect(
            page.form(posting: .initiativeMembers(id))?.contains(
                "<option value=\"\(F.text(F.id(41)))\">Nina New (p41@example.org)</option>") == true)
        #expect(page.form(posting: .initiativeInvitations(id)) != nil)
        PageExpect.csrfInEveryForm(page)
    }

    @Test("Who is not an admin sees every party's members and no form to manage them")
    func membersReader() {
        let page = Self.members(admin: false)
        #expect(page.contains("<td data-label=\"Name\">Paul Partner</td><td data-label=\"Email\">m23@example.org</td><td data-label=\"Role\">Observer</td>"))
        #expect(!page.contains("<th>Manage</th>"))
        #expect(page.postForms.count == 1, "only the layout's sign-out form")
        #expect(!page.contains("Invite by email"))
    }

    @Test("An admin with nobody left to add is told so, and can still invite by email")
    func membersNobodyToAdd() {
        let page = Self.members(admin: true)
        #expect(page.contains("Everyone in your organization is already a member."))
        #expect(page.form(posting: .initiativeMembers(.value(F.initiativeID))) == nil)
        #expect(page.form(posting: .initiativeInvitations(.value(F.initiativeID))) != nil)
    }

    @Test(
        "A refused invitation keeps the e-mail typed beside its error; the pending invitations can be revoked; the owner's admins invite partners here too"
    )
    func membersInvitations() {
        let refused = Rendered(
            MembersPage.render(
                .init(
                    initiative: F.initiative(), members: [], viewer: F.viewer(), viewerIsAdmin: true, addable: [],
                    pendingInvitations: [F.invitation(32, email: "nina@bank.example")], canInvitePartners: true,
                    input: ["email": "nina@bank", "role": "observer"], errors: ["email": "must be an email address"]),
                context: F.context()))
        PageExpect.error(refused, field: "email", message: "must be an email address", kept: "nina@bank")
        #expect(refused.contains("Please correct this:"))
        #expect(refused.contains("<option value=\"observer\" selected>"))
        #expect(refused.form(posting: .invitationRevoke(.value(F.initiativeID), invitation: .value(F.id(32)))) != nil)
        let partnerForm = refused.form(posting: .initiativePartners(.value(F.initiativeID)))
        #expect(partnerForm?.contains("<input type=\"hidden\" name=\"from\" value=\"members\"") == true)
        #expect(Self.members(admin: true).form(posting: .initiativePartners(.value(F.initiativeID))) == nil,
                "only those who may invite partners see the form")
    }

    // MARK: Invitation

    @Test("A signed-in person accepts an invitation with one button")
    func invitationSignedIn() {
        let page = Self.invitation(signedIn: true)
        #expect(page.contains("Dana Whitfield of Bank invites you to join “Open Lending” for Bank, as lead."))
        #expect(page.form(posting: .invitation(.value("abc123")))?.contains("Accept invitation") == true)
        #expect(page.field("password") == nil)
        PageExpect.csrfInEveryForm(page)
    }

    @Test(
        "Someone with an account, or the lead of a partner already here, is sent to sign in and back to the invitation")
    func invitationSignIn() {
        for page in [
            Self.invitation(accountExists: true), Self.invitation(kind: .partner, organizationID: F.partnerOrg),
        ] {
            #expect(page.contains("<a href=\"/sign-in?next=/invitations/abc123\">Sign in</a>"))
            #expect(page.forms.isEmpty)
        }
    }

    @Test("A new person creates their account to accept; a partner's lead is told their organization joins")
    func invitationNewAccount() {
        let page = Self.invitation()
        #expect(page.contains("Create your account for new@example.org:"))
        #expect(page.field("name") != nil && page.field("password") != nil)
        #expect(page.form(posting: .invitation(.value("abc123"))) != nil)
        PageExpect.csrfInEveryForm(page)
        let partner = Self.invitation(kind: .partner, organizationID: nil)
        #expect(partner.contains("Dana Whitfield of Bank invites Helio to join “Open Lending” as a partner organization, with you as its admin."))
        // Before anything is asked: what it is for and who takes part.
        #expect(partner.contains("Lend to small firms, openly."))
        #expect(partner.contains("<li>Bank (owner)</li><li>Helio (partner)</li>"))
        #expect(partner.field("password") != nil)
    }

    @Test("A refused new account shows each error beside its field, and never writes the password back")
    func invitationRefused() {
        let page = Self.invitation(errors: ["password": "must be 12 to 72 bytes", "name": "is required"])
        PageExpect.error(page, field: "password", message: "must be 12 to 72 bytes")
        PageExpect.error(page, field: "name", message: "is required")
        #expect(page.contains("Your name is required"), "the error in the words of the label")
        #expect(page.contains("Password must be 12 to 72 bytes"))
        #expect(page.field("password")?.contains("value=") == false)
    }

    // MARK: Hostile strings

    @Test(
        "Hostile names, purposes, emails, links and codes are escaped in text and attributes on every initiative page")
    func hostile() {
        let h = F.hostile
        let q = F.hostileQuote
        let initiative = F.initiative(
            name: h, purpose: q, governance: .jointVenture,
            parties: [
                F.party(name: h, stake: q),
                F.party(F.partnerParty, organizationID: F.partnerOrg, name: q, kind: .partner),
            ])
        let members = [F.member(21, name: h), F.member(22, name: q, role: .admin)]
        let invitations = [F.invitation(31, email: h, organizationName: q)]
        let context = F.context(F.viewer(name: h, organizationName: q))
        let pending = InvitationStore.Pending(
            invitation: F.invitation(33, email: h, organizationName: q), initiativeID: F.initiativeID,
            initiativeName: h, initiativePurpose: q, inviterName: h, inviterOrganization: q, parties: [h, q], accountExists: false)
        let pages = [
            InitiativeListPage.render(
                .init(initiatives: [F.summary(2, name: h, purpose: q)], canCreate: true), context: context),
            NewInitiativePage.render(.init(name: h, purpose: q, errors: ["name": h]), context: context),
            InitiativeOverviewPage.render(
                .init(
                    initiative: initiative, members: members, alignmentReport: F.report(unaligned: [F.item(601, h)]),
                    activity: [F.activity(2, actor: h, sentence: q)], viewerRole: .admin, viewerIsOwnerAdmin: true,
                    viewerIsAdmin: true,
                    workstreams: [F.stream(name: h, flags: [.noLeader])], objectiveCount: 1),
                context: context),
            ActivityPage.render(
                .init(initiative: initiative, items: [F.activity(2, actor: h, sentence: q)], olderThan: 1),
                context: context),
            InitiativeSettingsPage.render(
                .init(
                    initiative: initiative, pendingPartnerInvitations: invitations, input: ["organizationName": h, "email": q],
                    errors: ["stakes": h]), context: context),
            MembersPage.render(
                .init(
                    initiative: initiative, members: members, viewer: F.viewer(name: h, organizationName: q),
                    viewerIsAdmin: true,
                    addable: [F.person(41, name: h)], pendingInvitations: invitations, canInvitePartners: true,
                    input: ["email": q, "organizationName": h], errors: ["email": h]),
                context: context),
            InvitationPage.render(.init(pending: pending, code: h + q, errors: ["name": h]), context: F.context(nil)),
            InvitationPage.render(.init(pending: pending, code: h + q), context: context),
        ]
        for document in pages {
            let page = Rendered(document)
            PageExpect.escaped(page)
        }
        let kept = Rendered(
            NewInitiativePage.render(.init(name: h, purpose: q, errors: ["name": "is odd"]), context: context))
        PageExpect.error(kept, field: "name", message: "is odd", kept: h)
        #expect(kept.field("name")?.contains("value=\"\(F.hostileEscaped)\"") == true)
        #expect(kept.contains(">\(F.hostileQuoteEscaped)</textarea>"))
        let code = Rendered(InvitationPage.render(.init(pending: pending, code: h + q), context: context))
        #expect(code.contains("action=\"/invitations/%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E&#39;%20onmouseover=x\""))
    }
}
