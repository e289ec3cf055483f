import CoventureCore
import CoventureServer
import Foundation
import Vapor

/// The demo's decisions (issue #13): in each initiative a register of about a dozen decisions in every state, told
/// through `DecisionStore` as people would make them. Each step runs on a recorder whose clock stands some days before
/// the load, in the order things happened: deadlines pass, seals are numbered in time order, and the joint venture's
/// deadlock has climbed to the second step of its ladder by the time anyone looks.
///
/// - SME Digital Lending (owner-led): two decision types ratified by the partners, a reserved matter without quorum,
///   a working agreement passed by consent, a quick poll rejected, the advice on the shared risk model answered by name
///   to Quarry Labs' objection, a withdrawn advice, two open decisions (one closing within a day, one in its second
///   version) and two drafts.
/// - GreenGrid Climate Finance (joint venture, stakes 50/30/20): two types ratified, a stake vote that passes weighted
///   though the head count says no, a reserved matter that failed twice (deadlock, second step), a technical
///   consensus, a sealed-ballot supermajority, a stake vote without quorum, a withdrawn proposal, two open decisions
///   (one with hidden ballots) and a draft.
enum DemoDecisions {
    static func load(
        into app: Application, people byEmail: [String: SignedInPerson], lending: UUID, venture: UUID, now: Date = Date()
    ) async throws {
        try await lendingRegister(Register(app: app, initiative: lending, now: now), people: byEmail)
        try await ventureRegister(Register(app: app, initiative: venture, now: now), people: byEmail)
    }

    // MARK: SME Digital Lending

