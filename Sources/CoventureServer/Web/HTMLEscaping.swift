import Plot
import Vapor

/// Plot escapes text nodes only partly (it keeps anything that looks like an entity) and writes attribute values
/// raw (STYLE.md). Every user-visible string therefore goes through these two helpers: `.plain` for text and
/// `.safe` for attributes, which escape all five HTML-significant characters.
enum HTMLEscaping {
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }
}

extension Node {
    /// Text, fully escaped.
    static func plain(_ text: String) -> Node { .raw(HTMLEscaping.escape(text)) }
    /// An attribute, its value fully escaped.
    /// An empty value is written (`value=""`), not dropped: an option without a value would submit its label.
    static func safe(_ name: String, _ value: String) -> Node {
        .attribute(named: name, value: HTMLEscaping.escape(value), ignoreIfValueIsEmpty: false)
    }
    /// `href` from the typed URL enum.
    static func link(_ url: SiteURL) -> Node { .safe("href", url.path) }
}

extension Attribute {
    /// An attribute, its value fully escaped (for elements such as `input` that take attributes only).
    static func safe(_ name: String, _ value: String) -> Attribute {
        Attribute(name: name, value: HTMLEscaping.escape(value), ignoreIfValueIsEmpty: false)
    }
    static func flag(_ name: String) -> Attribute { Attribute(name: name, value: nil, ignoreIfValueIsEmpty: false) }
}

/// A rendered page as an HTTP response.
struct HTMLPage: AsyncResponseEncodable {
    var document: HTML
    var status: HTTPResponseStatus = .ok

    func encodeResponse(for request: Request) async throws -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .html
        headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return Response(status: status, headers: headers, body: .init(string: document.render()))
    }
}

/// A page rendered off the network event loops, on `CPUWork`: for the pages whose render is large (the partnership
/// report, the value dashboard's charts, the portfolio, a proposal with its ratings), so that rendering one never holds
/// up the other connections of its event loop. The document is built inside the pool from a `Sendable` page model.
struct RenderedHTML: AsyncResponseEncodable {
    var text: String
    var status: HTTPResponseStatus = .ok

    static func render(status: HTTPResponseStatus = .ok, _ build: @escaping @Sendable () -> HTML) async throws -> RenderedHTML {
        RenderedHTML(text: try await CPUWork.shared.run { build().render() }, status: status)
    }

    func encodeResponse(for request: Request) async throws -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .html
        headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return Response(status: status, headers: headers, body: .init(string: text))
    }
}
