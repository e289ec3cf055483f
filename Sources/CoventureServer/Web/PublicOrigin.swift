import Foundation
import Vapor

/// Where the server is, as the caller reached it, for the absolute URLs a tool or a calendar application is given (a
/// feed's URL): the request's `Host`, over HTTPS unless the server runs without it (`COVENTURE_INSECURE_COOKIES`, the
/// local and test set-up); empty without a usable `Host`, which leaves the path alone.
enum PublicOrigin {
    static func of(_ req: Request) -> String {
        guard let host = req.headers.first(name: .host), !host.isEmpty,
            host.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || ".-:[]".contains($0)) })
        else { return "" }
        return (req.application.appConfig.insecureCookies ? "http://" : "https://") + host
    }
}
