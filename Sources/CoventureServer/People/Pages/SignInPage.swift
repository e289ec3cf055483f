import CoventureCore
import Foundation
import Plot

/// The sign-in form; after a refusal, the email is kept and the reason shown above the form.
enum SignInPage {
    struct Model: Sendable {
        var email = ""
        /// Where to go after signing in: checked by `SignInController.safeNext` already.
        var next: String?
        var error: String?
    }

    static func render(_ model: Model, context: PageContext) -> HTML {
        Layout.page(
            "Sign in", context,
            .section(
                .class("panel narrow"),
                .h1(.plain("Sign in")),
                .p(.class("lead"), .plain("Coventure keeps a joint initiative's objectives, decisions and work open to every partner.")),
                .unwrap(model.error) { .div(.class("alert error"), .safe("role", "alert"), .p(.plain($0))) },
                .form(
                    .safe("method", "post"), .safe("action", SiteURL.signIn.path),
                    Forms.csrf(context.csrfToken),
                    .unwrap(model.next) {
                        .input(.safe("type", "hidden"), .safe("name", "next"), .safe("value", $0))
                    },
                    Forms.field("Email", name: "email", value: model.email, type: "email", autocomplete: "username"),
                    Forms.field("Password", name: "password", type: "password", autocomplete: "current-password"),
                    Forms.submit("Sign in")
                )
            )
        )
    }
}
