import CoventureCore
import CoventureServer
import Fluent
import Foundation
import Vapor

/// The demo: a regional development bank runs two initiatives with two technology partners. Everything is
/// created through the same stores (and so the same recording path) as real use, so the activity feed and the
/// ledger tell the story too.
public enum DemoData {
    public static let password = "coventure-demo"
    public static let ownerAdminEmail = "demo@coventure.example"
    public static let partnerAdminEmail = "partner@coventure.example"

    static let bank = "Northbridge Regional Development Bank"
    static let helio = "Helio Systems"
    static let quarry = "Quarry Labs"

    /// (name, email, organization, org admin)
    static let people: [(String, String, String, Bool)] = [
        ("Dana Whitfield", ownerAdminEmail, bank, true),
        ("Amara Okafor", "amara.okafor@northbridge.example", bank, false),
        ("Liam Chen", "liam.chen@northbridge.example", bank, false),
        ("Sofia Marquez", "sofia.marquez@northbridge.example", bank, false),
        ("Henrik Larsen", "henrik.larsen@northbridge.example", bank, false),
        ("Priya Nair", "priya.nair@northbridge.example", bank, false),
        ("Tomasz Nowak", "tomasz.nowak@northbridge.example", bank, false),
        ("Marcus Reid", partnerAdminEmail, helio, true),
        ("Yuki Tanaka", "yuki.tanaka@helio.example", helio, false),
        ("Elena Petrova", "elena.petrova@helio.example", helio, false),
        ("David Mensah", "david.mensah@helio.example", helio, false),
        ("Chloé Dubois", "chloe.dubois@helio.example", helio, false),
        ("Raj Patel", "raj.patel@helio.example", helio, false),
        ("Nadia Haddad", "nadia.haddad@quarry.example", quarry, true),
        ("Ben O'Connor", "ben.oconnor@quarry.example", quarry, false),
        ("Lucia Romano", "lucia.romano@quarry.example", quarry, false),
        ("Felix Weber", "felix.weber@quarry.example", quarry, false),
        ("Grace Kim", "grace.kim@quarry.example", quarry, false),
        ("Omar Farouk", "omar.farouk@quarry.example", quarry, false),
        ("Inês Silva", "ines.silva@quarry.example", quarry, false),
    ]

