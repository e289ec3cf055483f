import Foundation
import NIOCore
import Plot
import SQLKit
import Vapor

/// `GET /initiatives/{initiativeID}/live` (issue #17): Server-Sent Events telling a page of the initiative that its
/// log grew, authorized like the page (its members; anyone else finds nothing). The page still works fully without
/// it: `Public/live.js` opens the stream and refreshes the page's content.
///
/// Each event is `id: <log size>`, `event: change`, `data: {"size": n}`. A stream lasts `liveStreamSeconds` (proxies
/// cut idle connections; the browser reconnects by itself, after `retry`), sends a comment every
/// `liveKeepAliveSeconds`, and starts with the log's size as its id, so that when the browser reconnects its
/// `Last-Event-ID` says what it has seen: if the log grew meanwhile, the new stream says so at once.
enum LiveController {
    @Sendable static func stream(req: Request) async throws -> Response {
        let id = try req.uuid("initiativeID")
        try await req.authorize(.initiative(id, .read))
        let config = req.application.appConfig
        let live = req.application.live
        // Subscribed before the head is read, so a change in between is in the stream or in the size, never lost.
        let (signals, continuation, cancel) = live.subscribe(id)
        let size: Int
        do {
            size = try await (req.db as! any SQLDatabase).raw("SELECT size FROM ledger_heads WHERE log_id = \(bind: id)")
                .first()?.decode(column: "size", as: Int.self) ?? 0
        } catch {
            cancel()
            throw error
        }
        let lastSeen = req.headers.first(name: "Last-Event-ID").flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        let lifetime = config.liveStreamSeconds, keepAlive = config.liveKeepAliveSeconds
        // Ticks keep the connection alive; when its time is up the stream ends and is forgotten (also when the body was
        // never sent: a browser that went away before it started).
        let ticker = Task {
            let deadline = ContinuousClock.now + .milliseconds(Int64(lifetime * 1000))
            while !Task.isCancelled, ContinuousClock.now < deadline {
                let next = min(ContinuousClock.now + .milliseconds(Int64(keepAlive * 1000)), deadline)
                try? await Task.sleep(until: next, clock: .continuous)
                continuation.yield(.tick)
            }
            cancel()
        }
        let response = Response(status: .ok, body: .init(asyncStream: { writer in
            defer {
                ticker.cancel()
                cancel()
            }
            do {
                if let lastSeen, size > lastSeen {
                    try await writer.write(.buffer(ByteBuffer(string: "retry: 2000\n\n" + Self.event(size: size))))
                } else {
                    // An id without data dispatches no event but becomes the browser's Last-Event-ID: a browser that
                    // reconnects after a change it did not hear about is told at once.
                    try await writer.write(.buffer(ByteBuffer(string: "retry: 2000\nid: \(size)\n\n")))
                }
                var sent = max(size, lastSeen ?? size)
                for await signal in signals {
                    switch signal {
                    case .grew(let grown) where grown > sent:
                        sent = grown
                        try await writer.write(.buffer(ByteBuffer(string: Self.event(size: grown))))
                    case .grew:
                        continue
                    case .tick:
                        try await writer.write(.buffer(ByteBuffer(string: ": keep-alive\n\n")))
                    }
                }
                try await writer.write(.end)
            } catch {
                // The browser went away (the write failed): nothing more to say to it.
                try? await writer.write(.end)
            }
        }))
        response.headers.replaceOrAdd(name: .contentType, value: "text/event-stream; charset=utf-8")
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        // nginx passes the events on as they come instead of buffering them.
        response.headers.replaceOrAdd(name: "X-Accel-Buffering", value: "no")
        return response
    }

    static func event(size: Int) -> String { "id: \(size)\nevent: change\ndata: {\"size\":\(size)}\n\n" }
}

/// The marker a page puts in its content to be refreshed live: where its stream is, and the script that reads it.
enum LiveUpdates {
    static func marker(initiativeID: UUID) -> Node<HTML.BodyContext> {
        .group(
            .div(.class("live-marker"), .safe("data-live", SiteURL.live(.value(initiativeID)).path), .attribute(named: "hidden")),
            .script(.safe("src", SiteURL.liveScript.path), .attribute(named: "defer")))
    }
}

extension Routes {
    /// The live stream, behind sign-in; access is checked in the handler through `Policy`.
    static func registerLive(_ signedIn: any RoutesBuilder) {
        signedIn.get(SiteURL.live(.key).pathComponents, use: LiveController.stream)
    }
}
