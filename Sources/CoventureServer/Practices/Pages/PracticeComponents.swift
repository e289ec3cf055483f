import CoventureCore
import Foundation
import Plot

/// View pieces the practice pages share: the how-to's Markdown, provenance, review status, a version's diff and the
/// fields of a practice's form.
enum PracticeComponents {
    // MARK: Markdown

    /// A how-to, rendered from the Markdown reader's blocks. Every text goes through Plot's escaping and a link is
    /// made only from a target the reader accepted (`http(s)`), so nothing a contributor writes becomes markup.
    static func markdown(_ source: String) -> Node<HTML.BodyContext> {
        .div(.class("markdown"), .forEach(Markdown.parse(source)) { block in
            switch block {
            case .heading(let level, let inlines):
                // The page's own headings are h1 and h2: a how-to's start at h3.
                return level <= 2 ? .h3(inline(inlines)) : .h4(inline(inlines))
            case .paragraph(let inlines): return .p(inline(inlines))
            case .bulletList(let items): return .ul(.forEach(items) { .li(inline($0)) })
            case .numberedList(let start, let items):
                return .ol(start == 1 ? .empty : .safe("start", String(start)), .forEach(items) { .li(inline($0)) })
            case .code(let text): return .pre(.code(.plain(text)))
            }
        })
    }

    static func inline(_ inlines: [Markdown.Inline]) -> Node<HTML.BodyContext> {
        .forEach(inlines) { part in
            switch part {
            case .text(let text): return .plain(text)
            case .strong(let children): return .strong(inline(children))
            case .emphasis(let children): return .em(inline(children))
            case .code(let text): return .code(.plain(text))
            case .link(let text, let url):
                // `.safe`: Plot writes attribute values as given, and this one is a contributor's.
                return .a(.safe("href", url), .safe("rel", "nofollow noopener noreferrer"), .plain(Markdown.plainText(text)))
            }
        }
    }

    /// A `<details>` disclosure: closed (unless `open`), its summary always shown.
    static func disclosure(_ summary: String, open: Bool = false, _ content: Node<HTML.BodyContext>...) -> Node<HTML.BodyContext> {
        .element(named: "details", nodes: [open ? .attribute(named: "open") : .empty, .element(named: "summary", text: summary)] + content)
    }

    // MARK: Provenance and status

    /// Where a practice comes from: "Catalogue", "Catalogue, adapted" or "Contributed by Helio", with the version.
    static func provenance(_ practice: PracticeDTO) -> Node<HTML.BodyContext> {
        let origin: String
        if let contributor = practice.contributedBy {
            origin = "Contributed by \(contributor.name)"
        } else if practice.initiativeId == nil {
            origin = "Catalogue"
        } else {
            origin = practice.version > 1 ? "From the catalogue, refined here" : "From the catalogue"
        }
        return .span(.class("badge provenance"), .plain("\(origin) · v\(practice.version)"))
    }

    static func status(_ status: PracticeStatus) -> Node<HTML.BodyContext> {
        let tone = switch status {
        case .accepted: "ok"
        case .inReview: "due"
        case .changesRequested: "danger"
        }
        return .span(.class("badge \(tone) practice-status"), .plain(status.label))
    }

    /// "Scrum · Deliver · 3–8 people · 15 min · Easy".
    static func facts(framework: String, area: PracticeArea, peopleMin: Int, peopleMax: Int, duration: Int, difficulty: PracticeDifficulty) -> String {
        let people = peopleMin == peopleMax ? "\(peopleMin) people" : "\(peopleMin)–\(peopleMax) people"
        return [framework, area.label, people, PracticeContent.duration(duration), difficulty.label].joined(separator: " · ")
    }

    static func facts(_ p: PracticeDTO) -> String {
        facts(framework: p.framework, area: p.area, peopleMin: p.peopleMin, peopleMax: p.peopleMax, duration: p.durationMinutes, difficulty: p.difficulty)
    }

    static func facts(_ v: PracticeVersionDTO) -> String {
        facts(framework: v.framework, area: v.area, peopleMin: v.peopleMin, peopleMax: v.peopleMax, duration: v.durationMinutes, difficulty: v.difficulty)
    }

    // MARK: Diff

