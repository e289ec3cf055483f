import Foundation

public enum PracticeCatalogue {}

extension PracticeCatalogue {
    /// The first edition of the catalogue (schema version 8). Frozen once shipped: a later edition is a new list that a new migration applies.
    public static let edition1: [CataloguePractice] = [
        // MARK: Discover

        CataloguePractice(
            key: "customer-interviews", name: "Customer interviews",
            summary: "Short, open conversations with the people the initiative serves, to learn how they work today and where it hurts before anyone proposes a solution.",
            framework: "Design Thinking", area: .discover,
            people: 2...4, durationMinutes: 45, difficulty: .moderate,
            howTo: """
                Use this when the partners hold different beliefs about what users need and nobody has asked them recently.

                ### Steps
                1. Agree on what you want to learn and write five to eight open questions about past behaviour, not opinions about features.
                2. Recruit a mix of users, including people served by each partner organization.
                3. Pair up: one person asks, one takes notes. Keep to about 40 minutes.
                4. Ask for specific stories: "Tell me about the last time you..." and follow with "what happened next?"
                5. Avoid pitching or explaining your idea; silence is fine.
                6. Within a day, write up quotes, surprises and pains on shared cards.
                7. After five or more interviews, cluster the cards and look for patterns.

                ### In a partnership
                - Mix interviewer pairs across organizations so no party hears only what confirms its view.
                - Store anonymised notes where every party can read them, and agree up front who may contact which users.
                """,
            relations: [CatalogueRelation(.combinesWith, "empathy-map")]),

        CataloguePractice(
            key: "empathy-map", name: "Empathy map",
            summary: "A one-page picture of a user type, sorted into what they say, do, think and feel, built from research rather than guesses.",
            framework: "Design Thinking", area: .discover,
            people: 3...8, durationMinutes: 60, difficulty: .easy,
            howTo: """
                Use this right after a round of research, to turn scattered notes into a shared understanding of one kind of user.

                ### Steps
                1. Pick one user type and write its name in the middle of a large sheet.
                2. Divide the sheet into four quadrants: *says*, *does*, *thinks*, *feels*.
                3. Everyone silently writes observations from interviews or field visits on sticky notes, one per note.
                4. Place the notes in the quadrants and read them aloud.
                5. Add two strips at the bottom: the user's main **pains** and the **gains** they hope for.
                6. Mark anything that is a guess rather than an observation, and note it as a question for the next research round.

                ### In a partnership
                - Invite people from every partner who meet this user in real life; each sees a different slice of their day.
                - Keep one map per user type in the shared workspace and date it, so later work can tell how current it is.
                """,
            relations: [CatalogueRelation(.prerequisite, "customer-interviews")]),

        CataloguePractice(
            key: "problem-framing", name: "Problem framing",
            summary: "Turn a vague ambition into a sharp problem statement and a handful of 'How might we' questions that every partner agrees are worth answering.",
            framework: "Design Thinking", area: .discover,
            people: 3...10, durationMinutes: 90, difficulty: .moderate,
            howTo: """
                Use this at the start of a piece of work, or whenever the partners find they are solving different problems under the same name.

                ### Steps
                1. Each person writes, alone, one sentence: who has the problem, what the problem is, and why it matters now.
                2. Read the sentences aloud and highlight the words that differ.
                3. Discuss the differences until you can write one statement together: "*User* needs a way to *need* because *insight*."
                4. Note what is explicitly out of scope.
                5. Rewrite the statement as three to five "How might we..." questions, each open enough to allow several answers.
                6. Vote on the one or two questions to pursue first.

                ### In a partnership
                - Ask each organization to bring the evidence behind its framing; disagreements are often about data one party has not seen.
                - Record the agreed statement and the discarded ones, so newcomers understand what was chosen and why.
                """,
            relations: [CatalogueRelation(.combinesWith, "opportunity-solution-tree")]),

        CataloguePractice(
            key: "journey-mapping", name: "Journey mapping",
            summary: "Lay out, step by step, what a user goes through to reach a goal, including the hand-offs between partner organizations, to find where the experience breaks.",
            framework: "Design Thinking", area: .discover,
            people: 3...12, durationMinutes: 120, difficulty: .moderate,
            howTo: """
                Use this when a service spans several organizations and nobody sees it end to end from the user's side.

                ### Steps
                1. Choose one user type and one goal, with a clear start and end.
                2. Along a wall or a long board, write the stages the user passes through, left to right.
                3. Under each stage add rows: what the user does, which channel or partner they deal with, what they think and feel.
                4. Draw an emotion line across the stages to show highs and lows.
                5. Circle the moments of friction, especially where responsibility passes from one organization to another.
                6. Pick the two or three moments worth improving first and turn them into problem statements.

                ### In a partnership
                - Colour-code each stage by the organization responsible; gaps and overlaps become visible at once.
                - Validate the map with a few real users before the partners act on it.
                """),

        CataloguePractice(
            key: "design-sprint", name: "Design sprint",
            summary: "A focused, time-boxed week in which a small cross-partner team goes from a framed problem to a tested prototype with real users.",
            framework: "Design Thinking", area: .discover,
            people: 4...8, durationMinutes: 1800, difficulty: .hard,
            howTo: """
                Use this for a high-stakes question that would otherwise take months of debate, when you can clear the calendars of a small team for a week.

                ### Steps
                1. **Map**: agree on the long-term goal, sketch the user's path, and pick one target moment. Hear from experts.
                2. **Sketch**: review existing ideas, then each person sketches a detailed solution alone.
                3. **Decide**: silently review the sketches, vote, and let the decider choose. Storyboard the winning idea.
                4. **Prototype**: build something realistic enough to react to, nothing more.
                5. **Test**: run five one-to-one sessions with target users and watch together for patterns.
                6. Close with a short review: what did we learn, and what is the next step?

                ### In a partnership
                - Name a single decider in advance, agreed by all parties, and include at least one person from each partner in the core team.
                - Share the test recordings and the summary with every party on the same day.
                """,
            relations: [CatalogueRelation(.prerequisite, "problem-framing")]),

        CataloguePractice(
            key: "assumption-mapping", name: "Assumption mapping",
            summary: "List what must be true for an idea to work and sort the assumptions by importance and evidence, to find the riskiest one to test first.",
            framework: "Lean Startup", area: .discover,
            people: 3...10, durationMinutes: 60, difficulty: .easy,
            howTo: """
                Use this before investing in a new service, product or joint offer, when confidence is high but evidence is thin.

                ### Steps
                1. State the idea in one sentence.
                2. Everyone writes assumptions on notes: about users wanting it (desirability), about being able to build and run it (feasibility), about it paying off (viability).
                3. Draw two axes: *important* to *unimportant*, and *have evidence* to *no evidence*.
                4. Place each note, discussing only the ones people disagree about.
                5. The top-left corner, important with little evidence, holds the leap-of-faith assumptions.
                6. Choose one or two to test next and decide who designs the test.

                ### In a partnership
                - Add a fourth category for assumptions about the partners themselves, such as capacity, legal limits or willingness to share data.
                - Revisit the map when an experiment ends so that every party sees the risk shrink, or not.
                """,
            relations: [CatalogueRelation(.combinesWith, "experiment-canvas")]),

        CataloguePractice(
            key: "experiment-canvas", name: "Experiment canvas",
            summary: "A single page that states a testable hypothesis, the cheapest test for it, the measure, and the result that would change the plan, agreed before the test runs.",
            framework: "Lean Startup", area: .discover,
            people: 2...6, durationMinutes: 45, difficulty: .moderate,
            howTo: """
                Use this whenever you are about to test an assumption, so that the success criteria are fixed before anyone sees the data.

                ### Steps
                1. Write the assumption you are testing, taken from the riskiest corner of your assumption map.
                2. Phrase a hypothesis: "We believe that... We will know this is true when we see..."
                3. Pick the smallest, cheapest test that could prove it wrong: a landing page, a concierge trial, a paper prototype.
                4. Name one main measure and the threshold that counts as success.
                5. Set a time box and name an owner.
                6. Run the test, then record the result, what you learned and the decision: continue, change or stop.

                ### In a partnership
                - Have a person from a different organization review the canvas before the test starts; it catches thresholds set to guarantee a pass.
                - Keep all canvases, including failed ones, in a shared log.
                """,
            relations: [
                CatalogueRelation(.prerequisite, "assumption-mapping"),
                CatalogueRelation(.combinesWith, "build-measure-learn"),
            ]),

        CataloguePractice(
            key: "opportunity-solution-tree", name: "Opportunity solution tree",
            summary: "A visual tree linking one desired outcome to the user needs that could move it and the solution ideas for each need, so choices stay tied to the goal.",
            framework: "Product Discovery", area: .discover,
            people: 2...8, durationMinutes: 90, difficulty: .moderate,
            howTo: """
                Use this when a team has many ideas and a clear goal but struggles to explain why one idea matters more than another.

                ### Steps
                1. At the top of the tree write one measurable outcome the initiative is aiming for.
                2. Below it, add the opportunities: unmet needs, pains or desires you have heard from users. Break large ones into smaller branches.
                3. Choose one opportunity to focus on, using your research to justify it.
                4. Under that opportunity, list at least three different solution ideas, so you compare rather than fall for the first.
                5. Under each promising solution, add the assumption tests that would tell you if it works.
                6. Update the tree weekly as research comes in.

                ### In a partnership
                - Tag each opportunity with the partners who see it in their own data; shared opportunities are often the best joint bets.
                - Keep the tree in a shared board that all parties can edit.
                """),

        CataloguePractice(
            key: "user-story-mapping", name: "User story mapping",
            summary: "Arrange the work as a map of user activities from left to right and detail from top to bottom, then slice it horizontally into releases.",
            framework: "Product Discovery", area: .discover,
            people: 3...10, durationMinutes: 120, difficulty: .moderate,
            howTo: """
                Use this when a flat backlog hides the big picture, or when partners need to agree on what a first useful release contains.

                ### Steps
                1. Write the big activities a user goes through, in order, along the top row. This is the backbone.
                2. Under each activity, list the steps the user takes.
                3. Under each step, stack the pieces of work that support it, most essential at the top.
                4. Walk through the map aloud, telling the user's story, and fill any gaps you notice.
                5. Draw a horizontal line under the smallest set of work that lets a user complete the whole journey. That is the first release.
                6. Draw further lines for later releases, each with a stated goal.

                ### In a partnership
                - Mark which organization delivers each piece; the first release should usually need every partner, so integration is tested early.
                - Photograph or digitise the map after each session and share it with all parties.
                """),

        CataloguePractice(
            key: "stakeholder-map", name: "Stakeholder map",
            summary: "Chart everyone with a stake in the initiative across all partner organizations by influence and interest, and decide how to involve each group.",
            framework: "Facilitation", area: .discover,
            people: 3...10, durationMinutes: 60, difficulty: .easy,
            howTo: """
                Use this at the start of a joint initiative, or when decisions keep getting reopened by people nobody thought to involve.

                ### Steps
                1. List, on notes, every person or group who is affected by the work or can affect it: sponsors, users, regulators, internal teams of each partner.
                2. Draw two axes: influence over the initiative, and interest in it.
                3. Place each note and discuss surprises.
                4. For each quadrant, agree on an approach: involve closely, keep satisfied, keep informed, or monitor.
                5. Name an owner for each key relationship and a rhythm of contact.
                6. Review the map every quarter; people move.

                ### In a partnership
                - Each organization places its own stakeholders first, then the whole group looks for people who matter to more than one party.
                - Be careful with names in a shared document; map roles rather than individuals if that is more appropriate.
                """),

        // MARK: Decide

        CataloguePractice(
            key: "consent-decision-making", name: "Consent decision-making",
            summary: "A group adopts a proposal unless someone raises a reasoned objection showing it would cause harm or miss its purpose, then improves the proposal to resolve it.",
            framework: "Sociocracy 3.0", area: .decide,
            people: 3...15, durationMinutes: 30, difficulty: .moderate,
            howTo: """
                Use this for decisions that affect everyone in a group, when waiting for full agreement would stall progress but overruling people would break trust.

                ### Steps
                1. The proposer presents the proposal and the need it addresses.
                2. Round of clarifying questions only; no opinions yet.
                3. Round of quick reactions, one person at a time.
                4. The proposer may amend the proposal.
                5. Consent round: each person says "consent" or "objection". An objection must explain how the proposal would cause harm or fail its purpose. Concerns can be logged without blocking.
                6. Work each objection into an improved proposal, then check consent again.
                7. Record the decision and a date to review it.

                ### In a partnership
                - Agree which decisions need consent from every party and which a single workstream can take.
                - Rotate the facilitator between organizations so no one party owns the process.
                """,
            relations: [
                CatalogueRelation(.alternativeTo, "advice-process"),
                CatalogueRelation(.combinesWith, "driver-mapping"),
            ]),

        CataloguePractice(
            key: "advice-process", name: "Advice process",
            summary: "Anyone may make a decision once they have sought advice from those affected and those with expertise, and they remain accountable for it.",
            framework: "Sociocracy 3.0", area: .decide,
            people: 1...30, durationMinutes: 60, difficulty: .moderate,
            howTo: """
                Use this to spread decision-making across a partnership without sending everything to a steering group.

                ### Steps
                1. The person who notices the need, or whom it most affects, becomes the decision maker.
                2. They write a short note: what they intend to decide, why, and by when.
                3. They ask for advice from everyone meaningfully affected and from people with relevant expertise, in any partner organization.
                4. They weigh the advice seriously; they do not need to follow all of it.
                5. They decide, and tell those who gave advice what they decided and why.
                6. They own the outcome and follow up on it.

                ### In a partnership
                - Agree which kinds of decisions are excluded, for instance contracts or budget over a set amount, and keep that list visible.
                - Post each decision and the advice received in a shared log so every party can see how it was reached.
                """,
            relations: [
                CatalogueRelation(.alternativeTo, "consent-decision-making"),
                CatalogueRelation(.combinesWith, "decision-record"),
            ]),

        CataloguePractice(
            key: "impact-effort-matrix", name: "Impact and effort matrix",
            summary: "Place candidate pieces of work on a two-by-two grid of expected impact against effort, to pick quick wins and question costly, low-value ideas.",
            framework: "Facilitation", area: .decide,
            people: 3...12, durationMinutes: 45, difficulty: .easy,
            howTo: """
                Use this when a long list of ideas needs a first cut and the group wants a fast, visual way to agree what to do next.

                ### Steps
                1. Write each candidate on a note, phrased as an outcome where possible.
                2. Agree in a sentence what "impact" means here, for example fewer failed hand-offs for users.
                3. Draw a grid with impact on the vertical axis and effort on the horizontal.
                4. Place the notes one at a time, relative to each other; let the people who would do the work judge effort.
                5. Name the quadrants: quick wins, big bets, fill-ins, and money pits.
                6. Commit to the top quick wins and pick at most one big bet to explore further.

                ### In a partnership
                - Effort often lands on one partner while impact lands on another; note both on each card so the grid does not hide who pays.
                - Share the photo of the final grid with all parties.
                """,
            relations: [CatalogueRelation(.alternativeTo, "wsjf-prioritization")]),

        CataloguePractice(
            key: "wsjf-prioritization", name: "Cost of delay and WSJF",
            summary: "Rank work by the cost of waiting for it divided by its size, so the items that lose the most value per week of delay come first.",
            framework: "SAFe", area: .decide,
            people: 3...12, durationMinutes: 90, difficulty: .moderate,
            howTo: """
                Use this to order a backlog of larger features or initiatives when several partners compete for the same delivery capacity.

                ### Steps
                1. List the candidate items in rows.
                2. For each item, score three parts of the cost of delay on a relative scale such as 1, 2, 3, 5, 8, 13, 20: **value** to users and the business, **time criticality**, and **risk reduction or opportunity enabled**.
                3. Score one column at a time across all items; give the smallest item in each column a 1.
                4. Add the three scores to get the cost of delay.
                5. Estimate job size on the same relative scale.
                6. Divide cost of delay by job size. Sort by the result, highest first.
                7. Sanity-check the top of the list and discuss surprises.

                ### In a partnership
                - Invite a scorer from each partner for the value column; the debate about scores is where priorities get aligned.
                """,
            relations: [
                CatalogueRelation(.alternativeTo, "impact-effort-matrix"),
                CatalogueRelation(.combinesWith, "lean-portfolio-review"),
            ]),

        CataloguePractice(
            key: "lean-portfolio-review", name: "Lean portfolio review",
            summary: "A regular review in which funders from the partner organizations look at all joint initiatives together and decide which to start, continue, pivot or stop.",
            framework: "SAFe", area: .decide,
            people: 4...15, durationMinutes: 120, difficulty: .hard,
            howTo: """
                Use this when the partnership runs several streams of work and money, and decisions about them are made one by one with no overall view.

                ### Steps
                1. Before the meeting, each initiative lead updates a one-page brief: outcome sought, evidence so far, spend, and what they ask for.
                2. Show the whole portfolio on one board, grouped by stage: exploring, building, running, retiring.
                3. Review progress against the agreed outcomes, not against activity.
                4. Check capacity: is there room for new work, or must something stop first?
                5. For each initiative decide: continue, change direction, pause, or stop. New ideas enter only through a short business case.
                6. Record decisions and the reasoning, and communicate them to the teams within two days.

                ### In a partnership
                - Agree the funding guardrails between the parties beforehand, so the review decides within them instead of renegotiating them.
                """),

        CataloguePractice(
            key: "pre-mortem", name: "Pre-mortem",
            summary: "Imagine the initiative has failed badly a year from now and work backwards to the reasons, so risks get named while there is still time to act.",
            framework: "Facilitation", area: .decide,
            people: 3...15, durationMinutes: 60, difficulty: .easy,
            howTo: """
                Use this before committing to a plan, a launch or a new partnership arrangement, when optimism may be hiding risks.

                ### Steps
                1. State the plan in a sentence and the date by which it should succeed.
                2. Ask everyone to imagine that date has passed and the plan has clearly failed.
                3. Each person writes, silently for five minutes, every reason they can think of for the failure.
                4. Go round the room, one reason per person per turn, until all are on the board.
                5. Group similar reasons and vote on the most likely and most damaging.
                6. For the top few, agree a preventive action and an owner, or a warning sign to watch for.

                ### In a partnership
                - Let each organization list failures that would hurt it specifically; a plan that is fine for one party can be fatal for another.
                - Allow anonymous submissions if hierarchies or contracts make people cautious.
                """),

        CataloguePractice(
            key: "dot-voting", name: "Dot voting",
            summary: "Give each person a fixed number of votes to place on options, to see the group's preferences quickly before a decision is made.",
            framework: "Facilitation", area: .decide,
            people: 3...40, durationMinutes: 15, difficulty: .easy,
            howTo: """
                Use this to narrow down many options fast, for example after a brainstorm, when the vote informs a decision rather than replacing it.

                ### Steps
                1. Make sure every option is visible and understood; merge duplicates first.
                2. Give each person a fixed number of votes, roughly a third of the number of options.
                3. State the criterion clearly: "most valuable for users", not "the one you like".
                4. Everyone votes at the same time so early votes do not sway later ones. People may put several votes on one option.
                5. Count, and discuss the top few and any option that got strong votes from only one group.
                6. The person or group with decision rights makes the call.

                ### In a partnership
                - Use a different colour of dot for each organization; it shows at a glance whether a preference is shared or belongs to one party.
                - Agree beforehand whether the largest partner's headcount should weigh more; usually it should not.
                """),

        CataloguePractice(
            key: "decision-record", name: "Decision record",
            summary: "A short, dated note for each significant decision that captures the context, the options considered, what was chosen and the consequences expected.",
            framework: "Governance", area: .decide,
            people: 1...8, durationMinutes: 30, difficulty: .easy,
            howTo: """
                Use this for any decision that others will later need to understand, especially one that is expensive to reverse or that binds several partners.

                ### Steps
                1. Give the record a number and a short title.
                2. **Context**: describe the situation and the forces at play in a few sentences.
                3. **Options**: list the alternatives considered, with their main pros and cons.
                4. **Decision**: state what was decided, by whom, and on what date.
                5. **Consequences**: note what becomes easier, what becomes harder, and when to revisit.
                6. Mark the status: proposed, accepted, or replaced by a later record. Never delete old records; supersede them.

                ### In a partnership
                - Keep the records in one place that every party can read, and name the organizations whose consent the decision needed.
                - Link to records when a question is reopened, instead of starting the debate from scratch.
                """),

        // MARK: Deliver

        CataloguePractice(
            key: "daily-stand-up", name: "Daily stand-up",
            summary: "A short daily meeting where the team looks at progress towards its current goal, spots blockers and adjusts the plan for the next day.",
            framework: "Scrum", area: .deliver,
            people: 3...12, durationMinutes: 15, difficulty: .easy,
            howTo: """
                Use this when a team works towards a shared short-term goal and needs to coordinate every day without long meetings.

                ### Steps
                1. Meet at the same time every day, standing or on a short call, in front of the team's board.
                2. Keep the focus on the goal: are we on track, and what is in the way?
                3. Walk the board from right to left, starting with work closest to done.
                4. Each person mentions only what the others need to know.
                5. Note blockers and who will help; solve them straight after, with only the people needed.
                6. Finish on time, every time.

                ### In a partnership
                - Pick a time that suits every partner's working hours, and rotate who runs it.
                - When a blocker sits inside another organization, name a contact there and follow up the same day.
                """,
            relations: [
                CatalogueRelation(.combinesWith, "sprint-planning"),
                CatalogueRelation(.combinesWith, "kanban-board"),
            ]),

        CataloguePractice(
            key: "sprint-planning", name: "Sprint planning",
            summary: "At the start of each fixed-length iteration the team agrees a goal, selects the work that serves it and sketches how to get it done.",
            framework: "Scrum", area: .deliver,
            people: 3...12, durationMinutes: 120, difficulty: .moderate,
            howTo: """
                Use this when work runs in fixed iterations of one to four weeks and the team needs a shared commitment for each one.

                ### Steps
                1. The product owner explains the most valuable next outcomes and proposes a goal for the iteration.
                2. The team discusses the goal and refines it until everyone can explain it in one sentence.
                3. The team pulls ready items from the top of the backlog that serve the goal, using recent throughput as a guide to how much fits.
                4. For each item, the team outlines the first tasks and flags dependencies.
                5. Check the plan against holidays and other commitments.
                6. Confirm the goal and make it visible on the team board.

                ### In a partnership
                - Surface dependencies on other partners explicitly and confirm them with those partners before committing.
                - Share the goal with all parties on the same day so their own plans can align.
                """,
            relations: [
                CatalogueRelation(.prerequisite, "backlog-refinement"),
                CatalogueRelation(.combinesWith, "definition-of-done"),
                CatalogueRelation(.alternativeTo, "replenishment-meeting"),
            ]),

        CataloguePractice(
            key: "sprint-review", name: "Sprint review",
            summary: "At the end of each iteration the team shows working results to stakeholders and partners, gathers feedback and adjusts what comes next.",
            framework: "Scrum", area: .deliver,
            people: 4...40, durationMinutes: 60, difficulty: .easy,
            howTo: """
                Use this at the end of every iteration so that the people paying for and using the work see real progress and can steer it.

                ### Steps
                1. Invite stakeholders from every partner, plus a few users if possible.
                2. Restate the iteration goal and whether it was met.
                3. Demonstrate working results, not slides; let stakeholders try them where you can.
                4. Be honest about what was not finished and why.
                5. Ask open questions: what surprised you, what would you change, what matters most next?
                6. Update the backlog together based on what you heard.

                ### In a partnership
                - Rotate the host organization, and let each party present the part it delivered.
                - Send a short written summary and a recording to anyone who could not attend.
                """,
            relations: [
                CatalogueRelation(.combinesWith, "retrospective"),
                CatalogueRelation(.combinesWith, "sprint-planning"),
            ]),

        CataloguePractice(
            key: "backlog-refinement", name: "Backlog refinement",
            summary: "A regular session in which the team clarifies, splits and sizes upcoming work so that the next items are ready to start.",
            framework: "Scrum", area: .deliver,
            people: 3...10, durationMinutes: 60, difficulty: .moderate,
            howTo: """
                Use this every week or two so that planning sessions are short and no one starts work that is still vague.

                ### Steps
                1. The product owner brings the next few items that are likely to be worked on soon.
                2. For each, the team asks questions until the purpose and the acceptance criteria are clear.
                3. Split items that are too large to finish within a few days, keeping each slice useful on its own.
                4. Size the items relatively, or check only that each one is small enough.
                5. Note open questions and who will answer them before the next session.
                6. Reorder the top of the backlog if new information changes priorities.

                ### In a partnership
                - Invite a subject-matter expert from any partner whose systems or rules an item touches.
                - Record who owns each open question, including the organization, so answers do not fall between parties.
                """,
            relations: [CatalogueRelation(.combinesWith, "user-story-mapping")]),

        CataloguePractice(
            key: "definition-of-done", name: "Definition of done",
            summary: "A short, shared checklist that every piece of work must meet before it counts as finished, so quality does not depend on who did it.",
            framework: "Scrum", area: .deliver,
            people: 3...15, durationMinutes: 60, difficulty: .easy,
            howTo: """
                Use this as soon as more than one person or organization delivers work into the same product, so that "done" means the same thing to all.

                ### Steps
                1. Ask the team what usually goes wrong after work is called finished.
                2. Turn the answers into checkable statements, for example "reviewed by a second person", "automated tests pass", "user documentation updated".
                3. Keep the list short enough to remember; seven items is plenty.
                4. Put it next to the team board and check it before moving work to done.
                5. Revisit it in retrospectives; add items as the team matures and remove ones that no longer help.

                ### In a partnership
                - Include the checks each partner needs for its own compliance, such as security review or accessibility, and name who performs them.
                - Where several teams share a product, agree on a common minimum that each team may extend.
                """),

        CataloguePractice(
            key: "kanban-board", name: "Kanban board",
            summary: "A visible board with a column for each stage of the workflow, where every work item is a card that moves from left to right as it progresses.",
            framework: "Kanban", area: .deliver,
            people: 1...20, durationMinutes: 60, difficulty: .easy,
            howTo: """
                Use this when work flows continuously and the team, and its partners, need to see at a glance what is happening and where it is stuck.

                ### Steps
                1. Map how work actually flows today, from request to delivered, not how it should flow.
                2. Create a column for each stage, and split stages into "doing" and "done" where work waits between people.
                3. Put every current piece of work on a card, with an owner and the date it started.
                4. Mark blocked cards clearly and note what they are waiting for.
                5. Agree a few explicit rules, such as when a card may move into the next column.
                6. Look at the board together daily and change it whenever the workflow changes.

                ### In a partnership
                - Add a swimlane or tag for each partner, so waiting time at hand-offs between organizations becomes visible.
                - Use one shared digital board rather than a board per organization.
                """,
            relations: [CatalogueRelation(.combinesWith, "wip-limits")]),

        CataloguePractice(
            key: "wip-limits", name: "Work-in-progress limits",
            summary: "Cap how many items may sit in each stage of the workflow at once, so the team finishes work before starting more and bottlenecks show up.",
            framework: "Kanban", area: .deliver,
            people: 2...20, durationMinutes: 45, difficulty: .moderate,
            howTo: """
                Use this when a team is busy but little gets finished, or when work waits a long time between stages.

                ### Steps
                1. Count how many items are in each column of your board today.
                2. Set a limit for each active column, a little below the current count; a common start is the number of people working in that stage.
                3. Write the limit at the top of the column.
                4. When a column is full, nobody pulls new work into it. Instead, help finish or unblock something downstream.
                5. Watch where work piles up; that is your bottleneck.
                6. Review the limits every few weeks and tighten them gradually.

                ### In a partnership
                - Put a limit on the hand-off columns between organizations, so one party cannot flood another with work it cannot absorb.
                - Agree together how to respond when a partner's column is at its limit.
                """,
            relations: [
                CatalogueRelation(.prerequisite, "kanban-board"),
                CatalogueRelation(.combinesWith, "cumulative-flow"),
            ]),

        CataloguePractice(
            key: "replenishment-meeting", name: "Replenishment meeting",
            summary: "A short, regular meeting where the people requesting work and the team choose which items enter the workflow next, as capacity frees up.",
            framework: "Kanban", area: .deliver,
            people: 3...12, durationMinutes: 30, difficulty: .easy,
            howTo: """
                Use this with a continuous-flow board, instead of fixed iterations, to decide what to start next without a big planning event.

                ### Steps
                1. Hold it at a fixed rhythm, often weekly, with the people who request work and those who do it.
                2. Check how many slots are free in the first column of the board, given its work-in-progress limit.
                3. Review the candidate items; each requester briefly makes the case for theirs.
                4. Consider cost of delay, due dates and balance across kinds of work.
                5. Agree which items fill the free slots, in order, and stop when the slots are full.
                6. Tell requesters whose items were not selected when the next chance is.

                ### In a partnership
                - Give each partner a voice in the meeting and, if useful, a guaranteed share of the slots over a month.
                - Publish the selected items and the reasoning on the shared board.
                """,
            relations: [
                CatalogueRelation(.prerequisite, "kanban-board"),
                CatalogueRelation(.alternativeTo, "sprint-planning"),
            ]),

        CataloguePractice(
            key: "pi-planning", name: "PI planning",
            summary: "A large, regular planning event in which all teams working on a joint initiative plan the next eight to twelve weeks together and map their dependencies.",
            framework: "SAFe", area: .deliver,
            people: 20...150, durationMinutes: 960, difficulty: .hard,
            howTo: """
                Use this when many teams from several organizations deliver into the same initiative and must align plans every quarter.

                ### Steps
                1. Leaders present the vision, business context and the top priorities for the increment.
                2. Architects and product people describe the main features and any technical changes.
                3. Teams break out to plan their iterations, estimate capacity, and draft objectives.
                4. Teams post dependencies on a shared board, connecting their cards with string or lines.
                5. Leaders review the drafts, resolve conflicts and adjust scope.
                6. Teams finalize plans, list risks and sort them into resolved, owned, accepted or mitigated.
                7. Close with a confidence vote; replan if confidence is low.

                ### In a partnership
                - Seat each partner's teams next to the teams they depend on, and keep the dependency board visible to every party afterwards.
                - Share the agenda and priorities with all organizations well in advance.
                """),

        CataloguePractice(
            key: "pair-work", name: "Pair work",
            summary: "Two people work together on one task at one screen, one steering and one reviewing, swapping roles often, to spread knowledge and catch mistakes early.",
            framework: "XP", area: .deliver,
            people: 2...2, durationMinutes: 120, difficulty: .moderate,
            howTo: """
                Use this for complex or risky tasks, for onboarding, and to spread knowledge across people from different organizations.

                ### Steps
                1. Agree the task and what "finished" looks like before you start.
                2. One person drives, typing or editing; the other navigates, thinking ahead, reviewing and asking questions.
                3. Swap roles every 20 to 30 minutes, or at each natural checkpoint.
                4. Think out loud. If you disagree, try the simpler approach first.
                5. Take regular breaks; pairing is tiring.
                6. At the end, spend five minutes on what each of you learned.

                ### In a partnership
                - Pair people from different partner organizations on purpose; it is the fastest way to share context and build trust.
                - Rotate pairs every few days so knowledge does not stay in one pair.
                """,
            relations: [CatalogueRelation(.alternativeTo, "mob-programming")]),

        CataloguePractice(
            key: "mob-programming", name: "Ensemble work",
            summary: "The whole team works on one task at one shared screen, rotating who types every few minutes, so decisions and knowledge are shared by everyone at once.",
            framework: "XP", area: .deliver,
            people: 3...8, durationMinutes: 180, difficulty: .moderate,
            howTo: """
                Use this for tasks that need many kinds of knowledge at once, such as an integration between partners' systems, or to get a new team working together.

                ### Steps
                1. Gather the team around one screen or a shared session, with one keyboard.
                2. One person is the typist and only types what the others decide; the rest navigate.
                3. Rotate the typist every five to ten minutes using a timer.
                4. Discuss ideas in the group, but try them in the code or document rather than debating for long.
                5. Keep a visible list of open questions and parked ideas.
                6. Finish with a brief reflection on how the session went.

                ### In a partnership
                - Include someone from each organization whose system is involved; many integration questions are answered on the spot.
                - For remote sessions, hand over control of the screen explicitly at each rotation.
                """,
            relations: [CatalogueRelation(.alternativeTo, "pair-work")]),

        CataloguePractice(
            key: "trunk-based-development", name: "Trunk-based development",
            summary: "Everyone integrates small changes into one main line at least daily, keeping it always releasable, instead of working on long-lived branches.",
            framework: "DevOps", area: .deliver,
            people: 2...50, durationMinutes: 60, difficulty: .hard,
            howTo: """
                Use this when merges are painful, integration problems appear late, or several partners contribute to the same codebase.

                ### Steps
                1. Agree that the main line must always build and pass its automated tests.
                2. Keep branches, if any, short: merged within a day.
                3. Break work into small changes that can be integrated safely, hiding unfinished features behind switches.
                4. Run the automated build and tests on every change, and fix a broken main line before anything else.
                5. Review changes quickly, or pair so review happens as you go.
                6. Remove feature switches once a feature is fully released.

                ### In a partnership
                - Give every partner's contributors the same access and the same rules; a slower path for outsiders recreates long branches.
                - Agree who may fix a broken main line, whichever organization broke it.
                """,
            relations: [CatalogueRelation(.combinesWith, "pair-work")]),

        CataloguePractice(
            key: "continuous-delivery", name: "Continuous delivery",
            summary: "Keep the product always in a releasable state through an automated pipeline, so any change can go live safely, quickly and on demand.",
            framework: "DevOps", area: .deliver,
            people: 3...50, durationMinutes: 240, difficulty: .hard,
            howTo: """
                Use this when releases are rare, risky events and partners wait weeks for changes they need.

                ### Steps
                1. Map the current path of a change from commit to production and note every manual step.
                2. Automate the build and a fast set of tests that run on every change.
                3. Add automated deployment to a test environment that resembles production.
                4. Add further automated checks such as security scans and slower tests as pipeline stages.
                5. Make deployment to production a single, repeatable, low-drama action, with a quick way to roll back.
                6. Release smaller changes more often and watch the results.

                ### In a partnership
                - Agree which checks each partner requires before release and build them into the pipeline instead of handing off for manual approval.
                - Give every party a view of the pipeline and of what is deployed where.
                """,
            relations: [
                CatalogueRelation(.prerequisite, "trunk-based-development"),
                CatalogueRelation(.combinesWith, "definition-of-done"),
            ]),

        // MARK: Measure

        CataloguePractice(
            key: "okr-setting", name: "OKR setting",
            summary: "Agree a few ambitious objectives for the coming period, each with two to four measurable key results that show whether it was reached.",
            framework: "OKRs", area: .measure,
            people: 3...20, durationMinutes: 180, difficulty: .moderate,
            howTo: """
                Use this at the start of a quarter to give a joint initiative a small set of shared goals that all partners can steer towards.

                ### Steps
                1. Review the previous period's results and the longer-term purpose of the initiative.
                2. Each participant drafts up to three objectives: qualitative, inspiring, and clear about why they matter.
                3. Discuss, merge and choose no more than three to five objectives in total.
                4. For each, write two to four key results that are measurable outcomes, not tasks, with a baseline and a target.
                5. Check that the key results together really prove the objective.
                6. Name an owner for each key result and publish the set.

                ### In a partnership
                - Make sure each partner can see its own interests in at least one objective, and that at least one objective is truly shared.
                - Agree where each key result's data comes from and who may see it.
                """,
            relations: [CatalogueRelation(.combinesWith, "okr-weekly-check-in")]),

        CataloguePractice(
            key: "okr-weekly-check-in", name: "Weekly OKR check-in",
            summary: "A short weekly look at each key result's confidence level and the actions planned to move it, so problems surface early rather than at quarter end.",
            framework: "OKRs", area: .measure,
            people: 3...15, durationMinutes: 30, difficulty: .easy,
            howTo: """
                Use this throughout the quarter once OKRs are set, to keep them alive rather than forgotten in a document.

                ### Steps
                1. Before the meeting, each key result owner updates the current value and a confidence score from 1 to 10 that the target will be met.
                2. In the meeting, go through the key results quickly, spending time only on those whose confidence changed or is low.
                3. For each of those, ask what is getting in the way and what would help.
                4. Agree the top priorities for the coming week.
                5. Note any risk that needs a decision outside the group.

                ### In a partnership
                - Let owners from each organization report their own key results rather than one party reporting for all.
                - Keep the confidence history in a shared place so trends are visible to every party.
                """,
            relations: [CatalogueRelation(.prerequisite, "okr-setting")]),

        CataloguePractice(
            key: "okr-quarterly-review", name: "OKR quarterly review",
            summary: "At the end of the period, score each key result, reflect on what drove the results and carry the lessons into the next set of objectives.",
            framework: "OKRs", area: .measure,
            people: 3...20, durationMinutes: 90, difficulty: .moderate,
            howTo: """
                Use this at the close of each OKR period, before setting the next ones.

                ### Steps
                1. Each owner scores their key result from 0 to 1, or as a percentage of the target, with the data behind it.
                2. Look at the objectives as a whole: which were reached, which not, and was the ambition right?
                3. Discuss what helped and what hindered, without blaming owners for missed stretch goals.
                4. Note which key results measured the wrong thing.
                5. Decide which objectives continue, change or end.
                6. Carry the agreed lessons directly into the next OKR setting session.

                ### In a partnership
                - Present results per objective, not per organization, to keep the focus on shared outcomes.
                - Share the scored OKRs and lessons with sponsors in every partner organization.
                """,
            relations: [
                CatalogueRelation(.prerequisite, "okr-setting"),
                CatalogueRelation(.combinesWith, "retrospective"),
            ]),

        CataloguePractice(
            key: "dora-metrics", name: "DORA delivery metrics",
            summary: "Track four measures of software delivery, deployment frequency, lead time for changes, change failure rate and time to restore, to see whether delivery is getting faster and safer.",
            framework: "DevOps", area: .measure,
            people: 2...20, durationMinutes: 60, difficulty: .moderate,
            howTo: """
                Use this when you want an evidence-based view of delivery performance that balances speed with stability.

                ### Steps
                1. Agree definitions for the four measures in your setting: what counts as a deployment, a change, a failure and a restore.
                2. Collect the data automatically from your version control, pipeline and incident tools wherever you can.
                3. Establish a baseline over the last few months.
                4. Review the trends monthly as a team, looking at all four together.
                5. Pick one improvement to try, such as smaller changes or faster review, and watch its effect.
                6. Never use the numbers to compare or rank individuals.

                ### In a partnership
                - Measure the whole path of a change across organizations, not only each party's own part; hand-offs are often the biggest delay.
                - Publish the dashboard to all partners with the same definitions.
                """,
            relations: [CatalogueRelation(.combinesWith, "continuous-delivery")]),

        CataloguePractice(
            key: "value-stream-mapping", name: "Value stream mapping",
            summary: "Draw every step a request goes through from first ask to delivered value, with working time and waiting time for each, to find where the flow is lost.",
            framework: "Lean", area: .measure,
            people: 4...15, durationMinutes: 240, difficulty: .hard,
            howTo: """
                Use this when delivery feels slow and nobody can say where the time goes, particularly when work crosses several organizations.

                ### Steps
                1. Choose one type of request and define where its journey starts and ends.
                2. Bring together people who do each step, from every organization involved.
                3. Walk through a recent real example and draw each step as a box, left to right.
                4. For each step, note the time spent working on it and the time spent waiting before it, plus how often work comes back for rework.
                5. Add up total working time and total elapsed time; the ratio is usually shocking.
                6. Mark the biggest waits and loops, then sketch a future map with fewer of them.
                7. Pick two or three improvements with owners.

                ### In a partnership
                - Hold the session on neutral ground, or rotate hosts, and agree that the aim is to fix the flow, not to find culprits.
                """,
            relations: [CatalogueRelation(.combinesWith, "gemba-walk")]),

        CataloguePractice(
            key: "build-measure-learn", name: "Build-measure-learn loop",
            summary: "Build the smallest thing that can test an idea, measure how real users respond, and use what you learn to decide whether to persevere or change course.",
            framework: "Lean Startup", area: .measure,
            people: 2...10, durationMinutes: 60, difficulty: .moderate,
            howTo: """
                Use this when a joint initiative is launching something new under real uncertainty about whether users want it.

                ### Steps
                1. Start from the learning you need: which assumption, if wrong, would sink the idea?
                2. Decide what you will measure and what result would change your mind.
                3. Build the minimum version that produces that measurement; it may be manual behind the scenes.
                4. Put it in front of real users and collect the data.
                5. Hold a learning review: what happened, what does it mean, and what surprised us?
                6. Decide explicitly: persevere, pivot to a new approach, or stop.
                7. Start the next loop, and aim to make each loop shorter.

                ### In a partnership
                - Agree beforehand which partner's users and channels are used, and how the data may be shared.
                - Make the persevere, pivot or stop decision together, with the evidence visible to all parties.
                """),

        CataloguePractice(
            key: "cumulative-flow", name: "Cumulative flow diagram",
            summary: "A stacked area chart of how many items are in each workflow stage each day, showing throughput, growing queues and bottlenecks at a glance.",
            framework: "Kanban", area: .measure,
            people: 1...15, durationMinutes: 30, difficulty: .moderate,
            howTo: """
                Use this once work is tracked on a board, to see how flow changes over weeks rather than only how the board looks today.

                ### Steps
                1. Each day, record the number of items in each column of the board; most digital tools do this automatically.
                2. Plot the counts as stacked bands over time, with the done band at the bottom.
                3. Read the chart: the slope of the done band is throughput, the vertical thickness of the middle bands is work in progress, and the horizontal distance is roughly how long items take.
                4. A band that keeps widening marks a growing queue or bottleneck.
                5. Review the chart in your regular improvement meeting and discuss what caused changes.

                ### In a partnership
                - Look at the bands for hand-off stages between organizations; a widening band there is a partnership problem to raise together, not a team's failure.
                """,
            relations: [CatalogueRelation(.prerequisite, "kanban-board")]),

        CataloguePractice(
            key: "service-level-expectation", name: "Service level expectation",
            summary: "A forecast, based on past data, of how long a typical item should take from start to finish, such as 85 percent of items within ten days.",
            framework: "Kanban", area: .measure,
            people: 2...15, durationMinutes: 45, difficulty: .moderate,
            howTo: """
                Use this when partners keep asking "when will it be done?" and you want an honest answer grounded in data rather than estimates.

                ### Steps
                1. Collect the start and finish dates of items completed over the last two or three months.
                2. Calculate how many days each item took.
                3. Find the number of days within which 85 percent of items finished. That is your expectation.
                4. Publish it: "85 percent of items finish within N days of starting."
                5. In daily meetings, check the age of items in progress against it and swarm on those approaching the limit.
                6. Recalculate every month or after a big change to the workflow.

                ### In a partnership
                - Share the expectation with requesting partners instead of promising fixed dates for each item.
                - Calculate it separately for work that depends on another organization, if that work behaves very differently.
                """),

        CataloguePractice(
            key: "team-health-check", name: "Team health check",
            summary: "A regular, quick self-assessment in which the team rates itself on a few aspects of working life and discusses the trends, to catch problems while they are small.",
            framework: "Facilitation", area: .measure,
            people: 3...15, durationMinutes: 45, difficulty: .easy,
            howTo: """
                Use this every month or two to give a team a way to notice drifting morale, unclear goals or friction with partners.

                ### Steps
                1. Pick six to ten aspects, for example clear purpose, pace, trust, quality, support, working with partners.
                2. For each, write what a great and a poor state would look like.
                3. Everyone rates each aspect privately as good, so-so or poor, and says whether it is improving or getting worse.
                4. Reveal the ratings together and show the spread, not only the average.
                5. Discuss the aspects with the lowest or most divided ratings.
                6. Choose one or two actions, and compare with the previous check next time.

                ### In a partnership
                - Run it for the cross-organization team as a whole, and let people rate anonymously if contracts or hierarchy make openness difficult.
                - Share trends, not individual answers, with sponsors.
                """,
            relations: [CatalogueRelation(.combinesWith, "retrospective")]),

        // MARK: Foundation

        CataloguePractice(
            key: "working-agreement", name: "Working agreement",
            summary: "A short list of ground rules the team writes together about how it communicates, meets, decides and handles disagreement.",
            framework: "Facilitation", area: .foundation,
            people: 3...15, durationMinutes: 60, difficulty: .easy,
            howTo: """
                Use this when a new team forms, when people from several organizations start working together, or when friction keeps recurring.

                ### Steps
                1. Ask each person to think of the best team they have been part of and what made it work.
                2. Collect ideas on topics such as core hours, response times, meetings, tools, decisions and feedback.
                3. Turn the ideas into concrete statements, for example "we answer chat messages within half a day".
                4. Check each statement: can everyone live with it? Adjust until they can.
                5. Keep the list to about ten items and put it where everyone sees it.
                6. Revisit it in retrospectives and whenever someone joins.

                ### In a partnership
                - Discuss openly where partner organizations' own policies differ, for example on tools or working hours, and agree what the joint team follows.
                - Have every party's members sign or confirm the agreement.
                """),

        CataloguePractice(
            key: "retrospective", name: "Retrospective",
            summary: "A regular meeting in which the team reflects on how it has been working and agrees one or two concrete changes to try next.",
            framework: "Scrum", area: .foundation,
            people: 3...15, durationMinutes: 60, difficulty: .easy,
            howTo: """
                Use this at the end of every iteration or at a fixed rhythm, so that the way of working keeps improving.

                ### Steps
                1. **Open**: recall the period under review, check what happened to the last actions, and ask each person for one word on how they feel.
                2. **Look back**: together, list moments that helped and moments that hurt, on a shared timeline if the period was eventful.
                3. **Understand**: cluster the items and dig into the causes of the two or three that matter most.
                4. **Choose**: pick one or two small, specific changes, each with an owner and a date to check.
                5. **Wrap up**: read the actions back and thank each other.
                6. Change the format now and then so it does not become routine.

                ### In a partnership
                - Rotate facilitation between the partner organizations, and have a neutral facilitator when tension is high.
                - Agree what may be shared outside the room; keep the actions visible to every party.
                """,
            relations: [
                CatalogueRelation(.combinesWith, "working-agreement"),
                CatalogueRelation(.combinesWith, "five-whys"),
            ]),

        CataloguePractice(
            key: "team-api", name: "Team API",
            summary: "A short, public description of how a team works with others: what it owns, how to ask for its help, how it communicates and what it is focusing on.",
            framework: "Team Topologies", area: .foundation,
            people: 3...10, durationMinutes: 90, difficulty: .moderate,
            howTo: """
                Use this when other teams or partner organizations do not know how to work with a team, or when requests reach it through random channels.

                ### Steps
                1. Write the team's name, purpose and the type of team it is.
                2. List what it owns: services, products, documents, decisions.
                3. Describe how to work with it: request channels, response times, office hours, documentation.
                4. Note its current priorities and what it will not take on now.
                5. List the teams it works closely with and how.
                6. Publish it where others look first, and update it whenever something changes, at least every quarter.

                ### In a partnership
                - Have every team in every partner organization publish its page in the same shared space and format.
                - Ask a neighbouring team from another organization to read it and say what is unclear.
                """,
            relations: [CatalogueRelation(.combinesWith, "interaction-modes")]),

        CataloguePractice(
            key: "interaction-modes", name: "Team interaction modes",
            summary: "Agree explicitly whether two teams collaborate closely, provide a service to one another or facilitate each other, and for how long, instead of leaving it implicit.",
            framework: "Team Topologies", area: .foundation,
            people: 4...20, durationMinutes: 60, difficulty: .moderate,
            howTo: """
                Use this when teams from different partners step on each other's toes, wait on each other, or are unsure what to expect.

                ### Steps
                1. List the pairs of teams that need to work together.
                2. For each pair, choose one mode: **collaboration** for joint discovery over a limited period, **as a service** where one team consumes what the other provides with little interaction, or **facilitating** where one team helps the other learn.
                3. Write down the expected duration and what would trigger a change of mode.
                4. Check the result for overload: a team cannot collaborate closely with many others at once.
                5. Review the modes every quarter and evolve them as the work matures.

                ### In a partnership
                - Collaboration across organizations is costly; agree an end date for it and a plan to move to a service relationship.
                - Record the agreed modes in each team's Team API.
                """,
            relations: [CatalogueRelation(.combinesWith, "team-api")]),

        CataloguePractice(
            key: "cognitive-load-assessment", name: "Cognitive load assessment",
            summary: "Ask a team how much it must keep in its head to do its work, domains, systems and relationships, and reshape responsibilities if the load is too high.",
            framework: "Team Topologies", area: .foundation,
            people: 3...12, durationMinutes: 60, difficulty: .moderate,
            howTo: """
                Use this when a team is slow, stressed or making avoidable mistakes, and you suspect it is responsible for too much.

                ### Steps
                1. List everything the team owns or regularly touches: systems, domains, processes, partner relationships.
                2. Each person rates each item as easy, manageable or hard to hold in mind.
                3. Ask a few open questions: how much time goes to things outside our main purpose? How often do we need other people to finish our work?
                4. Look for clusters of hard items that have little to do with the team's core purpose.
                5. Propose options: hand items to another team, simplify them, or get a platform or enabling team to help.
                6. Agree changes with the affected teams and reassess in a quarter.

                ### In a partnership
                - Count each partner relationship as load in its own right; teams that liaise with many organizations need slack for it.
                """),

        CataloguePractice(
            key: "roles-and-responsibilities", name: "Roles and responsibilities map",
            summary: "Make explicit who is responsible, who decides, who is consulted and who is informed for each key activity across the partner organizations.",
            framework: "Governance", area: .foundation,
            people: 3...15, durationMinutes: 90, difficulty: .moderate,
            howTo: """
                Use this when work falls between organizations, when two parties both think they decide something, or when a new partner joins.

                ### Steps
                1. List the key activities and decisions of the initiative in rows.
                2. List the roles, not individuals, in columns, and mark which organization fills each.
                3. For each row, mark who does the work, the single role that decides, who must be consulted before, and who is informed after.
                4. Check each row has exactly one decider and at least one doer.
                5. Look for rows where one role carries too much, or where nobody is consulted who should be.
                6. Publish the map and revisit it when roles or partners change.

                ### In a partnership
                - Prefer roles that can be filled by any party; tie a role to one organization only where a contract or law requires it.
                """,
            relations: [CatalogueRelation(.combinesWith, "partnership-charter")]),

        CataloguePractice(
            key: "partnership-charter", name: "Partnership charter",
            summary: "A short founding document the partner organizations write together, covering shared purpose, what each party contributes and gains, and how they will govern and exit.",
            framework: "Governance", area: .foundation,
            people: 3...20, durationMinutes: 240, difficulty: .hard,
            howTo: """
                Use this at the start of a joint initiative, before detailed plans, so that the partners agree why they are together and how they will handle difficulty.

                ### Steps
                1. Write the shared purpose in two or three sentences that every party can repeat.
                2. For each organization, state what it brings, what it needs to get out of the partnership and its constraints.
                3. Describe the governance: which groups meet, how often, and how decisions are made.
                4. Agree principles for sharing information, data and credit.
                5. Describe how disagreements are escalated and resolved.
                6. Agree how a party may join or leave, and what happens to shared work if it does.
                7. Set a date to review the charter.

                ### In a partnership
                - Draft it together in a workshop rather than circulating one party's draft; ownership matters more than polish.
                """),

        CataloguePractice(
            key: "driver-mapping", name: "Driver mapping",
            summary: "Describe the situation and the need behind a piece of work before discussing solutions, so everyone understands why it matters and what is being responded to.",
            framework: "Sociocracy 3.0", area: .foundation,
            people: 2...12, durationMinutes: 45, difficulty: .moderate,
            howTo: """
                Use this when a group argues about solutions without agreeing on the need, or when setting up a new team, role or workstream.

                ### Steps
                1. Describe the current situation factually: what is happening, and who is affected.
                2. Describe the effect of that situation on the initiative or the partners.
                3. State the need: what would the initiative need to respond well?
                4. Check that the statement does not already contain a solution.
                5. Ask whether this driver is relevant to the group's purpose; if not, pass it to the right group.
                6. Use the agreed driver as the starting point for proposals, and refer back to it when evaluating them.

                ### In a partnership
                - When a driver affects several organizations, write it together so each party recognizes its own situation in it.
                - Keep drivers in a shared log linked to the decisions that respond to them.
                """,
            relations: [CatalogueRelation(.combinesWith, "consent-decision-making")]),

        CataloguePractice(
            key: "five-whys", name: "Five whys",
            summary: "Ask why a problem happened, then why that cause happened, and keep going about five times until you reach a cause you can actually fix.",
            framework: "Lean", area: .foundation,
            people: 2...8, durationMinutes: 30, difficulty: .easy,
            howTo: """
                Use this for a specific, recurring problem where the quick fix keeps failing because the real cause has not been found.

                ### Steps
                1. Write the problem as a concrete, observed fact, with when and where.
                2. Ask why it happened, and write the answer based on facts, not guesses.
                3. Ask why that answer happened, and so on, usually about five times.
                4. If there are several causes at a level, follow each branch separately.
                5. Stop when you reach a cause that the group can act on and that, if fixed, would prevent the problem.
                6. Agree an action and check later whether the problem returned.

                ### In a partnership
                - Look at systems and processes, not people or organizations; a chain that ends with "the other partner was careless" has stopped too early.
                - Include someone from each organization whose process appears in the chain.
                """),

        CataloguePractice(
            key: "gemba-walk", name: "Gemba walk",
            summary: "Leaders go to where the work is actually done, observe and ask respectful questions, to understand real conditions before deciding on improvements.",
            framework: "Lean", area: .foundation,
            people: 1...6, durationMinutes: 60, difficulty: .easy,
            howTo: """
                Use this when decision makers rely on reports and dashboards and have lost touch with how the work really happens.

                ### Steps
                1. Choose a process or a team to visit and a theme, such as hand-offs or waiting.
                2. Tell the team in advance why you are coming: to learn, not to inspect.
                3. Go to where the work happens, physically or by joining the actual tools and calls.
                4. Observe quietly, then ask open questions: what is hard today? What do you wait for?
                5. Take notes, but do not solve problems on the spot or hand out instructions.
                6. Afterwards, thank the team, share what you saw and follow up on anything you committed to.

                ### In a partnership
                - Visit a partner's operations together with their leaders; seeing each other's constraints builds more trust than any meeting.
                """),

        CataloguePractice(
            key: "a3-problem-solving", name: "A3 problem solving",
            summary: "Work through a problem on a single large sheet, from background and current state to root cause, countermeasures and follow-up, so the reasoning is easy to share.",
            framework: "Lean", area: .foundation,
            people: 1...6, durationMinutes: 240, difficulty: .hard,
            howTo: """
                Use this for a significant problem that deserves structured thinking and needs support from people in several organizations.

                ### Steps
                1. **Background**: why this problem matters now.
                2. **Current state**: what is happening, shown with facts and a simple picture.
                3. **Goal**: what good would look like and how you will measure it.
                4. **Analysis**: the root causes, for example found with five whys.
                5. **Countermeasures**: actions that address the causes, each with an owner and a date.
                6. **Follow-up**: how and when you will check results, and what you will do if they fall short.
                7. Walk the sheet with people affected before acting; revise it after each conversation.

                ### In a partnership
                - The A3 is a good way to brief sponsors in other organizations; ask a mentor from a different party to coach the author.
                """,
            relations: [CatalogueRelation(.combinesWith, "five-whys")]),

        CataloguePractice(
            key: "blameless-post-incident-review", name: "Blameless post-incident review",
            summary: "After an incident, reconstruct what happened and why it made sense to the people involved at the time, then improve the system rather than blaming individuals.",
            framework: "DevOps", area: .foundation,
            people: 3...15, durationMinutes: 90, difficulty: .moderate,
            howTo: """
                Use this after any outage, data problem or serious service failure, and also after near misses.

                ### Steps
                1. Hold the review within a few days, while memories are fresh.
                2. State the ground rule: people acted reasonably given what they knew; we are looking for how the system allowed this.
                3. Build a timeline together from logs, chat history and recollections.
                4. For key moments, ask what people saw, what they expected and why their action made sense.
                5. Identify contributing factors, such as missing alerts, confusing tools or unclear ownership.
                6. Agree a small number of improvements with owners and dates.
                7. Write it up and share it widely.

                ### In a partnership
                - Agree in advance that reviews across organizations are blameless for every party, and that findings are not used in contract disputes.
                - Invite all partners involved in the incident, including their operations staff.
                """,
            relations: [CatalogueRelation(.combinesWith, "five-whys")]),
    ]
}