    /// Loads the demo into an empty database. Returns the number of people created.
    @discardableResult
    public static func load(into app: Application) async throws -> Int {
        guard try await PersonRow.first(app.db, where: "email = \(bind: ownerAdminEmail)") == nil else {
            throw DemoError.alreadyLoaded
        }
        // One bcrypt hash (cost 12, ~0.25 s) shared by every demo account: they share a password anyway.
        let hash = try await PasswordHashing.hash(password)
        let peopleStore = PeopleStore(application: app)
        var byEmail: [String: SignedInPerson] = [:]
        for (name, email, organization, isAdmin) in people {
            let person = try await peopleStore.createPerson(
                .init(name: name, email: email, organizationName: organization, passwordHash: hash, isOrgAdmin: isAdmin))
            byEmail[email] = SignedInPerson(
                id: person.id, name: person.name, email: person.email, organizationID: person.organizationId,
                organizationName: person.organizationName, isOrgAdmin: isAdmin, sessionID: nil)
        }
        let dana = byEmail[ownerAdminEmail]!, marcus = byEmail[partnerAdminEmail]!
        let nadia = byEmail["nadia.haddad@quarry.example"]!
        let initiatives = InitiativeStore(application: app)
        let invitations = InvitationStore(application: app)

        func bring(_ partner: SignedInPerson, into id: UUID) async throws {
            let created = try await invitations.invitePartner(
                id, InvitePartnerRequest(organizationName: partner.organizationName, email: partner.email), by: dana)
            let code = String(created.link.split(separator: "/").last!)
            _ = try await invitations.accept(code: code, by: partner)
        }
        func add(_ email: String, _ role: MemberRole, to id: UUID, by admin: SignedInPerson) async throws {
            _ = try await initiatives.addMember(id, personID: byEmail[email]!.id, role: role, by: admin.actor)
        }

        // 1. Owner-led: the bank leads, both partners contribute.
        let lending = try await initiatives.create(
            CreateInitiativeRequest(
                name: "SME Digital Lending",
                purpose: "Cut the time a small business waits for a credit decision from six weeks to five days, "
                    + "with open-banking data and a shared risk model that both the bank and its partners can inspect.",
                governance: .ownerLed),
            by: dana)
        try await bring(marcus, into: lending.id)
        try await bring(nadia, into: lending.id)
        _ = try await initiatives.update(lending.id, UpdateInitiativeRequest(status: .active), by: dana.actor)
        try await add("amara.okafor@northbridge.example", .leader, to: lending.id, by: dana)
        try await add("liam.chen@northbridge.example", .contributor, to: lending.id, by: dana)
        try await add("sofia.marquez@northbridge.example", .contributor, to: lending.id, by: dana)
        try await add("henrik.larsen@northbridge.example", .observer, to: lending.id, by: dana)
        try await add("priya.nair@northbridge.example", .admin, to: lending.id, by: dana)
        try await add("yuki.tanaka@helio.example", .leader, to: lending.id, by: marcus)
        try await add("elena.petrova@helio.example", .contributor, to: lending.id, by: marcus)
        try await add("david.mensah@helio.example", .observer, to: lending.id, by: marcus)
        try await add("ben.oconnor@quarry.example", .leader, to: lending.id, by: nadia)
        try await add("lucia.romano@quarry.example", .contributor, to: lending.id, by: nadia)
        try await add("felix.weber@quarry.example", .observer, to: lending.id, by: nadia)

        // 2. Joint venture: stakes 50 / 30 / 20.
        let venture = try await initiatives.create(
            CreateInitiativeRequest(
                name: "GreenGrid Climate Finance",
                purpose: "A joint venture that finances rooftop solar and heat pumps for 10,000 homes in the region, "
                    + "pooling the bank's capital with Helio's metering platform and Quarry Labs' retrofit planning tools.",
                governance: .jointVenture),
            by: dana)
        try await bring(marcus, into: venture.id)
        try await bring(nadia, into: venture.id)
        // With partners in, the stakes are the partners' reserved decision (issue #13): proposed, passed by every
        // party's admin, applied in the seal. It is the venture's first register entry.
        let decisions = DecisionStore(application: app)
        let stakes = try await decisions.changeGovernance(
            venture.id,
            GovernanceRequest(model: .jointVenture, stakes: [
                dana.organizationID.uuidString.lowercased(): "50",
                marcus.organizationID.uuidString.lowercased(): "30",
                nadia.organizationID.uuidString.lowercased(): "20",
            ]),
            by: dana.actor)
        if case .proposed(let decision) = stakes {
            for admin in [dana, marcus, nadia] {
                _ = try await decisions.vote(decision.id, VoteRequest(position: "yes"), by: admin)
            }
            _ = try await decisions.close(decision.id, by: dana.actor)
        }
        _ = try await initiatives.update(venture.id, UpdateInitiativeRequest(status: .active), by: dana.actor)
        try await add("tomasz.nowak@northbridge.example", .leader, to: venture.id, by: dana)
        try await add("priya.nair@northbridge.example", .contributor, to: venture.id, by: dana)
        try await add("henrik.larsen@northbridge.example", .observer, to: venture.id, by: dana)
        try await add("chloe.dubois@helio.example", .leader, to: venture.id, by: marcus)
        try await add("raj.patel@helio.example", .contributor, to: venture.id, by: marcus)
        try await add("grace.kim@quarry.example", .leader, to: venture.id, by: nadia)
        try await add("omar.farouk@quarry.example", .contributor, to: venture.id, by: nadia)
        try await add("ines.silva@quarry.example", .observer, to: venture.id, by: nadia)
        try await DemoOKRs.load(into: app, people: byEmail, lending: lending.id, venture: venture.id)
        // Before the streams: the decisions' history is dated weeks back, so the latest of each log (the overview's
        // feed) stays today's work on streams and key results.
        try await DemoDecisions.load(into: app, people: byEmail, lending: lending.id, venture: venture.id)
        try await DemoValue.load(into: app, people: byEmail, venture: venture.id)
        try await DemoInvestments.load(into: app, people: byEmail, venture: venture.id)
        try await DemoWorkstreams.load(into: app, people: byEmail, lending: lending.id, venture: venture.id)
        try await DemoPractices.load(into: app, people: byEmail, lending: lending.id, venture: venture.id)
        try await DemoNeedsYou.load(into: app, people: byEmail, lending: lending.id, venture: venture.id)
        // Pulse (#15): three closed rounds and an open one in the owner-led initiative.
        try await DemoPulse.load(into: app, people: byEmail, lending: lending.id)
        // Feeds (#16): a tool's nightly check-ins on a pilot key result.
        try await DemoFeeds.load(into: app, people: byEmail, venture: venture.id)
        return people.count
    }

    public static var signInHelp: String {
        """
        Demo accounts (password '\(password)'):
          \(ownerAdminEmail)    owner-party admin (Northbridge Regional Development Bank)
          \(partnerAdminEmail) partner-party admin (Helio Systems)
        """
    }
}

public enum DemoError: Error, CustomStringConvertible {
    case alreadyLoaded
    /// Something the demo's story builds on is not there (a decision type, a workstream): the story changed under it.
    case missing(String)

    public var description: String {
        switch self {
        case .alreadyLoaded: "The demo is already loaded in this database."
        case .missing(let what): "The demo could not find \(what)."
        }
    }
}
