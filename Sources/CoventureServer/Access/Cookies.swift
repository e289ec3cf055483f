import Vapor

/// Cookie names and attributes. `__Host-` pins a cookie to this exact host over https with `Path=/`, so no
/// sibling subdomain can plant or read it. Browsers treat http://127.0.0.1 and http://localhost as secure
/// contexts, so the same cookies work in local development; `COVENTURE_INSECURE_COOKIES=1` drops `Secure`
/// (and so the prefix) for plain http on any other address.
struct CookiePolicy: Sendable {
    var insecure: Bool

    var sessionName: String { insecure ? "coventure_session" : "__Host-coventure_session" }
    var csrfName: String { insecure ? "coventure_csrf" : "__Host-coventure_csrf" }

    func value(_ string: String, maxAge: Int? = nil) -> HTTPCookies.Value {
        HTTPCookies.Value(
            string: string, expires: nil, maxAge: maxAge, domain: nil, path: "/", isSecure: !insecure, isHTTPOnly: true,
            sameSite: .lax)
    }

    func expired() -> HTTPCookies.Value {
        HTTPCookies.Value(
            string: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, domain: nil, path: "/", isSecure: !insecure,
            isHTTPOnly: true, sameSite: .lax)
    }
}

extension Application {
    private struct CookiePolicyKey: StorageKey { typealias Value = CookiePolicy }
    var cookiePolicy: CookiePolicy {
        get { storage[CookiePolicyKey.self] ?? CookiePolicy(insecure: false) }
        set { storage[CookiePolicyKey.self] = newValue }
    }
}