    static func lendingRegister(_ r: Register, people byEmail: [String: SignedInPerson]) async throws {
        func person(_ email: String) -> SignedInPerson { byEmail[email]! }
        let dana = person(DemoData.ownerAdminEmail), priya = person("priya.nair@northbridge.example")
        let amara = person("amara.okafor@northbridge.example"), liam = person("liam.chen@northbridge.example")
        let sofia = person("sofia.marquez@northbridge.example")
        let marcus = person(DemoData.partnerAdminEmail), yuki = person("yuki.tanaka@helio.example")
        let elena = person("elena.petrova@helio.example")
        let nadia = person("nadia.haddad@quarry.example"), ben = person("ben.oconnor@quarry.example")
        let lucia = person("lucia.romano@quarry.example")
        let admins = [dana, priya, marcus, nadia]

        // Two more ways to decide, each a reserved matter the partners ratify (DEC-0001, DEC-0002).
        try await r.addType(
            Register.type("Quick poll", .majority, quorum: 30, everyPartyPresent: false, reasons: .none, days: 3),
            proposedBy: priya, admins: admins, daysAgo: 62)
        try await r.addType(
            Register.type("Working agreement", .consent, quorum: 30, everyPartyPresent: true, reasons: .againstOnly, days: 5),
            proposedBy: dana, admins: admins, daysAgo: 60)
        try await r.setLadder(
            [("Workstream leads", [amara, yuki, ben], 7), ("Steering group", [dana, marcus, nadia], 14), ("Sponsors", [priya], 14),
             ("Independent mediation", [], 30)],
            by: dana, daysAgo: 58)

        // A reserved matter the partners never voted on: no quorum, not a rejection (DEC-0003).
        let bureau = try await r.propose(
            DecisionDefaults.reservedMatterName, "Share anonymised loan outcomes with the national credit bureau",
            """
            Send the bureau, each month, the outcome of every pilot loan (approved, declined, repaid, in arrears) without the \
            business's name or registration number, so that thin-file businesses build a credit history. The partners' data \
            (Helio's connector logs, Quarry Labs' forecasts) is not part of the file.
            """,
            by: amara, daysAgo: 50)
        try await r.vote(bureau, .yes, by: dana, daysAgo: 49)
        try await r.closeAtDeadline(bureau, daysAgo: 35)

        // A working agreement by consent (DEC-0004).
        let review = try await r.propose(
            "Working agreement", "Hold the joint credit-risk review every Tuesday at 10:00",
            """
            One hour, every Tuesday at 10:00 UK time, on video: the week's declined applications, the model's drift report and \
            any override by a credit officer. Helio brings the connector's error log, Quarry Labs the forecast back-test.
            """,
            by: yuki, daysAgo: 33)
        try await r.vote(review, .consent, by: dana, daysAgo: 33)
        try await r.vote(review, .consent, "Tuesday suits Quarry's sprint review on Wednesday.", by: lucia, daysAgo: 32)
        try await r.vote(review, .consent, by: amara, daysAgo: 32)
        try await r.vote(review, .consent, by: ben, daysAgo: 31)
        try await r.vote(review, .abstain, "I am on the Helio side of the connector only; happy either way.", by: elena, daysAgo: 30)
        try await r.closeAtDeadline(review, daysAgo: 27.9)

        // A quick poll the majority turned down (DEC-0005).
        let soleTraders = try await r.propose(
            "Quick poll", "Open the pilot to sole traders as well as limited companies",
            """
            Let sole traders apply in the pilot from next month. They are a third of the bank's small-business customers and \
            wait longest for a decision today.
            """,
            by: liam, daysAgo: 24)
        try await r.vote(soleTraders, .yes, "They wait longest today: eight weeks on average.", by: liam, daysAgo: 24)
        try await r.vote(soleTraders, .yes, by: elena, daysAgo: 24)
        try await r.vote(soleTraders, .no, "Sole traders file no accounts: the model has nothing to read but the bank statements.",
                         by: ben, daysAgo: 23)
        try await r.vote(soleTraders, .no, "Not before the limited-company results are in.", by: dana, daysAgo: 23)
        try await r.vote(soleTraders, .no, by: lucia, daysAgo: 23)
        try await r.vote(soleTraders, .no, "The sandbox permission covers limited companies only.", by: amara, daysAgo: 22)
        try await r.vote(soleTraders, .abstain, by: sofia, daysAgo: 22)
        try await r.closeAtDeadline(soleTraders, daysAgo: 20.9)

        // Advice: the owner decides, answering Quarry Labs' objection by name (DEC-0006).
        let riskModel = try await r.propose(
            "Advice", "Decide loans under £250,000 on the shared risk model",
            """
            From 1 March, the bank decides every application under £250,000 on the shared risk model built with Helio and \
            Quarry Labs, instead of a credit officer's manual review. A credit officer still reviews every decline before the \
            letter goes out. Back-tested on 412 applications from last year, the model agreed with the officers 94 % of the \
            time and would have decided in a median of 2.4 days instead of 31.
            """,
            by: amara, daysAgo: 20)
        try await r.vote(riskModel, .support, "Our connector already feeds the model in under a minute.", by: yuki, daysAgo: 20)
        try await r.vote(riskModel, .support, by: marcus, daysAgo: 19)
        try await r.vote(riskModel, .support, "The back-test matches what the officers see.", by: liam, daysAgo: 19)
        let objection = try await r.vote(
            riskModel, .object,
            """
            Seasonal businesses — farms, holiday lets, ice-cream vans — would be scored on their worst quarter: the model reads \
            only three months of cash flow. We would decline good borrowers every winter.
            """,
            by: ben, daysAgo: 18)
        try await r.vote(riskModel, .concern, "Every applicant the model declines must get a reason they can read, not a score.",
                         by: lucia, daysAgo: 17)
        try await r.vote(riskModel, .support, by: elena, daysAgo: 16)
        try await r.closeAtDeadline(riskModel, daysAgo: 12.9)
        _ = try await r.store(12).recordOutcome(
            riskModel.id,
            OutcomeRequest(
                adopted: true,
                statement: """
                    From 1 March the bank decides applications under £250,000 on the shared risk model; a credit officer \
                    reviews every decline.
                    """,
                rationale: """
                    Five of the six who gave advice supported it, and the back-test shows decisions in days rather than weeks with \
                    the officers' judgement intact. Lucia's concern is met by the plain-English decline letter the model now drafts.
                    """,
                reviewOn: CalendarDate(r.at(-90), in: TimeZone(identifier: "UTC")!).description,
                answers: [.init(
                    voteId: objection.id,
                    answer: """
                        Ben, you are right about seasonal businesses. The model now reads twelve months of transactions, not three, \
                        and any applicant with a seasonal trade code goes to a credit officer until the model has a full year of \
                        their data. We will look at the winter declines together at the review.
                        """)]),
            by: dana.actor)

        // Advice withdrawn by its author before the close.
        let statements = try await r.propose(
            "Advice", "Stop accepting paper bank statements",
            "Accept only open-banking data as evidence of income from the pilot's second month, and no more scanned statements.",
            by: sofia, daysAgo: 9)
        try await r.vote(statements, .concern, "Some micro-businesses bank with providers that have no open-banking API yet.",
                         by: nadia, daysAgo: 8)
        try await r.vote(statements, .support, by: marcus, daysAgo: 8)
        _ = try await r.store(6).withdraw(statements.id, by: sofia.actor)

        // Open: advice in its second version (its author met a concern before the close), and a quick poll closing
        // within a day.
        let connector = try await r.propose(
            "Advice", "Use Helio's open-banking connector as the only route for transaction data",
            """
            Retire the two aggregators we pay per call and take every applicant's transaction data through Helio's connector, \
            which categorises each transaction for the model.
            """,
            by: yuki, daysAgo: 3)
        try await r.vote(connector, .support, "One route, one consent screen, one bill.", by: marcus, daysAgo: 3)
        try await r.vote(connector, .concern, "Quarry's cash-flow forecasts need the raw transactions, not Helio's categories.",
                         by: lucia, daysAgo: 2.5)
        let window = try await r.propose(
            "Quick poll", "Extend the pilot's application window to 31 March",
            """
            Keep the pilot open for applications until 31 March instead of 28 February, to reach the 150 applications the \
            sandbox asks for.
            """,
            by: amara, daysAgo: 2.25)
        try await r.vote(window, .yes, by: amara, daysAgo: 2.2)
        _ = try await r.store(2).update(
            connector.id,
            UpdateDecisionRequest(proposal: """
                Retire the two aggregators we pay per call and take every applicant's transaction data through Helio's connector, \
                which categorises each transaction for the model. The raw transactions pass through unchanged beside the \
                categories, so Quarry Labs' forecasts read what the bank received.
                """),
            by: yuki.actor)
        try await r.vote(window, .yes, "We are at 96 applications: a month more gets us there.", by: yuki, daysAgo: 1.9)
        try await r.vote(connector, .support, "Raw transactions pass through now: that answers our concern.", by: lucia, daysAgo: 1.5)
        try await r.vote(window, .no, "Quarry's analysts are booked on the GreenGrid surveys in March.", by: ben, daysAgo: 1.4)
        try await r.vote(window, .yes, by: priya, daysAgo: 1)
        try await r.vote(connector, .support, by: liam, daysAgo: 0.9)

        // Drafts still being written.
        _ = try await r.propose(
            "Advice", "Offer an instant overdraft of up to £10,000 to approved businesses",
            "Every business the model approves gets an overdraft offer of up to £10,000 with its loan, priced on the same score.",
            by: liam, daysAgo: 0.8, open: false)
        _ = try await r.propose(
            "Quick poll", "Publish the risk model's main factors to every applicant",
            "A one-page explanation of the ten factors that weigh most in the model, sent with every application form.",
            by: lucia, daysAgo: 0.5, open: false)
    }