    /// What a version changed from the one before: the fields, then the how-to line by line.
    static func diff(_ version: PracticeVersionDTO) -> Node<HTML.BodyContext> {
        let changedLines = version.howToDiff.contains { $0.kind != "same" }
        guard !version.changes.isEmpty || changedLines else {
            return .p(.class("muted"), .plain(version.version == 1 ? "The first version." : "No change to the text."))
        }
        return .div(
            .class("practice-diff"),
            .if(!version.changes.isEmpty, .table(
                .class("diff-fields"),
                .thead(.tr(.th(.plain("Field")), .th(.plain("Before")), .th(.plain("After")))),
                .tbody(.forEach(version.changes) { change in
                    .tr(.td(.safe("data-label", "Field"), .plain(FieldLabels.label(for: change.field))),
                        .td(.safe("data-label", "Before"), .del(.plain(change.before))),
                        .td(.safe("data-label", "After"), .ins(.plain(change.after))))
                })
            )),
            .if(changedLines, .group(
                .h4(.plain("How to run it, line by line")),
                .pre(.class("diff-lines"), .forEach(version.howToDiff) { line in
                    // One block per line (styles.css), marked + and − so the change reads without colour too.
                    switch line.kind {
                    case "added": return .element(named: "ins", nodes: [.plain("+ " + line.text)])
                    case "removed": return .element(named: "del", nodes: [.plain("− " + line.text)])
                    default: return .span(.plain("  " + (line.text.isEmpty ? " " : line.text)))
                    }
                })
            ))
        )
    }

    // MARK: Forms

    /// The form's fields as a request. Numbers that are not whole numbers are refused by field.
    static func request(_ form: [String: String], prefix: String = "") throws -> PracticeRequest {
        var checks = FieldChecks()
        func int(_ name: String) -> Int? {
            checks.run { () throws -> Int? in
                guard let text = form[prefix + name]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
                guard let value = Int(text) else { throw ValidationError(field: prefix + name, "must be a whole number") }
                return value
            } ?? nil
        }
        let peopleMin = int("peopleMin"), peopleMax = int("peopleMax"), duration = int("durationMinutes")
        let relations = checks.run { () throws -> [PracticeRelationInput]? in
            guard form[prefix + "relationKind"] != nil || form[prefix + "relationPracticeId"] != nil else { return nil }
            guard let raw = form[prefix + "relationPracticeId"], !raw.isEmpty else { return [] }
            guard let id = UUID(uuidString: raw) else { throw ValidationError(field: prefix + "relationPracticeId", "must be chosen from the list") }
            return [PracticeRelationInput(kind: form[prefix + "relationKind"] ?? "", practiceId: id)]
        } ?? nil
        try checks.finish()
        return PracticeRequest(
            name: form[prefix + "name"], summary: form[prefix + "summary"], framework: form[prefix + "framework"],
            area: blank(form[prefix + "area"]), peopleMin: peopleMin, peopleMax: peopleMax, durationMinutes: duration,
            difficulty: blank(form[prefix + "difficulty"]), howTo: form[prefix + "howTo"], relations: relations)
    }

    static func blank(_ text: String?) -> String? {
        guard let text, !text.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
        return text
    }

    /// The values revising a version in review edits, as the form shows them: what its version is a digest of (issue
    /// #17). The relation is among them only when the form edits it (a practice with several keeps them as they are).
    static func editedFields(_ current: PracticeVersionDTO) -> [String: String] {
        var fields = [
            "name": current.name, "summary": current.summary, "framework": current.framework, "area": current.area.rawValue,
            "peopleMin": String(current.peopleMin), "peopleMax": String(current.peopleMax),
            "durationMinutes": String(current.durationMinutes), "difficulty": current.difficulty.rawValue, "howTo": current.howTo,
        ]
        if current.relations.count <= 1 {
            fields["relationPracticeId"] = current.relations.first?.practiceId.uuidString.lowercased() ?? ""
            if let relation = current.relations.first { fields["relationKind"] = relation.kind.rawValue }
        }
        return fields
    }

