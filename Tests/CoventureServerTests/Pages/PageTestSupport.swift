import CoventureCore
import Foundation
import Plot
import Testing

@testable import CoventureServer

/// Hand-built page models for the page render tests: deterministic ids and dates, no database, no server.
///
/// Every factory builds a plausible value with defaults a test overrides only where its behaviour depends on it.
enum Fixture {
    /// The form token every fixture context carries; a form without it would be refused by the CSRF check.
    static let csrf = "csrf-0123456789abcdef"
    /// Breaks out of a double-quoted attribute, or opens a script in text, when written raw.
    static let hostile = "\"><script>alert(1)</script>"
    /// Breaks out of a single-quoted attribute when written raw.
    static let hostileQuote = "' onmouseover=x"
    /// How `hostile` reads once escaped, in text and in attributes alike.
    static let hostileEscaped = "&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"
    static let hostileQuoteEscaped = "&#39; onmouseover=x"

    /// `00000000-0000-0000-0000-<n as 12 digits>`: ids that read well in a failing assertion.
    static func id(_ n: Int) -> UUID {
        let digits = String(n)
        return UUID(uuidString: "00000000-0000-0000-0000-" + String(repeating: "0", count: 12 - digits.count) + digits)!
    }

    /// The lower-case text form links and form values use.
    static func text(_ id: UUID) -> String { id.uuidString.lowercased() }

    /// 15 Jan 2027, 08:00 UTC.
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static func date(days: Double) -> Date { now.addingTimeInterval(days * 86_400) }
    static func day(_ text: String) -> CalendarDate { try! CalendarDate(parsing: text) }

    // MARK: People and organizations

    static let ownerOrg = id(101)
    static let partnerOrg = id(102)
    static let viewerID = id(201)

    static func viewer(
        id: UUID = viewerID, name: String = "Vera Viewer", organizationID: UUID = ownerOrg,
        organizationName: String = "Bank", isOrgAdmin: Bool = false
    ) -> SignedInPerson {
        SignedInPerson(
            id: id, name: name, email: "vera@bank.example", organizationID: organizationID,
            organizationName: organizationName, isOrgAdmin: isOrgAdmin, sessionID: nil)
    }

    static func context(_ person: SignedInPerson? = viewer()) -> PageContext {
        PageContext(person: person, csrfToken: csrf)
    }

    static func person(
        _ n: Int, name: String = "Pat Person", organizationID: UUID = ownerOrg, organizationName: String = "Bank"
    ) -> PersonDTO {
        PersonDTO(
            id: id(n), name: name, email: "p\(n)@example.org", organizationId: organizationID,
            organizationName: organizationName)
    }

    // MARK: Initiatives

    static let initiativeID = id(1)
    static let ownerParty = id(11)
    static let partnerParty = id(12)

    static func party(
        _ party: UUID = ownerParty, organizationID: UUID = ownerOrg, name: String = "Bank", kind: PartyKind = .owner,
        stake: String? = nil
    ) -> PartyDTO {
        PartyDTO(
            id: party, organizationId: organizationID, organizationName: name, kind: kind, status: .active, stake: stake
        )
    }

    static let bothParties = [party(), party(partnerParty, organizationID: partnerOrg, name: "Helio", kind: .partner)]

    static func initiative(
        name: String = "Open Lending", purpose: String = "Lend to small firms together.",
        status: InitiativeStatus = .active,
        governance: GovernanceModel = .ownerLed, parties: [PartyDTO] = bothParties
    ) -> InitiativeDTO {
        InitiativeDTO(
            id: initiativeID, name: name, purpose: purpose, status: status, governance: governance,
            ownerOrganizationId: ownerOrg,
            parties: parties, createdAt: now)
    }

    static func summary(
        _ n: Int, name: String = "Open Lending", purpose: String = "Lend to small firms together.",
        status: InitiativeStatus = .active,
        governance: GovernanceModel = .ownerLed, role: MemberRole = .contributor
    ) -> InitiativeSummary {
        InitiativeSummary(
            id: id(n), name: name, purpose: purpose, status: status, governance: governance,
            ownerOrganizationId: ownerOrg,
            ownerOrganizationName: "Bank", role: role)
    }