    // MARK: GreenGrid Climate Finance

    static func ventureRegister(_ r: Register, people byEmail: [String: SignedInPerson]) async throws {
        func person(_ email: String) -> SignedInPerson { byEmail[email]! }
        let dana = person(DemoData.ownerAdminEmail), priya = person("priya.nair@northbridge.example")
        let tomasz = person("tomasz.nowak@northbridge.example")
        let marcus = person(DemoData.partnerAdminEmail), chloe = person("chloe.dubois@helio.example")
        let raj = person("raj.patel@helio.example")
        let nadia = person("nadia.haddad@quarry.example"), grace = person("grace.kim@quarry.example")
        let omar = person("omar.farouk@quarry.example")
        let admins = [dana, marcus, nadia]

        try await r.addType(
            Register.type("Technical consensus", .consensus, quorum: 30, everyPartyPresent: true, reasons: .againstOnly, days: 7),
            proposedBy: dana, admins: admins, daysAgo: 64)
        try await r.addType(
            Register.type("Supplier ballot", .supermajority, quorum: 50, everyPartyPresent: true, threshold: 67, reasons: .none,
                          hidden: true, days: 10),
            proposedBy: marcus, admins: admins, daysAgo: 63)
        try await r.setLadder(
            [("Workstream leads", [tomasz, chloe, grace], 7), ("Steering group", [dana, marcus, nadia], 14), ("Sponsors", [], 14),
             ("Independent mediation", [], 30)],
            by: dana, daysAgo: 62)

        // A reserved matter: Quarry Labs says no (first attempt; sealed below, at its deadline).
        let admit = try await r.propose(
            DecisionDefaults.reservedMatterName, "Admit Severn Valley Energy Agency as a fourth party",
            """
            The regional energy agency joins the venture with a 10 % stake, taken from each party in proportion, and brings \
            its grant programme for heat pumps in social housing.
            """,
            by: tomasz, daysAgo: 40)
        try await r.vote(admit, .yes, by: dana, daysAgo: 40)
        try await r.vote(admit, .yes, "Their grants would double the homes we reach.", by: marcus, daysAgo: 39)
        try await r.vote(admit, .no, "A fourth party would take Quarry Labs below the 20 % stake our board approved.",
                         by: nadia, daysAgo: 39)

        // The stake vote: one yes against two noes, yet it passes, weighted 50 to 50 at a 50 % threshold (DEC-0003).
        let ceiling = try await r.propose(
            "Stake vote", "Raise the heat-pump loan ceiling to £18,000 per home",
            """
            Raise the most the venture lends for one home from £12,000 to £18,000, so that larger and older houses can take a \
            heat pump with the insulation it needs. The repayment stays linked to metered savings.
            """,
            by: dana, daysAgo: 36)
        try await r.vote(ceiling, .yes, "Older houses are where the savings are; £12,000 leaves them out.", by: dana, daysAgo: 36)
        try await r.vote(ceiling, .no, "Above £12,000 the metered savings no longer cover the repayments.", by: marcus, daysAgo: 35.5)
        try await r.vote(ceiling, .no, "Our surveys put 85 % of homes under £12,000; a higher ceiling invites over-specified installs.",
                         by: nadia, daysAgo: 35.2)
        try await r.closeEarly(ceiling, by: dana, daysAgo: 35)

        // A technical consensus (sealed after the first deadlock attempt).
        let savings = try await r.propose(
            "Technical consensus", "Estimate heat-pump savings from EN 14825 seasonal figures",
            """
            Every savings estimate shown to a household uses the heat pump's seasonal coefficient of performance under EN 14825 \
            for the home's climate zone, not the manufacturer's best-case figure.
            """,
            by: grace, daysAgo: 30)
        try await r.vote(savings, .agree, by: grace, daysAgo: 30)
        try await r.vote(savings, .agree, "Helio's meters can check the estimate against real use after a winter.", by: chloe, daysAgo: 29)
        try await r.vote(savings, .agree, by: tomasz, daysAgo: 29)
        try await r.vote(savings, .abstain, "Not my field; I trust the engineers.", by: raj, daysAgo: 28.5)
        try await r.vote(savings, .agree, by: omar, daysAgo: 28)
        try await r.vote(savings, .agree, by: priya, daysAgo: 28)

        try await r.closeAtDeadline(admit, daysAgo: 25)  // DEC-0004: rejected.
        // Proposed again, changed to meet Quarry Labs' objection; now Helio Systems says no: a deadlock, sealed at 10 days.
        let admitAgain = try await r.propose(
            DecisionDefaults.reservedMatterName, "Admit Severn Valley Energy Agency, with Quarry Labs' stake kept at 20 %",
            """
            As proposed before, but the agency's 10 % comes from Northbridge (5 points) and Helio Systems (5 points) only, so \
            Quarry Labs keeps the 20 % its board approved. The agency would sit on the steering group.
            """,
            by: tomasz, daysAgo: 25, supersedes: admit)
        try await r.vote(admitAgain, .yes, by: dana, daysAgo: 24)
        try await r.vote(admitAgain, .yes, "Thank you for keeping our stake whole.", by: nadia, daysAgo: 23)
        try await r.closeAtDeadline(savings, daysAgo: 22.9)  // DEC-0005: passed.
        try await r.vote(admitAgain, .no,
                         "Helio's board will not give a public agency a seat on the steering group and a say over metering data.",
                         by: marcus, daysAgo: 22)

        // Hidden ballots: the installer chosen by a two-thirds supermajority, the votes shown only once sealed.
        let installer = try await r.propose(
            "Supplier ballot", "Appoint Brightwork Renewables as the pilot's installer",
            """
            Brightwork Renewables installs every heat pump and solar array in the three pilot neighbourhoods, at the framework \
            prices in their tender (the lowest of four), with a five-year workmanship warranty.
            """,
            by: chloe, daysAgo: 20)
        try await r.vote(installer, .yes, by: chloe, daysAgo: 20)
        try await r.vote(installer, .yes, by: tomasz, daysAgo: 19)
        try await r.vote(installer, .yes, by: grace, daysAgo: 18)
        try await r.vote(installer, .yes, by: raj, daysAgo: 17)

        // A stake vote two parties let pass without voting: no quorum.
        let bonds = try await r.propose(
            "Stake vote", "Offer the first £5 million of loans to a green bond investor",
            "Sell the first £5 million of household loans to a green bond fund, freeing the bank's capital for the next 400 homes.",
            by: dana, daysAgo: 16)
        try await r.vote(bonds, .yes, by: dana, daysAgo: 16)
        try await r.vote(installer, .no, "Their warranty excludes the inverters.", by: omar, daysAgo: 15.9)
        try await r.vote(installer, .yes, by: dana, daysAgo: 15)
        try await r.vote(installer, .yes, by: nadia, daysAgo: 14)

        // Withdrawn after a block.
        let socialHousing = try await r.propose(
            "Technical consensus", "Extend the pilot to social housing blocks",
            "Include two social housing blocks of 40 flats each in the pilot, with one shared heat pump per block.",
            by: tomasz, daysAgo: 12)
        try await r.vote(socialHousing, .block, "Our retrofit tools cannot model shared heating systems yet.", by: grace, daysAgo: 11.5)
        _ = try await r.store(11).withdraw(socialHousing.id, by: tomasz.actor)

        try await r.closeAtDeadline(admitAgain, daysAgo: 10)  // DEC-0006: rejected again, a deadlock.
        try await r.closeAtDeadline(installer, daysAgo: 9.9)  // DEC-0007: passed.
        try await r.closeAtDeadline(bonds, daysAgo: 8.9)  // DEC-0008: no quorum.

        // Open, with hidden ballots: nobody sees the count until it closes.
        let heatPumps = try await r.propose(
            "Supplier ballot", "Choose the Vaillant aroTHERM plus range for the 2027 rollout",
            """
            Standardise on one heat-pump range for the 2,000 homes of the 2027 rollout: Vaillant's aroTHERM plus (R290), which \
            Brightwork installs and Helio's meters already read.
            """,
            by: chloe, daysAgo: 4)
        try await r.vote(heatPumps, .yes, by: tomasz, daysAgo: 3.5)
        try await r.vote(heatPumps, .no, "Two ranges would keep the prices honest.", by: grace, daysAgo: 3)
        try await r.vote(heatPumps, .yes, by: dana, daysAgo: 2)

        // Open stake vote, waiting for Quarry Labs.
        let repayments = try await r.propose(
            "Stake vote", "Set repayments at 80 % of each home's metered savings",
            """
            Each household repays 80 % of the savings its meter shows each month, never more than the fixed instalment; the \
            remaining 20 % stays with the household from the first month.
            """,
            by: dana, daysAgo: 1.9)
        try await r.vote(repayments, .yes, by: dana, daysAgo: 1.9)
        try await r.vote(repayments, .yes, "Households see a saving from month one: that is what sells it.", by: marcus, daysAgo: 1)

        _ = try await r.propose(
            "Technical consensus", "Add home batteries to the financing offer",
            "Finance a 5 kWh battery with any solar array, repaid from the same metered savings.",
            by: chloe, daysAgo: 1, open: false)
    }

