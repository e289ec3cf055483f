import Foundation
import Testing
import NIOCore
import Vapor

/// A small W3C WebDriver client (https://www.w3.org/TR/webdriver2/): plain JSON over HTTP to a driver such as
/// chromedriver. Only what the browser tests need; every driver error is surfaced with its own message.
struct WebDriver: Sendable {
    let client: any Client
    /// The driver's base URL, e.g. `http://127.0.0.1:9515` (no trailing slash).
    let endpoint: String
    let sessionID: String

    /// How long a single driver command may take (a new session starts a browser, so it gets longer). A click or a
    /// key press that submits a form waits in the driver for the next page, up to the session's 60 s page-load
    /// timeout, so the client waits longer than that: the driver then answers with its own clear error instead of
    /// this client giving up first. (At 20 s, four sign-ins queued behind the suite's bcrypt under load timed out here
    /// together while their pages were still loading.)
    static let commandTimeout: TimeAmount = .seconds(90)
    static let sessionStartTimeout: TimeAmount = .seconds(60)
    static let statusTimeout: TimeAmount = .seconds(3)

    /// Opens a session, runs `body` and always deletes the session afterwards (closing the browser), even when
    /// `body` throws. A journey that left an error or a warning in the browser's console fails (a missing icon, a
    /// script or style the Content-Security-Policy blocked: each is a defect a person's browser shows).
    static func withSession<T: Sendable>(
        endpoint: String, client: any Client, capabilities: JSON,
        _ body: (WebDriver) async throws -> T
    ) async throws -> T {
        let driver = try await start(endpoint: endpoint, client: client, capabilities: capabilities)
        let result: T
        do {
            result = try await body(driver)
            let problems = try await driver.consoleProblems()
            #expect(problems.isEmpty, "the browser console: \(problems.joined(separator: "\n"))")
        } catch {
            try? await driver.quit()
            throw error
        }
        try await driver.quit()
        return result
    }

    /// `POST /session` with `{"capabilities": {"alwaysMatch": …}}`.
    static func start(endpoint: String, client: any Client, capabilities: JSON) async throws -> WebDriver {
        let base = endpoint.hasSuffix("/") ? String(endpoint.dropLast()) : endpoint
        // A quick probe first, so a driver that is not running fails in seconds with a clear message.
        _ = try await command(client: client, .GET, base + "/status", body: nil, timeout: statusTimeout, name: "status")
        let value = try await command(
            client: client, .POST, base + "/session", body: ["capabilities": ["alwaysMatch": capabilities]],
            timeout: sessionStartTimeout, name: "new session")
        guard let id = value["sessionId"]?.string else {
            throw WebDriverError(command: "new session", error: "unexpected response", message: "no sessionId in \(value)")
        }
        return WebDriver(client: client, endpoint: base, sessionID: id)
    }

    // MARK: Session

    func quit() async throws { _ = try await send(.DELETE, "", name: "delete session") }

    /// Implicit wait for element lookups, page-load and script timeouts, in milliseconds.
    func setTimeouts(implicit: Int? = nil, pageLoad: Int? = nil, script: Int? = nil) async throws {
        var body: [String: JSON] = [:]
        if let implicit { body["implicit"] = .number(Double(implicit)) }
        if let pageLoad { body["pageLoad"] = .number(Double(pageLoad)) }
        if let script { body["script"] = .number(Double(script)) }
        _ = try await send(.POST, "/timeouts", body: .object(body), name: "set timeouts")
    }

    // MARK: Window

    /// `POST /window/rect`: the browser window's outer size, in CSS pixels.
    func setWindowRect(width: Int, height: Int) async throws {
        _ = try await send(.POST, "/window/rect", body: ["width": .number(Double(width)), "height": .number(Double(height))],
                           name: "set window rect \(width)×\(height)")
    }

