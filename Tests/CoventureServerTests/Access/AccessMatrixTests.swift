import CoventureCore
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import CoventureServer

/// The route × actor matrix: every registered route, tried by every kind of caller, with a valid request, must
/// be allowed or refused exactly as listed. A route registered without an entry here fails the test.
@Suite("Access matrix")
struct AccessMatrixTests {
    enum Actor: String, CaseIterable, Sendable {
        case anonymous, outsider, observer, contributor, partnerAdmin, ownerAdmin
    }

    enum Expect: Equatable, CustomStringConvertible {
        /// Allowed: a 2xx or 3xx that is not a bounce to the sign-in page.
        case ok
        /// A page route bouncing an anonymous visitor to the sign-in page.
        case signIn
        case status(HTTPResponseStatus)
        /// This status, for a caller who tries only after the allowed callers have made a one-time change.
        case afterwards(HTTPResponseStatus)

        static let notFound = Expect.status(.notFound)
        static let forbidden = Expect.status(.forbidden)
        static let unauthorized = Expect.status(.unauthorized)

        var description: String {
            switch self {
            case .ok: "allowed"
            case .signIn: "sign-in redirect"
            case .status(let status): "\(status.code)"
            case .afterwards(let status): "\(status.code) (after the change)"
            }
        }
    }

    struct Entry: Sendable {
        var method: HTTPMethod
        var url: SiteURL
        var path: @Sendable (World) -> String
        var form: (@Sendable (World) -> [String: String])? = nil
        var json: (@Sendable (World) -> any Encodable & Sendable)? = nil
        var text: (@Sendable (World) -> (body: String, type: HTTPMediaType))? = nil
        var expect: [Actor: Expect]

        var key: String { "\(method.rawValue) \(url.path)" }
    }

    /// Expectation shorthands.
    static func everyone(_ expect: Expect) -> [Actor: Expect] { Dictionary(uniqueKeysWithValues: Actor.allCases.map { ($0, expect) }) }
    static func members(anonymous: Expect) -> [Actor: Expect] {
        [.anonymous: anonymous, .outsider: .notFound, .observer: .ok, .contributor: .ok, .partnerAdmin: .ok, .ownerAdmin: .ok]
    }
    static func ownerAdminsOnly(anonymous: Expect) -> [Actor: Expect] {
        [.anonymous: anonymous, .outsider: .notFound, .observer: .forbidden, .contributor: .forbidden, .partnerAdmin: .forbidden, .ownerAdmin: .ok]
    }
    static func signedIn(anonymous: Expect) -> [Actor: Expect] {
        var all = everyone(.ok)
        all[.anonymous] = anonymous
        return all
    }
    static func orgAdmins(anonymous: Expect) -> [Actor: Expect] {
        [.anonymous: anonymous, .outsider: .ok, .observer: .forbidden, .contributor: .forbidden, .partnerAdmin: .ok, .ownerAdmin: .ok]
    }
    static func partyAdmins(anonymous: Expect) -> [Actor: Expect] {
        [.anonymous: anonymous, .outsider: .notFound, .observer: .forbidden, .contributor: .forbidden, .partnerAdmin: .ok, .ownerAdmin: .ok]
    }
    /// Members who may change content: everyone but observers.
    static func contributors(anonymous: Expect) -> [Actor: Expect] {
        [.anonymous: anonymous, .outsider: .notFound, .observer: .forbidden, .contributor: .ok, .partnerAdmin: .ok, .ownerAdmin: .ok]
    }
    /// A check-in on the matrix's key result, which the contributor owns in the owner's party: its owner and the owning
    /// party's admins; the partner's admin is refused (issue #12, bug 4).
    static func keyResultCheckIn(anonymous: Expect) -> [Actor: Expect] {
        [.anonymous: anonymous, .outsider: .notFound, .observer: .forbidden, .contributor: .ok, .partnerAdmin: .forbidden, .ownerAdmin: .ok]
    }
    /// A change that can happen once: the first contributor (in `Actor` order) makes it; the later ones find it made.
    static func contributorsOnce(anonymous: Expect, then later: HTTPResponseStatus) -> [Actor: Expect] {
        [.anonymous: anonymous, .outsider: .notFound, .observer: .forbidden, .contributor: .ok, .partnerAdmin: .afterwards(later), .ownerAdmin: .afterwards(later)]
    }
    /// The owner organization's own objectives: its admins create them; other parties' people find nothing to change.
    static func ownerOrganizationAdmins(anonymous: Expect) -> [Actor: Expect] {
        [.anonymous: anonymous, .outsider: .notFound, .observer: .notFound, .contributor: .forbidden, .partnerAdmin: .notFound, .ownerAdmin: .ok]
    }
    /// What is the owner admin's own (a token, a notification): anyone else finds nothing.
    static func ownTokenOnly(anonymous: Expect) -> [Actor: Expect] {
        [.anonymous: anonymous, .outsider: .notFound, .observer: .notFound, .contributor: .notFound, .partnerAdmin: .notFound, .ownerAdmin: .ok]
    }