    // MARK: Writing through the store, at a given time

    /// One initiative's decisions, each change through `DecisionStore` on a recorder whose clock stands `daysAgo`
    /// days before `now`.
    struct Register {
        let app: Application
        let initiative: UUID
        let now: Date

        func at(_ daysAgo: Double) -> Date { now.addingTimeInterval(-daysAgo * 86_400) }

        func store(_ daysAgo: Double) -> DecisionStore {
            let clock = at(daysAgo)
            return DecisionStore(
                db: app.db, recorder: Recorder(db: app.db, gate: app.writeGate, now: { clock }, ledger: app.storage[LedgerServiceKey.self]))
        }

        /// A new type's request: every member but observers votes.
        static func type(
            _ name: String, _ method: DecisionMethod, quorum: Int, everyPartyPresent: Bool, threshold: Int? = nil,
            reasons: ReasonRequirement, hidden: Bool = false, days: Int
        ) -> DecisionTypeRequest {
            DecisionTypeRequest(
                name: name, method: method.rawValue, voters: DecisionVoters.members.rawValue, quorumPercent: quorum,
                everyPartyPresent: everyPartyPresent, thresholdPercent: threshold, reasonRequired: reasons.rawValue,
                hiddenUntilClosed: hidden, defaultDays: days)
        }