    /// Sizes the window so that the *viewport* (`innerWidth` × `innerHeight`) is `width` × `height`: a window's frame
    /// (absent in headless mode, present otherwise) is measured once and added.
    func setViewport(width: Int, height: Int) async throws {
        try await setWindowRect(width: width, height: height)
        let inner = try await execute("return [window.innerWidth, window.innerHeight];")
        guard case .number(let innerWidth)? = inner.array?.first, case .number(let innerHeight)? = inner.array?.last else { return }
        let extraWidth = width - Int(innerWidth), extraHeight = height - Int(innerHeight)
        if extraWidth != 0 || extraHeight != 0 {
            try await setWindowRect(width: width + extraWidth, height: height + extraHeight)
        }
    }

    // MARK: Navigation

    func navigate(to url: String) async throws { _ = try await send(.POST, "/url", body: ["url": .string(url)], name: "navigate to \(url)") }

    /// The browser's Back and Reload buttons: what a person presses after a form, which must never post it again.
    func back() async throws { _ = try await send(.POST, "/back", body: [:], name: "back") }
    func refresh() async throws { _ = try await send(.POST, "/refresh", body: [:], name: "refresh") }
    /// Forgets every cookie of the current site: a fresh visitor, signed out, in the same browser.
    func deleteAllCookies() async throws { _ = try await send(.DELETE, "/cookie", name: "delete all cookies") }
    /// Resizes the window (its outer size), e.g. to a phone's 390 × 844.
    func resize(width: Int, height: Int) async throws {
        _ = try await send(.POST, "/window/rect", body: ["width": .number(Double(width)), "height": .number(Double(height))], name: "set window rect")
    }

    func currentURL() async throws -> String { try await send(.GET, "/url", name: "get current URL").string ?? "" }

    func title() async throws -> String { try await send(.GET, "/title", name: "get title").string ?? "" }

    // MARK: Elements

    struct Element: Sendable, CustomStringConvertible {
        /// The W3C web element identifier key.
        static let key = "element-6066-11e4-a52e-4f735466cecf"
        let id: String
        let selector: String
        var description: String { "element \(selector)" }
    }

    /// The first element matching a CSS selector (waits up to the implicit-wait timeout).
    func find(_ css: String) async throws -> Element {
        let value = try await send(.POST, "/element", body: ["using": "css selector", "value": .string(css)], name: "find \(css)")
        guard let id = value[Element.key]?.string else {
            throw WebDriverError(command: "find \(css)", error: "unexpected response", message: "no element reference in \(value)")
        }
        return Element(id: id, selector: css)
    }

    /// Every element matching a CSS selector (does not fail when there are none).
    func findAll(_ css: String) async throws -> [Element] {
        let value = try await send(.POST, "/elements", body: ["using": "css selector", "value": .string(css)], name: "find all \(css)")
        return (value.array ?? []).compactMap { $0[Element.key]?.string }.map { Element(id: $0, selector: css) }
    }

    /// The first element matching `css` whose visible text is `text` (e.g. a link by its label).
    func find(_ css: String, withText text: String) async throws -> Element {
        for element in try await findAll(css) {
            if try await self.text(of: element).trimmingCharacters(in: .whitespacesAndNewlines) == text { return element }
        }
        throw WebDriverError(command: "find \(css) with text", error: "no such element", message: "no \(css) reads \"\(text)\"")
    }

    func click(_ element: Element) async throws {
        _ = try await send(.POST, "/element/\(element.id)/click", body: [:], name: "click \(element)")
    }

    /// Types into an element. WebDriver special keys are private-use characters, e.g. ``Key/enter``.
    func sendKeys(_ text: String, to element: Element) async throws {
        _ = try await send(.POST, "/element/\(element.id)/value", body: ["text": .string(text)], name: "send keys to \(element)")
    }

    func clear(_ element: Element) async throws {
        _ = try await send(.POST, "/element/\(element.id)/clear", body: [:], name: "clear \(element)")
    }

    /// The element's rendered text.
    func text(of element: Element) async throws -> String {
        try await send(.GET, "/element/\(element.id)/text", name: "get text of \(element)").string ?? ""
    }

