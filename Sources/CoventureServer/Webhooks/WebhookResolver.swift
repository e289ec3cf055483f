import CoventureCore
import Foundation
import NIOPosix
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The SSRF guard's network half (issue #16): resolves an endpoint's host and checks every address it resolves to
/// with the pure rule (`WebhookRules.check`, `WebhookAddress.Kind`). Called at registration and before every delivery;
/// the deliverer then connects to the address checked here (`WebhookHTTP`), so a DNS answer that changes between
/// the check and the connection (DNS rebinding) is never used.
enum WebhookResolver {
    /// `getaddrinfo` blocks: it runs on a small pool of its own, neither on an event loop nor on `CPUWork`, where a slow
    /// DNS server would hold up sign-ins.
    private static let pool: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: 4)
        pool.start()
        return pool
    }()

    /// The addresses the target may be sent to, the first to connect to; a `ValidationError` on `url` when any is
    /// refused or the host does not resolve.
    static func checkedAddresses(of target: WebhookRules.Target, allowPrivate: Bool) async throws -> [WebhookAddress] {
        let addresses: [WebhookAddress]
        if let literal = target.address {
            addresses = [literal]
        } else {
            let host = target.host
            addresses = try await pool.runIfActive { resolve(host) }
        }
        try WebhookRules.check(addresses, allowPrivate: allowPrivate)
        return addresses
    }

    private static func resolve(_ host: String) -> [WebhookAddress] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc)
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
        hints.ai_socktype = SOCK_STREAM
        #endif
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &result) == 0, let first = result else { return [] }
        defer { freeaddrinfo(first) }
        var addresses: [WebhookAddress] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let info = cursor {
            if let sockaddr = info.pointee.ai_addr {
                switch info.pointee.ai_family {
                case AF_INET:
                    let v4 = sockaddr.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr.s_addr }
                    addresses.append(.v4(UInt32(bigEndian: v4)))
                case AF_INET6:
                    let bytes = sockaddr.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { pointer in
                        withUnsafeBytes(of: pointer.pointee.sin6_addr) { Array($0) }
                    }
                    addresses.append(.v6(bytes))
                default: break
                }
            }
            cursor = info.pointee.ai_next
        }
        var seen = Set<WebhookAddress>()
        return addresses.filter { seen.insert($0).inserted }
    }
}