        func type(named name: String) async throws -> DecisionTypeDTO {
            guard let type = try await DecisionReader(db: app.db).types(initiative).first(where: { $0.name == name }) else {
                throw DemoError.missing("the decision type “\(name)”")
            }
            return type
        }

        /// A new type: with partners on board it is a reserved matter every party's admins vote yes on; the first of
        /// them closes it early once all have voted, and the seal adds the type.
        func addType(
            _ request: DecisionTypeRequest, proposedBy proposer: SignedInPerson, admins: [SignedInPerson], daysAgo: Double
        ) async throws {
            let outcome = try await store(daysAgo).createType(initiative, request, by: proposer.actor)
            guard case .proposed(let decision) = outcome else { return }
            for (index, admin) in admins.enumerated() {
                try await vote(decision, .yes, by: admin, daysAgo: daysAgo - 0.1 * Double(index + 1))
            }
            try await closeEarly(decision, by: admins[0], daysAgo: daysAgo - 0.5)
        }

        func setLadder(
            _ steps: [(name: String, people: [SignedInPerson], days: Int)], by admin: SignedInPerson, daysAgo: Double
        ) async throws {
            let ladder = EscalationLadderDTO(
                steps: steps.map { EscalationStepDTO(name: $0.name, people: $0.people.map(\.id), days: $0.days) })
            _ = try await store(daysAgo).setLadder(initiative, ladder, by: admin.actor)
        }

