import Foundation
import Vapor

/// Where the server is, as the caller reached it, for the absolute URLs a person or a tool is given (a feed's URL, a
/// calendar feed's, the ledger page's `coventure verify` command). The `Host` is the caller's to choose and the URL may be
/// pasted into a shell, so only a plain host name or address with an optional port is used. Plain http when the server
/// runs without TLS (`COVENTURE_INSECURE_COOKIES`) or is reached on the local machine; https otherwise.
enum PublicOrigin {
    /// The origin for `host`, or nil when it is missing or holds anything but a host name, an address and a port.
    static func of(host: String?, insecure: Bool) -> String? {
        guard let host, !host.isEmpty, host.count <= 255,
            host.unicodeScalars.allSatisfy({ $0.isASCII && (CharacterSet.alphanumerics.contains($0) || ".-:[]".unicodeScalars.contains($0)) })
        else { return nil }
        let local = host.hasPrefix("127.0.0.1") || host.hasPrefix("localhost") || host.hasPrefix("[::1]")
        return "\(insecure || local ? "http" : "https")://\(host)"
    }

    /// The request's origin; empty without a usable `Host`, which leaves a path as it is.
    static func of(_ req: Request) -> String {
        of(host: req.headers.first(name: .host), insecure: req.application.cookiePolicy.insecure) ?? ""
    }
}