    static func member(
        _ n: Int, name: String = "Mia Member", role: MemberRole = .contributor, party: UUID = ownerParty,
        organizationID: UUID = ownerOrg, organizationName: String = "Bank", personID: UUID? = nil
    ) -> MemberDTO {
        MemberDTO(
            id: id(n), personId: personID ?? id(n + 1000), name: name, email: "m\(n)@example.org",
            organizationId: organizationID,
            organizationName: organizationName, partyId: party, role: role)
    }

    static func invitation(
        _ n: Int, kind: InvitationKind = .member, email: String = "new@example.org", role: MemberRole = .contributor,
        organizationID: UUID? = ownerOrg, organizationName: String = "Bank"
    ) -> InvitationDTO {
        InvitationDTO(
            id: id(n), kind: kind, email: email, role: role, organizationId: organizationID,
            organizationName: organizationName,
            createdAt: now, expiresAt: date(days: 7), acceptedAt: nil, revokedAt: nil)
    }

    static func activity(_ sequence: Int, actor: String = "Olivia Owner", sentence: String = "started the initiative")
        -> ActivityItem
    {
        ActivityItem(sequence: sequence, actor: actor, sentence: sentence, at: now)
    }

    static func report(
        staleAfterDays: Int = 14, unaligned: [AlignmentReportDTO.Item] = [],
        withoutKeyResults: [AlignmentReportDTO.Item] = [],
        stale: [AlignmentReportDTO.Item] = [], withoutOwner: [AlignmentReportDTO.Item] = []
    ) -> AlignmentReportDTO {
        AlignmentReportDTO(
            staleAfterDays: staleAfterDays, unalignedObjectives: unaligned,
            objectivesWithoutKeyResults: withoutKeyResults,
            staleKeyResults: stale, keyResultsWithoutOwner: withoutOwner)
    }

    static func item(_ n: Int, _ title: String = "Item") -> AlignmentReportDTO.Item {
        .init(id: id(n), title: "\(title) \(n)")
    }

    // MARK: OKRs

    static func period() -> PeriodDTO { PeriodDTO(id: id(31), name: "2027 H1", start: "2027-01-01", end: "2027-06-30") }

    static func keyResult(
        _ n: Int, title: String = "Loans approved in a day", kind: KeyResultKind = .increase, unit: String = "%",
        baseline: Double? = 10, target: Double? = 40, steps: [String] = [], current: Double? = 25,
        confidence: Confidence? = .onTrack,
        progress: Double? = 0.5, ownerName: String? = "Olivia Owner", objectiveID: UUID = id(401)
    ) -> KeyResultDTO {
        KeyResultDTO(
            id: id(n), objectiveId: objectiveID, initiativeId: initiativeID, title: title, kind: kind, unit: unit,
            baseline: baseline,
            target: target, steps: steps, weight: 1, ownerId: ownerName == nil ? nil : id(1201), ownerName: ownerName,
            current: current,
            confidence: confidence, lastCheckInAt: current == nil ? nil : now, progress: progress, createdAt: now,
            checkIns: nil)
    }

    static func alignment(
        _ n: Int, parent: UUID, title: String = "Grow small-business lending", organizationName: String = "Bank",
        ownObjective: Bool = true, kind: AlignmentKind = .contributing
    ) -> AlignmentDTO {
        AlignmentDTO(
            id: id(n), childId: id(401), parentId: parent, parentTitle: title, parentOrganizationId: ownerOrg,
            parentOrganizationName: organizationName, parentIsOrganizationObjective: ownObjective, kind: kind)
    }

    static func objective(
        _ n: Int = 401, title: String = "Faster loans", description: String = "", initiativeID: UUID? = initiativeID,
        organizationID: UUID = ownerOrg, organizationName: String = "Bank", ownerName: String? = nil,
        parentID: UUID? = nil,
        alignments: [AlignmentDTO] = [], keyResults: [KeyResultDTO] = [], progress: Double? = nil
    ) -> ObjectiveDTO {
        ObjectiveDTO(
            id: id(n), initiativeId: initiativeID, organizationId: organizationID, organizationName: organizationName,
            title: title,
            description: description, weight: 1, ownerId: ownerName == nil ? nil : id(1201), ownerName: ownerName,
            period: period(),
            parentId: parentID, alignments: alignments, keyResults: keyResults, rolledUpProgress: progress,
            createdAt: now)
    }

    static func sight(
        personName: String = "Vera Viewer", streams: [LineOfSightStream] = [], workItems: [LineOfSightWorkItem] = [],
        keyResults: [KeyResultDTO] = [], objectives: [ObjectiveDTO] = []
    ) -> LineOfSightDTO {
        LineOfSightDTO(
            initiativeId: initiativeID, personId: viewerID, personName: personName, workstreams: streams,
            workItems: workItems,
            keyResults: keyResults, objectives: objectives)
    }