    /// A DOM property (e.g. `value` of an input: what the user sees, not the original attribute).
    func property(_ name: String, of element: Element) async throws -> JSON {
        try await send(.GET, "/element/\(element.id)/property/\(name)", name: "get property \(name) of \(element)")
    }

    /// The whole page's visible text.
    func pageText() async throws -> String { try await text(of: find("body")) }

    // MARK: Scripts, cookies, screenshots

    @discardableResult
    func execute(_ script: String, arguments: [JSON] = []) async throws -> JSON {
        try await send(.POST, "/execute/sync", body: ["script": .string(script), "args": .array(arguments)], name: "execute script")
    }

    /// The console's errors and warnings since the last call (chromedriver's log, with `goog:loggingPrefs` asked for
    /// in the capabilities).
    ///
    /// One kind of message is expected, not a defect: Chromium logs "Failed to load resource" for a *page* answered
    /// with a 4xx status, and a form refused for a field answers with one on purpose (a wrong password is a 401 with
    /// the form again). A page's path has no file extension; an asset's (a script, a style, the icon) has one, so a
    /// missing or refused asset is still reported.
    func consoleProblems() async throws -> [String] {
        let entries = try await send(.POST, "/se/log", body: ["type": "browser"], name: "get the browser log").array ?? []
        return entries.compactMap { entry in
            guard let level = entry["level"]?.string, level == "SEVERE" || level == "WARNING" else { return nil }
            let message = entry["message"]?.string ?? ""
            if let range = message.range(of: " - Failed to load resource: the server responded with a status of 4") {
                let path = URL(string: String(message[..<range.lowerBound]))?.path ?? ""
                if !(path.split(separator: "/").last ?? "").contains(".") { return nil }
            }
            return "\(level): \(message)"
        }
    }

    /// Every cookie the browser holds for the current page, HttpOnly ones included.
    func cookies() async throws -> [JSON] { try await send(.GET, "/cookie", name: "get cookies").array ?? [] }

    /// Saves a PNG of the viewport.
    func screenshot(to path: String) async throws {
        let value = try await send(.GET, "/screenshot", name: "take screenshot")
        guard let base64 = value.string, let png = Data(base64Encoded: base64) else {
            throw WebDriverError(command: "take screenshot", error: "unexpected response", message: "not base64 PNG data")
        }
        try png.write(to: URL(fileURLWithPath: path))
    }

    /// Sets the window's outer size (phone widths: 390 × 844).
    func setWindowSize(width: Int, height: Int) async throws {
        _ = try await send(.POST, "/window/rect", body: ["width": .number(Double(width)), "height": .number(Double(height))],
                           name: "set window rect")
    }

    /// Saves a PNG of the whole page: grows the window to the document's height for the shot, then restores it.
    func fullPageScreenshot(to path: String) async throws {
        let original = try await send(.GET, "/window/rect", name: "get window rect")
        let sizes = try await execute(
            "return [document.documentElement.scrollHeight, window.outerHeight - window.innerHeight];")
        guard case .number(let pageHeight)? = sizes.array?.first, case .number(let frame)? = sizes.array?.last,
            let width = original["width"], let height = original["height"]
        else {
            return try await screenshot(to: path)
        }
        _ = try await send(
            .POST, "/window/rect", body: ["width": width, "height": .number(min(pageHeight + frame, 8000))],
            name: "set window rect")
        do {
            try await screenshot(to: path)
        } catch {
            _ = try? await send(.POST, "/window/rect", body: ["width": width, "height": height], name: "set window rect")
            throw error
        }
        _ = try await send(.POST, "/window/rect", body: ["width": width, "height": height], name: "set window rect")
    }

    // MARK: Waiting

