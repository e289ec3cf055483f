import CoventureCore
import Foundation
import NIOConcurrencyHelpers
import Vapor
@testable import CoventureServer

/// A real HTTP receiver on a loopback port for the webhook tests: it records every request it gets (headers and the
/// exact body bytes) and answers with the status the test chooses (200 unless told otherwise).
final class WebhookReceiver: Sendable {
    struct Request: Sendable, Equatable {
        var id: String
        var timestamp: String
        var signature: String
        var body: String
        var type: String { (try? JSONDecoder().decode(Envelope.self, from: Data(body.utf8)).type) ?? "" }
        var data: [String: JSONValue] {
            guard case .object(let data)? = (try? JSONDecoder().decode([String: JSONValue].self, from: Data(body.utf8)))?["data"] else { return [:] }
            return data
        }
    }

    private struct Envelope: Decodable { var type: String }

    let app: Application
    let url: String
    private let state = NIOLockedValueBox((requests: [Request](), statuses: [UInt](), delay: TimeInterval(0)))

    private init(app: Application, url: String) {
        self.app = app
        self.url = url
    }

    static func start() async throws -> WebhookReceiver {
        let app = try await Application.make(.testing)
        app.logger.logLevel = .error
        let holder = NIOLockedValueBox<WebhookReceiver?>(nil)
        app.on(.POST, "hook", body: .collect(maxSize: "1mb")) { req async throws -> Response in
            guard let receiver = holder.withLockedValue({ $0 }) else { return Response(status: .serviceUnavailable) }
            return await receiver.handle(req)
        }
        try await app.server.start(address: .hostname("127.0.0.1", port: 0))
        guard let port = app.http.server.shared.localAddress?.port else { throw TestSetupError("the receiver has no port") }
        let receiver = WebhookReceiver(app: app, url: "http://127.0.0.1:\(port)/hook")
        holder.withLockedValue { $0 = receiver }
        return receiver
    }

    private func handle(_ req: Vapor.Request) async -> Response {
        let request = Request(
            id: req.headers.first(name: "webhook-id") ?? "", timestamp: req.headers.first(name: "webhook-timestamp") ?? "",
            signature: req.headers.first(name: "webhook-signature") ?? "",
            body: req.body.data.map { String(buffer: $0) } ?? "")
        let (status, delay) = state.withLockedValue { state -> (UInt, TimeInterval) in
            state.requests.append(request)
            return (state.statuses.isEmpty ? 200 : state.statuses.removeFirst(), state.delay)
        }
        if delay > 0 { try? await Task.sleep(nanoseconds: UInt64(delay * 1_000_000_000)) }
        return Response(status: HTTPResponseStatus(statusCode: Int(status)))
    }

    /// The next answers, in order; 200 once they are used up.
    func answer(_ statuses: [UInt]) { state.withLockedValue { $0.statuses += statuses } }
    func slowDown(_ seconds: TimeInterval) { state.withLockedValue { $0.delay = seconds } }
    var requests: [Request] { state.withLockedValue { $0.requests } }

    func stop() async throws {
        await app.server.shutdown()
        try await app.asyncShutdown()
    }

    /// Runs `body` with a receiver, and always stops it.
    static func with<T: Sendable>(_ body: (WebhookReceiver) async throws -> T) async throws -> T {
        let receiver = try await start()
        do {
            let value = try await body(receiver)
            try await receiver.stop()
            return value
        } catch {
            try? await receiver.stop()
            throw error
        }
    }
}

/// Runs the standardwebhooks package (PyPI 1.1.0, `.ci/install-deps`) over what a receiver got: an implementation
/// of the spec that shares no code with the server's.
enum IndependentVerifier {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("verify_webhooks.py").path

    /// Each message's "ok <id> <type>" or "FAIL …" line, and whether all verified.
    static func verify(_ requests: [WebhookReceiver.Request], secret: String) throws -> (lines: [String], passed: Bool) {
        let input: JSONValue = .object([
            "secret": .string(secret),
            "messages": .array(requests.map { .object(["id": .string($0.id), "timestamp": .string($0.timestamp), "signature": .string($0.signature), "body": .string($0.body)]) }),
        ])
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script]
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.canonicalBytes))
        try stdin.fileHandleForWriting.close()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let lines = String(decoding: out, as: UTF8.self).split(separator: "\n").map(String.init)
            + String(decoding: err, as: UTF8.self).split(separator: "\n").map { "stderr: " + $0 }
        return (lines, process.terminationStatus == 0)
    }
}