    // MARK: Workstreams

    static let streamID = id(501)

    static func leader(name: String = "Lena Leader", commitment: Int = 60, organizationID: UUID = ownerOrg)
        -> StreamPersonDTO
    {
        StreamPersonDTO(
            personId: id(1301), name: name, organizationId: organizationID, organizationName: "Bank",
            commitment: commitment)
    }

    static func assignment(
        _ n: Int, name: String = "Pia Partner", role: String = "Analyst", commitment: Int = 20,
        termEnd: CalendarDate? = nil,
        personID: UUID? = nil, organizationID: UUID = partnerOrg, organizationName: String = "Helio"
    ) -> AssignmentDTO {
        AssignmentDTO(
            id: id(n), workstreamId: streamID, personId: personID ?? id(n + 1000), name: name,
            organizationId: organizationID,
            organizationName: organizationName, role: role, commitment: commitment, termEnd: termEnd)
    }

    static func streamKeyResult(
        _ n: Int, title: String = "Loans approved in a day", objectiveTitle: String? = "Faster loans",
        progress: Double? = 0.5
    ) -> StreamKeyResultDTO {
        StreamKeyResultDTO(
            id: id(n), title: title, objectiveId: id(401), objectiveTitle: objectiveTitle, progress: progress)
    }

    static func stream(
        id streamID: UUID = streamID, kind: WorkstreamKind = .stream, name: String = "Onboarding",
        purpose: String = "Open accounts in minutes.",
        startDate: String = "2027-01-04", endDate: String? = nil, status: WorkstreamStatus = .active,
        leader: StreamPersonDTO? = leader(), assignments: [AssignmentDTO] = [], keyResults: [StreamKeyResultDTO] = [],
        flags: [HealthFlag] = [], charter: CharterStatusDTO? = nil, closingNote: String? = nil
    ) -> WorkstreamDTO {
        var parties: [StreamPartyDTO] = []
        for person in (leader.map { [($0.organizationId, $0.organizationName)] } ?? [])
            + assignments.map({ ($0.organizationId, $0.organizationName) })
        where !parties.contains(where: { $0.organizationId == person.0 }) {
            parties.append(StreamPartyDTO(organizationId: person.0, organizationName: person.1))
        }
        return WorkstreamDTO(
            id: streamID, initiativeId: initiativeID, kind: kind, name: name, purpose: purpose,
            startDate: day(startDate),
            endDate: endDate.map(day), status: status, leader: leader, assignments: assignments, parties: parties,
            totalCommitment: (leader?.commitment ?? 0) + assignments.map(\.commitment).reduce(0, +),
            keyResults: keyResults, flags: flags,
            charter: charter, closingNote: closingNote, createdAt: now)
    }

    static func workItem(
        _ n: Int, title: String = "Draft the checklist", status: WorkItemStatus = .todo,
        assigneeName: String = "Pia Partner",
        keyResultID: UUID? = nil
    ) -> WorkItemDTO {
        WorkItemDTO(
            id: id(n), workstreamId: streamID, title: title, assigneeId: id(1601), assigneeName: assigneeName,
            status: status,
            keyResultId: keyResultID, createdAt: now)
    }

    static func charter(
        version: Int = 1, isCurrent: Bool = true, purpose: String = "Open accounts in minutes.",
        accountableFor: String = "",
        reviewDate: String? = nil, agreements: [CharterAgreementDTO] = []
    ) -> CharterDTO {
        CharterDTO(
            id: id(700 + version), workstreamId: streamID, version: version, isCurrent: isCurrent, purpose: purpose,
            accountableFor: accountableFor, workingAgreements: "", howItDecides: "", reviewDate: reviewDate.map(day),
            createdAt: now,
            agreements: agreements)
    }

    static func agreement(name: String = "Olivia Owner", organizationName: String = "Bank") -> CharterAgreementDTO {
        CharterAgreementDTO(
            personId: id(1401), name: name, organizationId: ownerOrg, organizationName: organizationName, agreedAt: now)
    }

    // MARK: Ledger

    static func hash(_ byte: UInt8) -> MerkleHash { MerkleHash(bytes: [UInt8](repeating: byte, count: 32))! }