    static let entries: [Entry] = {
        let i: @Sendable (World) -> Param<UUID> = { .value($0.initiative.id) }
        let newInitiative: @Sendable (World) -> [String: String] = { _ in ["name": "Another", "purpose": "p", "governance": "ownerLed"] }
        return [
            // Pages
            Entry(method: .GET, url: .home, path: { _ in SiteURL.home.path }, expect: signedIn(anonymous: .signIn)),
            Entry(method: .POST, url: .homeMarkRead(.key), path: { w in SiteURL.homeMarkRead(.value(w.initiative.id)).path },
                  form: { _ in ["through": "1"] }, expect: members(anonymous: .signIn)),
            // Nobody has a notice with a made-up id: everyone signed in finds nothing (Home/HomePageTests covers a real one).
            Entry(method: .POST, url: .noticeDismiss(.key), path: { _ in SiteURL.noticeDismiss(.value(UUID())).path }, form: { _ in [:] },
                  expect: [.anonymous: .signIn, .outsider: .notFound, .observer: .notFound, .contributor: .notFound,
                           .partnerAdmin: .notFound, .ownerAdmin: .notFound]),
            Entry(method: .GET, url: .healthz, path: { _ in SiteURL.healthz.path }, expect: everyone(.ok)),
            Entry(method: .GET, url: .signIn, path: { _ in SiteURL.signIn.path }, expect: everyone(.ok)),
            Entry(method: .POST, url: .signIn, path: { _ in SiteURL.signIn.path },
                  form: { w in ["email": w.ownerAdmin.email, "password": Factory.password] }, expect: everyone(.ok)),
            Entry(method: .POST, url: .signOut, path: { _ in SiteURL.signOut.path }, form: { _ in [:] }, expect: signedIn(anonymous: .signIn)),
            Entry(method: .GET, url: .invitation(.key), path: { w in w.pendingInvitation.link }, expect: everyone(.ok)),
            Entry(method: .POST, url: .invitation(.key), path: { w in w.pendingInvitation.link },
                  form: { _ in ["name": "New Comer", "password": "a fine long password"] },
                  expect: [.anonymous: .ok, .outsider: .forbidden, .observer: .forbidden, .contributor: .forbidden,
                           .partnerAdmin: .forbidden, .ownerAdmin: .forbidden]),
            Entry(method: .GET, url: .initiatives, path: { _ in SiteURL.initiatives.path }, expect: signedIn(anonymous: .signIn)),
            Entry(method: .POST, url: .initiatives, path: { _ in SiteURL.initiatives.path }, form: newInitiative, expect: orgAdmins(anonymous: .signIn)),
            Entry(method: .GET, url: .newInitiative, path: { _ in SiteURL.newInitiative.path }, expect: orgAdmins(anonymous: .signIn)),
            Entry(method: .GET, url: .initiative(.key), path: { w in SiteURL.initiative(i(w)).path }, expect: members(anonymous: .signIn)),
            Entry(method: .GET, url: .initiativeActivity(.key), path: { w in SiteURL.initiativeActivity(i(w)).path },
                  expect: members(anonymous: .signIn)),
            Entry(method: .GET, url: .initiativeLedger(.key), path: { w in SiteURL.initiativeLedger(i(w)).path }, expect: members(anonymous: .signIn)),
            Entry(method: .GET, url: .ledgerEntry(.key, index: .key), path: { w in SiteURL.ledgerEntry(i(w), index: .value(0)).path },
                  expect: members(anonymous: .signIn)),
            // An organization's admins register its cosigner key from the ledger page (each their own organization's).
            Entry(method: .POST, url: .ledgerCosignerKey(.key), path: { w in SiteURL.ledgerCosignerKey(i(w)).path },
                  form: { w in ["verifierKey": w.cosignable.ownerVerifierKey] },
                  expect: [.anonymous: .signIn, .outsider: .notFound, .observer: .forbidden, .contributor: .forbidden,
                           .partnerAdmin: .ok, .ownerAdmin: .ok]),
            Entry(method: .GET, url: .initiativeSettings(.key), path: { w in SiteURL.initiativeSettings(i(w)).path },
                  expect: ownerAdminsOnly(anonymous: .signIn)),
            Entry(method: .POST, url: .initiativeSettings(.key), path: { w in SiteURL.initiativeSettings(i(w)).path },
                  form: { _ in ["section": "details", "name": "Renamed", "purpose": "New purpose", "status": "active"] },
                  expect: ownerAdminsOnly(anonymous: .signIn)),
            Entry(method: .POST, url: .initiativePartners(.key), path: { w in SiteURL.initiativePartners(i(w)).path },
                  form: { _ in ["organizationName": "Third Partner", "email": "lead@third.example"] },
                  expect: ownerAdminsOnly(anonymous: .signIn)),
            Entry(method: .GET, url: .initiativeMembers(.key), path: { w in SiteURL.initiativeMembers(i(w)).path },
                  expect: members(anonymous: .signIn)),
            Entry(method: .POST, url: .initiativeMembers(.key), path: { w in SiteURL.initiativeMembers(i(w)).path },
                  form: { w in ["personId": w.addable.id.uuidString, "role": "contributor"] }, expect: ownerAdminsOnly(anonymous: .signIn)),
            Entry(method: .POST, url: .initiativeInvitations(.key), path: { w in SiteURL.initiativeInvitations(i(w)).path },
                  form: { _ in ["email": "someone.new@example.org", "role": "observer"] }, expect: partyAdmins(anonymous: .signIn)),
            Entry(method: .POST, url: .invitationRevoke(.key, invitation: .key),
                  path: { w in SiteURL.invitationRevoke(i(w), invitation: .value(w.pendingInvitation.invitation.id)).path },
                  form: { _ in [:] }, expect: ownerAdminsOnly(anonymous: .signIn)),
            Entry(method: .POST, url: .memberRole(.key, member: .key),
                  path: { w in SiteURL.memberRole(i(w), member: .value(w.target.id)).path },
                  form: { _ in ["role": "observer"] }, expect: ownerAdminsOnly(anonymous: .signIn)),
            Entry(method: .POST, url: .memberRemove(.key, member: .key),
                  path: { w in SiteURL.memberRemove(i(w), member: .value(w.target.id)).path },
                  form: { _ in [:] }, expect: ownerAdminsOnly(anonymous: .signIn)),
            Entry(method: .GET, url: .organization(.key), path: { w in SiteURL.organization(.value(w.partnerAdmin.organizationID)).path },
                  expect: members(anonymous: .signIn)),
            Entry(method: .GET, url: .tokens, path: { _ in SiteURL.tokens.path }, expect: signedIn(anonymous: .signIn)),
            Entry(method: .POST, url: .tokens, path: { _ in SiteURL.tokens.path }, form: { _ in ["name": "script"] }, expect: signedIn(anonymous: .signIn)),
            Entry(method: .POST, url: .tokenRevoke(.key), path: { w in SiteURL.tokenRevoke(.value(w.spareToken.token.id)).path },
                  form: { _ in [:] }, expect: ownTokenOnly(anonymous: .signIn)),
            // Notifications: each person's own list; one of the owner admin's to mark read.
            Entry(method: .GET, url: .notifications, path: { _ in SiteURL.notifications.path }, expect: signedIn(anonymous: .signIn)),
            Entry(method: .POST, url: .notificationRead(.key), path: { w in SiteURL.notificationRead(.value(w.notification)).path },
                  form: { _ in [:] }, expect: ownTokenOnly(anonymous: .signIn)),
            Entry(method: .POST, url: .notificationsReadAll, path: { _ in SiteURL.notificationsReadAll.path }, form: { _ in [:] },
                  expect: signedIn(anonymous: .signIn)),
            // My updates (#16): each person's own key results; a submit with nothing changed records nothing.
            Entry(method: .GET, url: .myUpdates, path: { _ in SiteURL.myUpdates.path }, expect: signedIn(anonymous: .signIn)),
            Entry(method: .POST, url: .myUpdates, path: { _ in SiteURL.myUpdates.path }, form: { _ in [:] }, expect: signedIn(anonymous: .signIn)),

            // API
            Entry(method: .GET, url: .api(.openAPI), path: { _ in APIURL.openAPI.path }, expect: everyone(.ok)),
            Entry(method: .GET, url: .api(.me), path: { _ in APIURL.me.path }, expect: signedIn(anonymous: .unauthorized)),
            Entry(method: .GET, url: .api(.person(.key)), path: { w in APIURL.person(.value(w.target.personId)).path },
                  expect: members(anonymous: .unauthorized)),
            Entry(method: .GET, url: .api(.organization(.key)), path: { w in APIURL.organization(.value(w.partnerAdmin.organizationID)).path },
                  expect: members(anonymous: .unauthorized)),
            Entry(method: .GET, url: .api(.tokens), path: { _ in APIURL.tokens.path }, expect: signedIn(anonymous: .unauthorized)),
            Entry(method: .POST, url: .api(.tokens), path: { _ in APIURL.tokens.path }, json: { _ in ["name": "ci"] },
                  expect: signedIn(anonymous: .unauthorized)),
            Entry(method: .DELETE, url: .api(.token(.key)), path: { w in APIURL.token(.value(w.spareToken.token.id)).path },
                  expect: ownTokenOnly(anonymous: .unauthorized)),
            Entry(method: .GET, url: .api(.myNotifications), path: { _ in APIURL.myNotifications.path }, expect: signedIn(anonymous: .unauthorized)),
            Entry(method: .GET, url: .api(.myKeyResults), path: { _ in APIURL.myKeyResults.path }, expect: signedIn(anonymous: .unauthorized)),
            // A batch of one check-in on the world's key result: allowed exactly as that check-in is.
            Entry(method: .POST, url: .api(.myCheckIns), path: { _ in APIURL.myCheckIns.path },
                  json: { w in MyCheckInsRequest(checkIns: [.init(keyResultId: w.okrs.keyResult.id, value: NumberInput("250"), confidence: "onTrack")]) },
                  expect: keyResultCheckIn(anonymous: .unauthorized)),
            Entry(method: .POST, url: .api(.notificationRead(.key)), path: { w in APIURL.notificationRead(.value(w.notification)).path },
                  expect: ownTokenOnly(anonymous: .unauthorized)),
            Entry(method: .GET, url: .api(.initiatives), path: { _ in APIURL.initiatives.path }, expect: signedIn(anonymous: .unauthorized)),
            Entry(method: .POST, url: .api(.initiatives), path: { _ in APIURL.initiatives.path }, json: newInitiative,
                  expect: orgAdmins(anonymous: .unauthorized)),
            Entry(method: .GET, url: .api(.initiative(.key)), path: { w in APIURL.initiative(i(w)).path }, expect: members(anonymous: .unauthorized)),
            Entry(method: .PATCH, url: .api(.initiative(.key)), path: { w in APIURL.initiative(i(w)).path }, json: { _ in ["name": "Renamed"] },
                  expect: ownerAdminsOnly(anonymous: .unauthorized)),
            Entry(method: .PUT, url: .api(.governance(.key)), path: { w in APIURL.governance(i(w)).path }, json: { _ in ["model": "ownerLed"] },
                  expect: ownerAdminsOnly(anonymous: .unauthorized)),
            Entry(method: .GET, url: .api(.parties(.key)), path: { w in APIURL.parties(i(w)).path }, expect: members(anonymous: .unauthorized)),
            Entry(method: .POST, url: .api(.parties(.key)), path: { w in APIURL.parties(i(w)).path },
                  json: { _ in ["organizationName": "Third Partner", "email": "lead@third.example"] },
                  expect: ownerAdminsOnly(anonymous: .unauthorized)),
            Entry(method: .GET, url: .api(.members(.key)), path: { w in APIURL.members(i(w)).path }, expect: members(anonymous: .unauthorized)),
            Entry(method: .POST, url: .api(.members(.key)), path: { w in APIURL.members(i(w)).path },
                  json: { w in ["personId": w.addable.id.uuidString, "role": "contributor"] }, expect: ownerAdminsOnly(anonymous: .unauthorized)),
            Entry(method: .PATCH, url: .api(.member(.key, member: .key)), path: { w in APIURL.member(i(w), member: .value(w.target.id)).path },
                  json: { _ in ["role": "observer"] }, expect: ownerAdminsOnly(anonymous: .unauthorized)),
            Entry(method: .DELETE, url: .api(.member(.key, member: .key)), path: { w in APIURL.member(i(w), member: .value(w.target.id)).path },
                  expect: ownerAdminsOnly(anonymous: .unauthorized)),
            Entry(method: .GET, url: .api(.invitations(.key)), path: { w in APIURL.invitations(i(w)).path }, expect: members(anonymous: .unauthorized)),
            Entry(method: .POST, url: .api(.invitations(.key)), path: { w in APIURL.invitations(i(w)).path },
                  json: { _ in ["email": "someone.new@example.org", "role": "observer"] }, expect: partyAdmins(anonymous: .unauthorized)),
            Entry(method: .DELETE, url: .api(.invitation(.key, invitation: .key)),
                  path: { w in APIURL.invitation(i(w), invitation: .value(w.pendingInvitation.invitation.id)).path },
                  expect: ownerAdminsOnly(anonymous: .unauthorized)),
            Entry(method: .POST, url: .api(.acceptInvitation(.key)),
                  path: { w in APIURL.acceptInvitation(.value(Factory.code(of: w.pendingInvitation))).path },
                  expect: [.anonymous: .unauthorized, .outsider: .forbidden, .observer: .forbidden, .contributor: .forbidden,
                           .partnerAdmin: .forbidden, .ownerAdmin: .forbidden]),
            Entry(method: .GET, url: .api(.ledgerVerifierKey), path: { _ in APIURL.ledgerVerifierKey.path }, expect: signedIn(anonymous: .unauthorized)),
            Entry(method: .GET, url: .api(.ledgerCheckpoint(.key)), path: { w in APIURL.ledgerCheckpoint(i(w)).path }, expect: members(anonymous: .unauthorized)),
            Entry(method: .GET, url: .api(.ledgerEntries(.key)), path: { w in APIURL.ledgerEntries(i(w)).path }, expect: members(anonymous: .unauthorized)),
            Entry(method: .GET, url: .api(.ledgerInclusionProof(.key)), path: { w in APIURL.ledgerInclusionProof(i(w)).path + "?index=0&size=2" },
                  expect: members(anonymous: .unauthorized)),
            Entry(method: .GET, url: .api(.ledgerConsistencyProof(.key)), path: { w in APIURL.ledgerConsistencyProof(i(w)).path + "?from=1&to=3" },
                  expect: members(anonymous: .unauthorized)),
            Entry(method: .POST, url: .api(.ledgerCosignatures(.key)), path: { w in APIURL.ledgerCosignatures(i(w)).path },
                  json: { w in CosignatureRequest(size: w.cosignable.size, signature: w.cosignable.ownerSignature) },
                  // A partner admin may cosign for their own organization, which has registered no key here: 400.
                  expect: [.anonymous: .unauthorized, .outsider: .notFound, .observer: .forbidden, .contributor: .forbidden,
                           .partnerAdmin: .status(.badRequest), .ownerAdmin: .ok]),
            Entry(method: .PUT, url: .api(.cosignerKey(.key)), path: { w in APIURL.cosignerKey(.value(w.ownerAdmin.organizationID)).path },
                  json: { w in ["verifierKey": w.cosignable.ownerVerifierKey] },
                  expect: [.anonymous: .unauthorized, .outsider: .notFound, .observer: .notFound, .contributor: .forbidden,
                           .partnerAdmin: .notFound, .ownerAdmin: .ok]),
            Entry(method: .GET, url: .api(.events(.key)), path: { w in APIURL.events(i(w)).path }, expect: members(anonymous: .unauthorized)),
        ] + okrEntries + workstreamEntries + decisionEntries + valueEntries + investmentEntries + practiceEntries
            + pulseEntries + webhookEntries + feedEntries + liveEntries + exportEntries
    }()

