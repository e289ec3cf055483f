import AsyncHTTPClient
import CoventureCore
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import Vapor

/// Sends webhook requests (async-http-client, the client under Vapor's `app.client`) to the address the SSRF guard
/// checked, never to a second DNS answer.
///
/// Not `app.client` itself, for two reasons: it follows redirects, and a `302 Location: http://169.254.169.254/`
/// would walk straight past the guard (the spec counts a 3xx as a failure anyway); and its connections resolve names
/// themselves. Here every client pins its host to the checked address with `dnsOverride` (TLS still verifies and
/// sends SNI for the name), redirects are refused, and each attempt has a deadline. Clients are kept per
/// (host, address), so consecutive deliveries to one receiver reuse its connections.
final class WebhookHTTP: Sendable {
    /// The Standard Webhooks spec recommends 15–30 s for a receiver to answer.
    static let defaultTimeout: TimeAmount = .seconds(15)
    /// Responses are read up to this much and ignored: only the status matters.
    static let maxResponseBytes = 64 * 1024
    static let maxClients = 256

    private let group: any EventLoopGroup
    let timeout: TimeAmount
    private let clients = NIOLockedValueBox([String: HTTPClient]())

    init(group: any EventLoopGroup, timeout: TimeAmount = WebhookHTTP.defaultTimeout) {
        self.group = group
        self.timeout = timeout
    }

    /// What one attempt came to: the response's status, or the error that stopped it.
    struct Answer: Sendable {
        var status: Int?
        var error: String?
        var succeeded: Bool { status.map { (200..<300).contains($0) } ?? false }
    }

    func post(url: String, host: String, address: WebhookAddress, headers: [(String, String)], body: [UInt8]) async -> Answer {
        let client = client(host: host, address: address)
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        request.headers.add(name: "user-agent", value: "Coventure-Webhooks/1")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(bytes: body))
        do {
            let response = try await client.execute(request, timeout: timeout)
            _ = try? await response.body.collect(upTo: Self.maxResponseBytes)
            let status = Int(response.status.code)
            return Answer(status: status, error: (200..<300).contains(status) ? nil : "the receiver answered \(status)")
        } catch {
            return Answer(status: nil, error: Self.describe(error))
        }
    }

    private func client(host: String, address: WebhookAddress) -> HTTPClient {
        let key = "\(host)|\(address)"
        let (client, retired) = clients.withLockedValue { clients -> (HTTPClient, [HTTPClient]) in
            if let existing = clients[key] { return (existing, []) }
            var retired: [HTTPClient] = []
            if clients.count >= Self.maxClients {
                retired = Array(clients.values)
                clients.removeAll()
            }
            var configuration = HTTPClient.Configuration(
                redirectConfiguration: .disallow,
                timeout: .init(connect: .seconds(10), read: timeout))
            configuration.dnsOverride = [host: Self.connectable(address)]
            let client = HTTPClient(eventLoopGroupProvider: .shared(group), configuration: configuration)
            clients[key] = client
            return (client, retired)
        }
        for old in retired { Task { try? await old.shutdown() } }
        return client
    }

    /// The address as the client's connection target reads it (IPv6 without brackets).
    private static func connectable(_ address: WebhookAddress) -> String { address.description }

    private static func describe(_ error: any Error) -> String {
        if let error = error as? HTTPClientError {
            if error == .deadlineExceeded || error == .readTimeout { return "no answer within the time limit" }
            if error == .connectTimeout { return "could not connect within the time limit" }
        }
        let text = String(describing: error)
        return text.count > 300 ? String(text.prefix(300)) + "…" : text
    }

    func shutdown() async {
        let all = clients.withLockedValue { clients -> [HTTPClient] in
            defer { clients.removeAll() }
            return Array(clients.values)
        }
        for client in all { try? await client.shutdown() }
    }
}