    /// Polls `condition` until it holds or `timeout` seconds pass; returns the last value it saw for the message.
    func wait(
        _ what: String, timeout: Double = 5, every interval: Double = 0.05,
        until condition: () async throws -> Bool
    ) async throws {
        let deadline = Date().addingTimeInterval(timeout)
        var lastError: (any Error)?
        while true {
            // A page that is still being replaced (a form's 303 under way) answers "stale element reference": that is
            // "not yet", not a failure; only the last such error is reported if the wait gives up.
            do {
                if try await condition() { return }
                lastError = nil
            } catch let error as WebDriverError where error.error == "stale element reference" || error.error == "no such element" {
                lastError = error
            }
            if Date() > deadline {
                throw WebDriverError(
                    command: "wait", error: "timeout",
                    message: "gave up after \(timeout) s waiting for \(what)" + (lastError.map { " (last: \($0))" } ?? ""))
            }
            try await Task.sleep(nanoseconds: UInt64(interval * 1_000_000_000))
        }
    }

    // MARK: Transport

    enum Key {
        static let enter = "\u{E007}"
        static let tab = "\u{E004}"
    }

    private func send(_ method: HTTPMethod, _ path: String, body: JSON? = nil, name: String) async throws -> JSON {
        try await Self.command(
            client: client, method, "\(endpoint)/session/\(sessionID)\(path)", body: body, timeout: Self.commandTimeout,
            name: name)
    }

    /// One WebDriver command: returns the response's `value`, or throws the driver's error and message.
    private static func command(
        client: any Client, _ method: HTTPMethod, _ url: String, body: JSON?, timeout: TimeAmount, name: String
    ) async throws -> JSON {
        var request = ClientRequest(method: method, url: URI(string: url), timeout: timeout)
        request.headers.contentType = .json
        if let body { request.body = ByteBuffer(data: try JSONEncoder().encode(body)) }
        let response: ClientResponse
        do {
            response = try await client.send(request).get()
        } catch {
            throw WebDriverError(
                command: name, error: "driver unreachable",
                message: "\(method) \(url) failed (is chromedriver running there?): \(String(reflecting: error))")
        }
        let data = response.body.map { Data(buffer: $0) } ?? Data()
        let decoded: JSON
        do {
            decoded = try JSONDecoder().decode(JSON.self, from: data)
        } catch {
            throw WebDriverError(
                command: name, error: "HTTP \(response.status.code)",
                message: "not a WebDriver response: \(String(decoding: data.prefix(500), as: UTF8.self))")
        }
        let value = decoded["value"] ?? .null
        if !(200..<300).contains(response.status.code) || value["error"]?.string != nil {
            throw WebDriverError(
                command: name, error: value["error"]?.string ?? "HTTP \(response.status.code)",
                message: value["message"]?.string ?? "\(decoded)")
        }
        return value
    }
}

struct WebDriverError: Error, CustomStringConvertible {
    let command: String
    let error: String
    let message: String
    var description: String { "WebDriver \(command): \(error): \(message)" }
}

/// A JSON value, for WebDriver's loosely typed payloads.
enum JSON: Sendable, Equatable, Codable, CustomStringConvertible, ExpressibleByStringLiteral,
    ExpressibleByDictionaryLiteral, ExpressibleByArrayLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral
{
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSON])
    case object([String: JSON])

    init(stringLiteral value: String) { self = .string(value) }
    init(dictionaryLiteral elements: (String, JSON)...) { self = .object(Dictionary(elements, uniquingKeysWith: { $1 })) }
    init(arrayLiteral elements: JSON...) { self = .array(elements) }
    init(booleanLiteral value: Bool) { self = .bool(value) }
    init(integerLiteral value: Int) { self = .number(Double(value)) }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSON].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSON].self))
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value):
            // Integral numbers go out without a fraction: drivers want integers for timeouts and the like.
            if value == value.rounded(), abs(value) < 1e15 { try container.encode(Int64(value)) } else { try container.encode(value) }
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    subscript(key: String) -> JSON? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    var string: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    var bool: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    var array: [JSON]? {
        if case .array(let value) = self { return value }
        return nil
    }

    var description: String {
        guard let data = try? JSONEncoder().encode(self) else { return "?" }
        return String(decoding: data, as: UTF8.self)
    }
}
