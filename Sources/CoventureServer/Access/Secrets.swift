import CoventureCore
import Foundation

/// Random secrets (session cookies, API tokens, invitation codes) and their stored form.
package enum Secrets {
    /// 32 random bytes, URL-safe base64 without padding, with a readable prefix (`cvt_` for API tokens).
    package static func make(prefix: String = "") -> String {
        var generator = SystemRandomNumberGenerator()  // getrandom(2) on Linux: cryptographically secure
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let base64 = Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        return prefix + base64
    }

    /// Only this is stored: a leaked database does not leak usable secrets.
    static func hash(_ secret: String) -> String { EventDigest.sha256Hex(Array(secret.utf8)) }

    /// Compares without an early exit, so timing does not reveal how much of a guess was right.
    static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for index in x.indices { difference |= x[index] ^ y[index] }
        return difference == 0
    }
}
