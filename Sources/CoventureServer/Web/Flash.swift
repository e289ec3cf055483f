import Fluent
import Foundation
import Plot
import SQLKit
import Vapor

/// A one-time message on the page a change leads to: "Saved.", "Check-in recorded.", or a secret shown only there
/// (a new API token, an invitation link).
///
/// Post/Redirect/Get (issue #12, bug 3): a successful form post answers 303 to a GET page, so Back, Reload and
/// Forward never post again. What that page must say about the change travels here, server-side and bound to the
/// browser's session: it is shown on that page, and on reloads of it, until the person opens another page (or after
/// `lifetime`); then it is gone. A secret is never put in a URL or a cookie, and never shown by posting again.
struct Flash: Sendable, Equatable {
    var message: String
    var secret: Secret?

    /// Something to copy now, because it cannot be shown again (only its hash is kept).
    struct Secret: Sendable, Equatable {
        var label: String
        var value: String
        var note: String
        /// A ready-to-send message that carries the secret (an invitation's link), if any.
        var message: String?
    }

    static let saved = Flash(message: "Saved.")

    /// How long an unshown or lingering flash lives: long enough for a slow redirect, short enough that a secret does
    /// not sit in the database.
    static let lifetime: TimeInterval = 15 * 60
}

extension Request {
    /// Leaves `flash` for the page at `url` in this browser session. Without a session (a person who is not signed
    /// in) there is nowhere to keep it, and nothing is left.
    func leaveFlash(_ flash: Flash, for url: SiteURL) async throws {
        guard let sessionID = auth.get(SignedInPerson.self)?.sessionID else { return }
        try await FlashStore(db: db, recorder: recorder).leave(flash, for: url.path, session: sessionID)
        storage[FlashPendingKey.self] = true
    }
}

/// Page requests: finds the flashes this session left for the page being opened (only when the browser says there are
/// some, so an ordinary page view costs no query), and forgets those left for other pages.
struct FlashMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let name = request.application.cookiePolicy.flashName
        let hasCookie = request.cookies[name] != nil
        var remaining = true
        if hasCookie, request.method == .GET {
            if let sessionID = request.auth.get(SignedInPerson.self)?.sessionID {
                let shown = try await FlashStore(db: request.db, recorder: request.recorder)
                    .take(for: request.url.path, session: sessionID)
                request.storage[FlashesKey.self] = shown
                remaining = !shown.isEmpty
            } else {
                remaining = false
            }
        }
        let response = try await next.respond(to: request)
        let policy = request.application.cookiePolicy
        if request.storage[FlashPendingKey.self] == true {
            response.cookies[name] = policy.value("1", maxAge: Int(Flash.lifetime))
        } else if hasCookie && !remaining {
            response.cookies[name] = policy.expired()
        }
        return response
    }
}

extension CookiePolicy {
    /// Says only that a flash may be waiting (its content stays on the server).
    var flashName: String { insecure ? "coventure_flash" : "__Host-coventure_flash" }
}

struct FlashesKey: StorageKey { typealias Value = [Flash] }
private struct FlashPendingKey: StorageKey { typealias Value = Bool }

/// The `flashes` rows: bookkeeping of a browser session, like the session row itself, so no ledger event.
struct FlashStore {
    let db: any Database
    let recorder: Recorder

    func leave(_ flash: Flash, for path: String, session: UUID, now: Date = Date()) async throws {
        try await recorder.bookkeeping { db in
            let sql = db as! any SQLDatabase
            // Everyone's flashes past their lifetime go first: a secret left for a browser that was closed at once
            // must not wait in the database for its session to end. (The table holds minutes of posts: small.)
            try await sql.raw("DELETE FROM flashes WHERE created_at < \(bind: now.addingTimeInterval(-Flash.lifetime))").run()
            try await sql.raw("""
                INSERT INTO flashes (id, session_id, path, message, secret_label, secret_value, secret_note, secret_message, created_at)
                VALUES (\(bind: UUID()), \(bind: session), \(bind: path), \(bind: flash.message), \(bind: flash.secret?.label),
                        \(bind: flash.secret?.value), \(bind: flash.secret?.note), \(bind: flash.secret?.message), \(bind: now))
                """).run()
        }
    }

