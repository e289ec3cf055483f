import Foundation
import Plot
import Vapor

/// The page an error shows a person: its status in words and what went wrong, with a way back. Rendered by
/// `ErrorRendering` for page requests (API requests get the JSON error).
enum ErrorPage {
    struct Model: Sendable {
        var status: HTTPResponseStatus
        /// Safe to show: the refusal's own words, never an internal error's.
        var message: String
    }

    static func render(_ model: Model, context: PageContext) -> HTML {
        Layout.page(
            model.status.reasonPhrase, context,
            .section(
                .class("panel narrow"),
                .h1(.plain("\(model.status.code) — \(model.status.reasonPhrase)")),
                .p(.plain(model.message)),
                .p(.a(.link(.home), .plain("Back to Coventure")))
            )
        )
    }
}
