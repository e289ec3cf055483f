import Foundation
import PropertyBased
import Testing
@testable import CoventureCore

/// The how-to's Markdown (issue #15): a small reader whose output a page renders with escaping. Nothing written becomes
/// markup by itself, and only `http(s)` targets become links.
@Suite("Markdown")
struct MarkdownTests {
    typealias M = Markdown

    @Test("Headings, paragraphs, bullet and numbered lists and fenced code are read as blocks")
    func blocks() {
        let text = """
            ## Steps
            Run it weekly,
            with everyone.

            1. Meet
            2. Talk
            - one
            - two
            ```
            <b>raw</b>
            ```
            """
        #expect(M.parse(text) == [
            .heading(level: 2, [.text("Steps")]),
            .paragraph([.text("Run it weekly, with everyone.")]),
            .numberedList(start: 1, [[.text("Meet")], [.text("Talk")]]),
            .bulletList([[.text("one")], [.text("two")]]),
            .code("<b>raw</b>"),
        ])
    }

    @Test("Strong, emphasis, code and links inside text; unmatched markers stay text")
    func inlines() {
        #expect(M.inlines("a **b** *c* _d_ `e` [f](https://example.org/x)") == [
            .text("a "), .strong([.text("b")]), .text(" "), .emphasis([.text("c")]), .text(" "), .emphasis([.text("d")]), .text(" "),
            .code("e"), .text(" "), .link(text: [.text("f")], url: "https://example.org/x"),
        ])
        #expect(M.inlines("2 * 3 and a lone ` and [no link]") == [.text("2 * 3 and a lone ` and [no link]")])
        #expect(M.inlines("**bold *and italic* too**") == [.strong([.text("bold "), .emphasis([.text("and italic")]), .text(" too")])])
    }

    @Test("Only absolute http(s) links become links: javascript:, data:, relative and protocol-relative targets stay text")
    func unsafeLinksStayText() {
        for target in ["javascript:alert(1)", "JAVASCRIPT:alert(1)", "data:text/html,x", "/relative", "//evil.example", "http://", "https:// spaced.example",
                       "vbscript:x", "https:\\\\evil.example"] {
            let parsed = M.inlines("[click](\(target))")
            #expect(!parsed.contains { if case .link = $0 { true } else { false } }, "\(target)")
        }
        #expect(M.isSafeLink("https://example.org/a?b=c#d") && M.isSafeLink("HTTP://Example.org"))
        for target in ["https://example.org/a\"onmouseover=\"alert(1)", "https://example.org/'x", "https://example.org/<b>", "https://example.org/`x`"] {
            #expect(!M.isSafeLink(target), "a character that would end an attribute: \(target)")
        }
    }

    @Test("Raw HTML is text: the reader never produces markup of its own")
    func rawHTMLIsText() {
        #expect(M.parse("<script>alert(1)</script>") == [.paragraph([.text("<script>alert(1)</script>")])])
        #expect(M.parse("# <img src=x onerror=alert(1)>") == [.heading(level: 1, [.text("<img src=x onerror=alert(1)>")])])
    }

    static let alphabet: [Character] = Array("ab *_`[]()#-1.) \n<>:/\\javascript:https://x.y\"'&")
    static let text = Generator { rng in
        String((0..<Int.random(in: 0...80, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! })
    }

    static func links(_ inlines: [M.Inline]) -> [String] {
        inlines.flatMap { inline -> [String] in
            switch inline {
            case .link(let text, let url): [url] + links(text)
            case .strong(let children), .emphasis(let children): links(children)
            case .text, .code: []
            }
        }
    }

    static func inlines(of blocks: [M.Block]) -> [[M.Inline]] {
        blocks.flatMap { block -> [[M.Inline]] in
            switch block {
            case .heading(_, let inlines), .paragraph(let inlines): [inlines]
            case .bulletList(let items), .numberedList(_, let items): items
            case .code: []
            }
        }
    }

    @Test("Whatever is written, every link the reader makes is an absolute http(s) URL")
    func everyLinkIsSafe() async {
        await propertyCheck(count: 500, input: Self.text) { text in
            for inlines in Self.inlines(of: M.parse(text)) {
                for url in Self.links(inlines) { #expect(M.isSafeLink(url), "\(url) from \(text.debugDescription)") }
            }
        }
    }

    @Test("Text without Markdown's characters reads back as itself, one paragraph per block of lines")
    func plainTextRoundTrips() async {
        let plain = Generator { rng in
            String((0..<Int.random(in: 1...40, using: &rng)).map { _ in Array("abc def,;?!é").randomElement(using: &rng)! })
        }
        await propertyCheck(count: 200, input: plain) { text in
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else { return }
            #expect(M.parse(text) == [.paragraph([.text(trimmed)])])
        }
    }

    @Test("A hostile text of thousands of markers is read quickly and in full")
    func hostileInputStaysLinear() {
        let text = String(repeating: "*[`_", count: 5_000)
        let started = Date()
        let blocks = M.parse(text)
        #expect(!blocks.isEmpty)
        // Not a timing assertion on speed: a quadratic reader takes minutes here, a linear one milliseconds.
        #expect(Date().timeIntervalSince(started) < 20)
        // Markers are consumed as markup, text never is: every bracket (no link is formed) is still there.
        #expect(M.plainText(Self.inlines(of: blocks).flatMap { $0 }).filter { $0 == "[" }.count == 5_000)
    }
}
