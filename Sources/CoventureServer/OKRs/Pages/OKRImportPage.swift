import CoventureCore
import Foundation
import Plot

/// Import a CSV file of OKRs: all rows or none, with every problem listed.
enum OKRImportPage {
    struct Model: Sendable {
        var initiative: InitiativeDTO
        var problems: [OKRTransfer.Problem]
    }

    static func render(_ model: Model, context: PageContext) -> HTML {
        let id = model.initiative.id
        return Layout.page(
            "Import OKRs · \(model.initiative.name)", context,
            .p(.class("crumbs"), .a(.link(.okrTree(.value(id))), .plain("← OKRs of " + model.initiative.name))),
            InitiativeNav.render(model.initiative, current: .okrs),
            .section(
                .class("panel"),
                .h1(.plain("Import OKRs from CSV")),
                .if(!model.problems.isEmpty, .div(
                    .class("alert error"), .safe("role", "alert"), .id("import-problems"),
                    .p(.plain("Nothing was imported: the file has \(Display.count(model.problems.count, "problem")). Fix them and import the whole file again.")),
                    .table(
                        .thead(.tr(.th(.plain("Line")), .th(.plain("Column")), .th(.plain("Problem")))),
                        .tbody(.forEach(model.problems.prefix(500)) { problem in
                            .tr(.td(.safe("data-label", "Line"), .plain(String(problem.line))), .td(.safe("data-label", "Column"), .plain(problem.column)),
                                .td(.safe("data-label", "Problem"), .plain(problem.reason)))
                        })
                    )
                )),
                .p(.plain("Columns: " + (OKRTransfer.columns + OKRTransfer.optionalColumns).joined(separator: ", ") + ". The whole file is checked first; if any row is wrong, nothing is imported. An export of this page's OKRs is a valid example.")),
                .form(
                    .id("okr-import"), .safe("method", "post"), .safe("action", SiteURL.okrImport(.value(id)).path),
                    .safe("enctype", "multipart/form-data"),
                    Forms.csrf(context.csrfToken),
                    .div(.class("field"), .label(.safe("for", "field-file"), .plain("CSV file")),
                         .input(.safe("type", "file"), .safe("id", "field-file"), .safe("name", "file"), .safe("accept", ".csv,text/csv"))),
                    Forms.textarea("…or paste its contents", name: "csv"),
                    .element(named: "progress", nodes: [.id("import-progress"), .safe("hidden", "hidden"), .safe("max", "100")]),
                    .p(.id("import-status"), .class("muted"), .safe("aria-live", "polite")),
                    Forms.submit("Import")
                ),
                .script(.safe("src", SiteURL.okrImportScript.path), .attribute(named: "defer"))
            )
        )
    }

    /// What the OKR tree says once after an import.
    static func summary(_ result: ImportResultDTO) -> String {
        "Imported \(Display.count(result.objectivesCreated, "objective")), \(Display.count(result.keyResultsCreated, "key result")) "
            + "and \(Display.count(result.checkInsCreated, "check-in"))."
    }
}