    /// A practice's fields, prefilled from `values` (the input kept) or `current`. `prefix` names them inside a larger
    /// form (a retrospective's proposal). `edit`, when revising, shows the stored values after someone else's change and
    /// what was typed beside each field that differs.
    static func fields(
        values typedValues: [String: String], errors: [String: String], current: PracticeVersionDTO?, relatable: [(id: UUID, name: String)],
        prefix: String = "", edit: EditedValues? = nil
    ) -> Node<HTML.FormContext> {
        let values = edit.map { $0.isConflict ? $0.stored : typedValues } ?? typedValues
        func value(_ name: String, _ fallback: String?) -> String { values[prefix + name] ?? fallback ?? "" }
        func error(_ name: String) -> String? { errors[prefix + name] }
        func typed(_ name: String, options: [(String, String)] = []) -> Node<HTML.FormContext> {
            edit?.typedNote(prefix + name, options: options) ?? .empty
        }
        let relatableOptions = relatable.map { ($0.id.uuidString.lowercased(), $0.name) }
        let areas = PracticeArea.allCases.map { ($0.rawValue, $0.label) }
        let difficulties = PracticeDifficulty.allCases.map { ($0.rawValue, $0.label) }
        let relation = current?.relations.first
        // One relation is edited here; a practice with several keeps them as they are (the API changes them), so
        // that saving this form never drops one silently.
        let relationFields: Node<HTML.FormContext> = (current?.relations.count ?? 0) > 1
            ? .p(.class("hint"), .plain("Related practices stay as they are: "
                + (current?.relations.map { "\($0.kind.label.lowercased()) \($0.name ?? "a practice")" }.joined(separator: "; ") ?? "") + "."))
            : .div(.class("field-row"),
                   Forms.select("Related practice", name: prefix + "relationPracticeId",
                                options: relatableOptions,
                                selected: values[prefix + "relationPracticeId"] ?? relation?.practiceId.uuidString.lowercased(),
                                error: error("relations[0].practiceId") ?? error("relationPracticeId"), placeholder: "None"),
                   typed("relationPracticeId", options: relatableOptions),
                   Forms.select("Relation", name: prefix + "relationKind", options: PracticeRelationKind.allCases.map { ($0.rawValue, $0.label) },
                                selected: values[prefix + "relationKind"] ?? relation?.kind.rawValue ?? PracticeRelationKind.combinesWith.rawValue,
                                error: error("relations[0].kind")))
        return .group(
            Forms.field("Name", name: prefix + "name", value: value("name", current?.name), error: error("name")),
            typed("name"),
            Forms.textarea("Summary", name: prefix + "summary", value: value("summary", current?.summary), error: error("summary")),
            typed("summary"),
            Forms.field("Framework", name: prefix + "framework", value: value("framework", current?.framework),
                        hint: "Scrum, Kanban, Lean Startup… or your organization's own", error: error("framework")),
            typed("framework"),
            Forms.select("Area", name: prefix + "area", options: areas,
                         selected: values[prefix + "area"] ?? current?.area.rawValue, error: error("area"), placeholder: "Choose…"),
            typed("area", options: areas),
            .div(.class("field-row"),
                 Forms.field("People (fewest)", name: prefix + "peopleMin", value: value("peopleMin", current.map { String($0.peopleMin) }),
                             type: "number", error: error("peopleMin")),
                 Forms.field("People (most)", name: prefix + "peopleMax", value: value("peopleMax", current.map { String($0.peopleMax) }),
                             type: "number", error: error("peopleMax")),
                 Forms.field("Duration (minutes)", name: prefix + "durationMinutes",
                             value: value("durationMinutes", current.map { String($0.durationMinutes) }), type: "number",
                             error: error("durationMinutes"))),
            typed("peopleMin"), typed("peopleMax"), typed("durationMinutes"),
            Forms.select("Difficulty", name: prefix + "difficulty", options: difficulties,
                         selected: values[prefix + "difficulty"] ?? current?.difficulty.rawValue, error: error("difficulty"), placeholder: "Choose…"),
            typed("difficulty", options: difficulties),
            Forms.textarea("How to run it (Markdown: ## headings, - lists, **bold**, links to https://…)", name: prefix + "howTo",
                           value: value("howTo", current?.howTo), error: error("howTo")),
            typed("howTo"),
            relationFields
        )
    }
}