    /// OKR pages and API.
    static let okrEntries: [Entry] = {
        let i: @Sendable (World) -> Param<UUID> = { .value($0.initiative.id) }
        let o: @Sendable (World) -> Param<UUID> = { .value($0.okrs.objective.id) }
        let k: @Sendable (World) -> Param<UUID> = { .value($0.okrs.keyResult.id) }
        let org: @Sendable (World) -> Param<UUID> = { .value($0.ownerAdmin.organizationID) }
        let objectiveForm: @Sendable (World) -> [String: String] = { _ in ["title": "Another objective", "periodStart": "2027-01-01", "periodEnd": "2027-12-31"] }
        let keyResultForm: @Sendable (World) -> [String: String] = { _ in ["title": "Branches live", "kind": "binary"] }
        let checkInForm: @Sendable (World) -> [String: String] = { _ in ["value": "250", "confidence": "onTrack"] }
        let csv: @Sendable (World) -> String = { _ in
            OKRTransfer.columns.joined(separator: ",") + "\nO1,,objective,Imported objective,,,,,,,1,2027-01-01,2027-06-30,\n"
        }
        let alignForm: @Sendable (World) -> [String: String] = { w in ["parentId": w.okrs.secondObjective.id.uuidString, "kind": "supporting"] }
        return [
            Entry(method: .GET, url: .okrTree(.key), path: { w in SiteURL.okrTree(i(w)).path }, expect: members(anonymous: .signIn)),
            Entry(method: .POST, url: .okrTree(.key), path: { w in SiteURL.okrTree(i(w)).path }, form: objectiveForm,
                  expect: contributors(anonymous: .signIn)),
            Entry(method: .POST, url: .okrSettings(.key), path: { w in SiteURL.okrSettings(i(w)).path }, form: { _ in ["checkInStaleDays": "21"] },
                  expect: ownerAdminsOnly(anonymous: .signIn)),
            Entry(method: .GET, url: .okrExport(.key), path: { w in SiteURL.okrExport(i(w)).path }, expect: members(anonymous: .signIn)),
            Entry(method: .GET, url: .okrImport(.key), path: { w in SiteURL.okrImport(i(w)).path }, expect: contributors(anonymous: .signIn)),
            Entry(method: .POST, url: .okrImport(.key), path: { w in SiteURL.okrImport(i(w)).path }, form: { w in ["csv": csv(w)] },
                  expect: contributors(anonymous: .signIn)),
            Entry(method: .GET, url: .lineOfSight(.key), path: { w in SiteURL.lineOfSight(i(w)).path }, expect: members(anonymous: .signIn)),
            Entry(method: .GET, url: .objective(.key), path: { w in SiteURL.objective(o(w)).path }, expect: members(anonymous: .signIn)),
            Entry(method: .POST, url: .objectiveKeyResults(.key), path: { w in SiteURL.objectiveKeyResults(o(w)).path }, form: keyResultForm,
                  expect: contributors(anonymous: .signIn)),
            // Linking the same two objectives twice is a conflict.
            Entry(method: .POST, url: .objectiveAlignments(.key), path: { w in SiteURL.objectiveAlignments(o(w)).path }, form: alignForm,
                  expect: contributorsOnce(anonymous: .signIn, then: .conflict)),
            // Once removed, the link is gone.
            Entry(method: .POST, url: .objectiveAlignmentRemove(.key, alignment: .key),
                  path: { w in SiteURL.objectiveAlignmentRemove(o(w), alignment: .value(w.okrs.alignmentID)).path }, form: { _ in [:] },
                  expect: contributorsOnce(anonymous: .signIn, then: .notFound)),
            Entry(method: .GET, url: .keyResult(.key), path: { w in SiteURL.keyResult(k(w)).path }, expect: members(anonymous: .signIn)),
            Entry(method: .POST, url: .keyResultCheckIns(.key), path: { w in SiteURL.keyResultCheckIns(k(w)).path }, form: checkInForm,
                  expect: keyResultCheckIn(anonymous: .signIn)),
            Entry(method: .GET, url: .organizationOKRs(.key), path: { w in SiteURL.organizationOKRs(org(w)).path }, expect: members(anonymous: .signIn)),
            Entry(method: .POST, url: .organizationOKRs(.key), path: { w in SiteURL.organizationOKRs(org(w)).path }, form: objectiveForm,
                  expect: ownerOrganizationAdmins(anonymous: .signIn)),

            Entry(method: .GET, url: .api(.initiativeOKRs(.key)), path: { w in APIURL.initiativeOKRs(i(w)).path }, expect: members(anonymous: .unauthorized)),
            Entry(method: .GET, url: .api(.initiativeObjectives(.key)), path: { w in APIURL.initiativeObjectives(i(w)).path },
                  expect: members(anonymous: .unauthorized)),
            Entry(method: .POST, url: .api(.initiativeObjectives(.key)), path: { w in APIURL.initiativeObjectives(i(w)).path }, json: objectiveForm,
                  expect: contributors(anonymous: .unauthorized)),
            Entry(method: .GET, url: .api(.objective(.key)), path: { w in APIURL.objective(o(w)).path }, expect: members(anonymous: .unauthorized)),
            Entry(method: .PATCH, url: .api(.objective(.key)), path: { w in APIURL.objective(o(w)).path }, json: { _ in ["title": "Renamed objective"] },
                  expect: contributors(anonymous: .unauthorized)),
            Entry(method: .POST, url: .api(.objectiveKeyResults(.key)), path: { w in APIURL.objectiveKeyResults(o(w)).path }, json: keyResultForm,
                  expect: contributors(anonymous: .unauthorized)),
            Entry(method: .POST, url: .api(.objectiveAlignments(.key)), path: { w in APIURL.objectiveAlignments(o(w)).path }, json: alignForm,
                  expect: contributorsOnce(anonymous: .unauthorized, then: .conflict)),
            Entry(method: .DELETE, url: .api(.objectiveAlignment(.key, alignment: .key)),
                  path: { w in APIURL.objectiveAlignment(o(w), alignment: .value(w.okrs.alignmentID)).path },
                  expect: contributorsOnce(anonymous: .unauthorized, then: .notFound)),
            Entry(method: .GET, url: .api(.keyResult(.key)), path: { w in APIURL.keyResult(k(w)).path }, expect: members(anonymous: .unauthorized)),
            Entry(method: .PATCH, url: .api(.keyResult(.key)), path: { w in APIURL.keyResult(k(w)).path }, json: { _ in ["title": "Renamed KR"] },
                  expect: contributors(anonymous: .unauthorized)),
            Entry(method: .GET, url: .api(.keyResultCheckIns(.key)), path: { w in APIURL.keyResultCheckIns(k(w)).path },
                  expect: members(anonymous: .unauthorized)),
            Entry(method: .POST, url: .api(.keyResultCheckIns(.key)), path: { w in APIURL.keyResultCheckIns(k(w)).path }, json: checkInForm,
                  expect: keyResultCheckIn(anonymous: .unauthorized)),
            Entry(method: .GET, url: .api(.lineOfSight(.key)), path: { w in APIURL.lineOfSight(i(w)).path }, expect: members(anonymous: .unauthorized)),
            Entry(method: .GET, url: .api(.alignmentReport(.key)), path: { w in APIURL.alignmentReport(i(w)).path },
                  expect: members(anonymous: .unauthorized)),
            Entry(method: .PUT, url: .api(.initiativeOKRSettings(.key)), path: { w in APIURL.initiativeOKRSettings(i(w)).path },
                  json: { _ in ["checkInStaleDays": 21] }, expect: ownerAdminsOnly(anonymous: .unauthorized)),
            Entry(method: .GET, url: .api(.initiativeOKRsCSV(.key)), path: { w in APIURL.initiativeOKRsCSV(i(w)).path },
                  expect: members(anonymous: .unauthorized)),
            Entry(method: .POST, url: .api(.initiativeOKRsCSV(.key)), path: { w in APIURL.initiativeOKRsCSV(i(w)).path },
                  text: { w in (csv(w), HTTPMediaType(type: "text", subType: "csv")) }, expect: contributors(anonymous: .unauthorized)),
            Entry(method: .GET, url: .api(.organizationObjectives(.key)), path: { w in APIURL.organizationObjectives(org(w)).path },
                  expect: members(anonymous: .unauthorized)),
            Entry(method: .POST, url: .api(.organizationObjectives(.key)), path: { w in APIURL.organizationObjectives(org(w)).path },
                  json: objectiveForm, expect: ownerOrganizationAdmins(anonymous: .unauthorized)),
        ]
    }()