    /// The flashes left for `path`, oldest first; every other flash of the session (left for a page the person did not
    /// go on to, or left too long ago) is deleted.
    func take(for path: String, session: UUID, now: Date = Date()) async throws -> [Flash] {
        let sql = db as! any SQLDatabase
        let rows = try await sql.raw("""
            SELECT path, message, secret_label, secret_value, secret_note, secret_message, created_at FROM flashes
            WHERE session_id = \(bind: session) ORDER BY created_at, id
            """).all()
        let oldest = now.addingTimeInterval(-Flash.lifetime)
        var shown: [Flash] = []
        var stale = false
        for row in rows {
            let createdAt = try row.decode(column: "created_at", as: Date.self)
            guard try row.decode(column: "path", as: String.self) == path, createdAt >= oldest else {
                stale = true
                continue
            }
            var flash = Flash(message: try row.decode(column: "message", as: String.self))
            if let label = try row.decode(column: "secret_label", as: String?.self),
                let value = try row.decode(column: "secret_value", as: String?.self)
            {
                flash.secret = .init(
                    label: label, value: value, note: try row.decode(column: "secret_note", as: String?.self) ?? "",
                    message: try row.decode(column: "secret_message", as: String?.self))
            }
            shown.append(flash)
        }
        if stale {
            try await recorder.bookkeeping { db in
                try await (db as! any SQLDatabase).raw("""
                    DELETE FROM flashes WHERE session_id = \(bind: session) AND (path <> \(bind: path) OR created_at < \(bind: oldest))
                    """).run()
            }
        }
        return shown
    }
}

/// Schema version 5 (issue #12). Frozen history once shipped: never edit, add a new migration.
///
/// Flashes end with their session (`ON DELETE CASCADE`): signing out forgets them.
struct CreateFlashesV5: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("flashes")
            .id()
            .field("session_id", .uuid, .required, .references("sessions", "id", onDelete: .cascade))
            .field("path", .string, .required)
            .field("message", .string, .required)
            .field("secret_label", .string)
            .field("secret_value", .string)
            .field("secret_note", .string)
            .field("secret_message", .string)
            .field("created_at", .datetime, .required)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.raw("CREATE INDEX flashes_session_idx ON flashes (session_id, created_at)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("flashes").delete()
    }
}

/// How a flash reads on its page: a status message, and a secret with its copy button and ready-to-send message.
enum FlashView {
    static func render(_ flashes: [Flash]) -> Node<HTML.BodyContext> {
        guard !flashes.isEmpty else { return .empty }
        return .div(
            .class("flashes"), .safe("role", "status"),
            .forEach(Array(flashes.enumerated())) { index, flash in
                .div(
                    .class(flash.secret == nil ? "flash" : "flash has-secret"),
                    .p(.plain(flash.message)),
                    .unwrap(flash.secret) { secret in
                        .div(
                            .class("secret"),
                            .p(.strong(.plain(secret.label))),
                            .p(
                                .code(.class("secret-value"), .safe("id", "flash-secret-\(index)"), .plain(secret.value)), .text(" "),
                                CopyButton.button(copying: "flash-secret-\(index)")),
                            .p(.class("hint"), .plain(secret.note)),
                            .unwrap(secret.message) { message in
                                .div(
                                    .class("field"),
                                    .label(.safe("for", "flash-message-\(index)"), .plain("A message to send")),
                                    .element(named: "textarea", nodes: [
                                        .safe("id", "flash-message-\(index)"), .safe("rows", "6"), .attribute(named: "readonly"),
                                        .plain(message),
                                    ]),
                                    CopyButton.button(copying: "flash-message-\(index)", label: "Copy message"))
                            })
                    })
            })
    }
}