        /// A decision of the named type, opened at once with the type's days unless `open` is false (a draft).
        func propose(
            _ typeName: String, _ title: String, _ proposal: String, by author: SignedInPerson, daysAgo: Double, open: Bool = true,
            supersedes earlier: DecisionDTO? = nil
        ) async throws -> DecisionDTO {
            try await store(daysAgo).create(
                initiative,
                CreateDecisionRequest(
                    typeId: try await type(named: typeName).id, title: title, proposal: proposal, supersedesId: earlier?.id, open: open),
                by: author.actor)
        }

        @discardableResult
        func vote(
            _ decision: DecisionDTO, _ position: DecisionPosition, _ reason: String? = nil, by voter: SignedInPerson, daysAgo: Double
        ) async throws -> VoteDTO {
            try await store(daysAgo).vote(decision.id, VoteRequest(position: position.rawValue, reason: reason), by: voter)
        }

        /// The server's close at the deadline, as it would have happened `daysAgo`.
        func closeAtDeadline(_ decision: DecisionDTO, daysAgo: Double) async throws {
            guard try await store(daysAgo).closeAtDeadline(decision.id) else {
                throw DemoError.missing("the close of “\(decision.title)”")
            }
        }

        /// Closed early by its author or an owner admin, once every eligible voter has voted.
        func closeEarly(_ decision: DecisionDTO, by person: SignedInPerson, daysAgo: Double) async throws {
            _ = try await store(daysAgo).close(decision.id, by: person.actor)
        }
    }
}