    @Test("Every registered route has a matrix entry, and every entry a route")
    func everyRouteIsCovered() async throws {
        try await withTestApp(.sqlite) { t in
            let registered = Set(t.app.routes.all.map { "\($0.method.rawValue) /\($0.path.map(\.description).joined(separator: "/"))" })
            let listed = Set(Self.entries.map(\.key))
            #expect(registered.subtracting(listed).sorted() == [], "routes without an access-matrix entry")
            #expect(listed.subtracting(registered).sorted() == [], "matrix entries without a route")
            for entry in Self.entries {
                #expect(Set(entry.expect.keys) == Set(Actor.allCases), "\(entry.key) must list every actor")
            }
        }
    }

    @Test("Every route allows and refuses exactly as the matrix says", arguments: TestDatabase.all)
    func matrix(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            var shared: World? = nil
            for entry in Self.entries {
                // Reads share one world; each change gets a fresh one so earlier changes cannot sway it.
                let world: World
                if entry.method == .GET, let existing = shared {
                    world = existing
                } else {
                    world = try await World.make(t)
                    if entry.method == .GET { shared = world }
                }
                // Refusals first: an allowed change (say, a removal) must not turn a later refusal into a 404.
                let rank: (Actor) -> Int = { actor in
                    switch entry.expect[actor]! {
                    case .ok: 1
                    case .afterwards: 2
                    default: 0
                    }
                }
                let order = Actor.allCases.sorted { rank($0) < rank($1) }
                for actor in order {
                    let caller = try await caller(actor, in: world, t, api: entry.url.isAPI)
                    let response = try await t.send(
                        entry.method, entry.path(world), as: caller, form: entry.form?(world),
                        json: entry.json?(world), text: entry.text?(world))
                    let expected = entry.expect[actor]!
                    #expect(
                        Self.matches(response, expected), "\(entry.key) as \(actor): expected \(expected), got \(response.status.code) \(response.text.prefix(200))")
                }
            }
        }
    }

    static func matches(_ response: TestingHTTPResponse, _ expected: Expect) -> Bool {
        let location = response.headers.first(name: .location) ?? ""
        switch expected {
        case .ok: return response.status.code < 400 && !location.hasPrefix(SiteURL.signIn.path + "?next=")
        case .signIn: return response.status == .seeOther && location.hasPrefix(SiteURL.signIn.path + "?next=")
        case .status(let status), .afterwards(let status): return response.status == status
        }
    }

    func caller(_ actor: Actor, in world: World, _ t: TestApp, api: Bool) async throws -> Caller {
        let person: SignedInPerson
        switch actor {
        case .anonymous: return .anonymous
        case .outsider: person = world.outsider
        case .observer: person = world.observer
        case .contributor: person = world.contributor
        case .partnerAdmin: person = world.partnerAdmin
        case .ownerAdmin: person = world.ownerAdmin
        }
        return api ? try await Factory.token(t, person) : try await Factory.session(t, person)
    }
}

extension SiteURL {
    var isAPI: Bool { if case .api = self { true } else { false } }
}