    static func checkpoint(size: UInt64 = 3, note: String = "coventure.example/initiative\n3\nq80=\n")
        -> StoredCheckpoint
    {
        StoredCheckpoint(size: size, rootHash: hash(0xab), note: note, signedAt: now)
    }

    // MARK: Tokens

    static func token(_ n: Int, name: String = "quarterly report", lastUsed: Date? = nil, revoked: Bool = false)
        -> TokenDTO
    {
        TokenDTO(id: id(n), name: name, createdAt: now, lastUsedAt: lastUsed, revokedAt: revoked ? now : nil)
    }
}

/// A rendered page, with the few ways the tests look into it.
struct Rendered: CustomStringConvertible {
    let html: String

    init(_ document: HTML) { html = document.render() }

    var description: String { html }

    func contains(_ text: String) -> Bool { html.contains(text) }

    func count(_ text: String) -> Int { html.components(separatedBy: text).count - 1 }

    /// Every `<form …>…</form>`, in order.
    var forms: [String] {
        var found: [String] = []
        var rest = html[...]
        while let start = rest.range(of: "<form"), let end = rest[start.lowerBound...].range(of: "</form>") {
            found.append(String(rest[start.lowerBound..<end.upperBound]))
            rest = rest[end.upperBound...]
        }
        return found
    }

    /// The forms that post (the layout's sign-out form included).
    var postForms: [String] { forms.filter { $0.contains("method=\"post\"") } }

    /// The form that posts to `url`, if there is one.
    func form(posting url: SiteURL) -> String? {
        postForms.first { $0.contains("action=\"\(HTMLEscaping.escape(url.path))\"") }
    }

    /// The `<div class="field…">` of the input, textarea or select named `name`: its label, control and error.
    func field(_ name: String) -> String? {
        guard let label = html.range(of: "<label for=\"field-\(name)\">"),
            let start = html[..<label.lowerBound].range(of: "<div class=\"field", options: .backwards),
            let end = html[label.upperBound...].range(of: "</div>")
        else { return nil }
        return String(html[start.lowerBound..<end.upperBound])
    }

    /// Whether a link to `url` is on the page.
    func links(to url: SiteURL) -> Bool { html.contains("href=\"\(HTMLEscaping.escape(url.path))\"") }
}

/// Assertions every page test makes the same way.
enum PageExpect {
    /// Every form that posts carries the CSRF token in its hidden field.
    static func csrfInEveryForm(_ page: Rendered, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!page.postForms.isEmpty, "the page has a form", sourceLocation: sourceLocation)
        for form in page.postForms {
            #expect(
                form.contains("<input type=\"hidden\" name=\"_csrf\" value=\"\(Fixture.csrf)\""),
                "form without its CSRF field: \(form.prefix(160))", sourceLocation: sourceLocation)
        }
    }

    /// Nothing of the hostile strings is written raw: both show escaped, neither opens a tag or leaves an attribute.
    static func escaped(_ page: Rendered, sourceLocation: SourceLocation = #_sourceLocation) {
        for raw in ["<script>alert", "\"><script", "' onmouseover"] {
            #expect(!page.contains(raw), "raw \(raw)", sourceLocation: sourceLocation)
        }
        #expect(page.contains(Fixture.hostileEscaped), "shows the hostile text escaped", sourceLocation: sourceLocation)
    }

    /// The field named `name` shows `message` beside it, marked invalid, and (for an input or textarea) keeps `value`.
    static func error(
        _ page: Rendered, field name: String, message: String, kept value: String? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        guard let field = page.field(name) else {
            Issue.record("no field \(name)", sourceLocation: sourceLocation)
            return
        }
        #expect(field.hasPrefix("<div class=\"field has-error\">"), "\(field)", sourceLocation: sourceLocation)
        // The message reads as a sentence about the field's label ("Name is required"): it ends the error paragraph.
        let opening = "<p class=\"error\" id=\"field-\(name)-error\">"
        let paragraph = field.components(separatedBy: opening).dropFirst().first?.components(separatedBy: "</p>").first
        #expect(paragraph?.hasSuffix(HTMLEscaping.escape(message)) == true, "\(field)", sourceLocation: sourceLocation)
        if let value {
            let escaped = HTMLEscaping.escape(value)
            #expect(
                field.contains("value=\"\(escaped)\"") || field.contains(">\(escaped)</textarea>"),
                "kept input: \(field)",
                sourceLocation: sourceLocation)
        }
    }
}
