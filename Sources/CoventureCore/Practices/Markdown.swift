import Foundation

/// The small Markdown a practice's how-to is written in, read into blocks a page renders with escaping.
///
/// Nothing in the text ever becomes markup by itself: raw HTML is text, and a link is a link only when its target is
/// an absolute `http` or `https` URL (anything else, `javascript:` included, stays the literal text). What it reads:
/// headings (`#`…), paragraphs, bullet lists (`-`, `*`, `+`), numbered lists (`1.`), fenced code (```` ``` ````),
/// and inside text `**strong**`, `*emphasis*` or `_emphasis_`, `` `code` `` and `[text](https://…)`.
public enum Markdown {
    public indirect enum Inline: Sendable, Equatable {
        case text(String)
        case strong([Inline])
        case emphasis([Inline])
        case code(String)
        case link(text: [Inline], url: String)
    }

    public enum Block: Sendable, Equatable {
        /// Level 1…6 as written; a page maps it below its own headings.
        case heading(level: Int, [Inline])
        case paragraph([Inline])
        case bulletList([[Inline]])
        case numberedList(start: Int, [[Inline]])
        case code(String)
    }

    public static func parse(_ source: String) -> [Block] {
        let lines = source.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var blocks: [Block] = []
        var paragraph: [String] = []
        var index = 0

        func flushParagraph() {
            if !paragraph.isEmpty {
                blocks.append(.paragraph(inlines(paragraph.joined(separator: " "))))
                paragraph = []
            }
        }

        while index < lines.count {
            let line = lines[index]
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty {
                flushParagraph()
                index += 1
            } else if trimmed.hasPrefix("```") {
                flushParagraph()
                var code: [String] = []
                index += 1
                while index < lines.count, !lines[index].trimmingCharacters(in: .whitespaces).hasPrefix("```") {
                    code.append(lines[index])
                    index += 1
                }
                index += 1  // the closing fence, or past the end
                blocks.append(.code(code.joined(separator: "\n")))
            } else if let (level, text) = heading(trimmed) {
                flushParagraph()
                blocks.append(.heading(level: level, inlines(text)))
                index += 1
            } else if bulletItem(trimmed) != nil {
                flushParagraph()
                var items: [[Inline]] = []
                while index < lines.count, let item = bulletItem(lines[index].trimmingCharacters(in: .whitespaces)) {
                    items.append(inlines(item))
                    index += 1
                }
                blocks.append(.bulletList(items))
            } else if let (start, _) = numberedItem(trimmed) {
                flushParagraph()
                var items: [[Inline]] = []
                while index < lines.count, let (_, item) = numberedItem(lines[index].trimmingCharacters(in: .whitespaces)) {
                    items.append(inlines(item))
                    index += 1
                }
                blocks.append(.numberedList(start: start, items))
            } else {
                paragraph.append(trimmed)
                index += 1
            }
        }
        flushParagraph()
        return blocks
    }

    static func heading(_ line: String) -> (Int, String)? {
        let hashes = line.prefix { $0 == "#" }.count
        guard (1...6).contains(hashes) else { return nil }
        let rest = line.dropFirst(hashes)
        guard rest.first == " " else { return nil }
        let text = rest.trimmingCharacters(in: .whitespaces)
        return text.isEmpty ? nil : (hashes, text)
    }

    static func bulletItem(_ line: String) -> String? {
        guard let first = line.first, "-*+".contains(first), line.dropFirst().first == " " else { return nil }
        let text = line.dropFirst(2).trimmingCharacters(in: .whitespaces)
        return text.isEmpty ? nil : text
    }

    static func numberedItem(_ line: String) -> (Int, String)? {
        let digits = line.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 9 else { return nil }
        let rest = line.dropFirst(digits.count)
        guard rest.first == "." || rest.first == ")", rest.dropFirst().first == " " else { return nil }
        let text = rest.dropFirst(2).trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty, let number = Int(digits) else { return nil }
        return (number, text)
    }

    /// The inline parts of one block's text. Unmatched markers are text.
    public static func inlines(_ text: String) -> [Inline] {
        var parser = InlineParser(Array(text))
        return parser.parse(until: nil)
    }

    /// True for the link targets a page may make a link: absolute `http(s)` URLs with a host and no spaces.
    public static func isSafeLink(_ url: String) -> Bool {
        let lower = url.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://") else { return false }
        // No character a URL never holds unescaped: quotes and angle brackets would also end an HTML attribute.
        guard !url.unicodeScalars.contains(where: {
            $0.properties.isWhitespace || $0.properties.generalCategory == .control || "\\\"'<>`".unicodeScalars.contains($0)
        }) else { return false }
        guard let components = URLComponents(string: url), let host = components.host, !host.isEmpty,
              ["http", "https"].contains(components.scheme?.lowercased() ?? "")
        else { return false }
        return true
    }

    /// The text of some inlines without their markup (for titles and summaries).
    public static func plainText(_ inlines: [Inline]) -> String {
        inlines.map { inline in
            switch inline {
            case .text(let text), .code(let text): text
            case .strong(let children), .emphasis(let children): plainText(children)
            case .link(let children, _): plainText(children)
            }
        }.joined()
    }
}

private struct InlineParser {
    let characters: [Character]
    var position = 0
    /// How deep emphasis nests: a hostile text of a thousand asterisks must not recurse a thousand times.
    var depth = 0

    init(_ characters: [Character]) { self.characters = characters }

    mutating func parse(until closer: String?) -> [Markdown.Inline] {
        var result: [Markdown.Inline] = []
        var text = ""
        func flush() {
            if !text.isEmpty { result.append(.text(text)); text = "" }
        }
        while position < characters.count {
            if let closer, starts(with: closer) { break }
            let c = characters[position]
            if c == "`", let end = find("`", from: position + 1) {
                flush()
                result.append(.code(String(characters[(position + 1)..<end])))
                position = end + 1
            } else if c == "*" || c == "_", depth < 8 {
                let marker = starts(with: String([c, c])) ? String([c, c]) : String(c)
                let start = position + marker.count
                // An opener must be followed by text, and its closer must exist further on.
                if start < characters.count, !characters[start].isWhitespace, let end = findMarker(marker, from: start) , end > start {
                    flush()
                    var inner = InlineParser(Array(characters[start..<end]))
                    inner.depth = depth + 1
                    let children = inner.parse(until: nil)
                    result.append(marker.count == 2 ? .strong(children) : .emphasis(children))
                    position = end + marker.count
                } else {
                    text.append(c)
                    position += 1
                }
            } else if c == "[", let close = find("]", from: position + 1), close + 1 < characters.count, characters[close + 1] == "(",
                      let end = find(")", from: close + 2)
            {
                let label = String(characters[(position + 1)..<close])
                let url = String(characters[(close + 2)..<end]).trimmingCharacters(in: .whitespaces)
                if Markdown.isSafeLink(url), !label.isEmpty {
                    flush()
                    var inner = InlineParser(Array(label))
                    inner.depth = depth + 1
                    result.append(.link(text: inner.parseWithoutLinks(), url: url))
                    position = end + 1
                } else {
                    text.append(c)
                    position += 1
                }
            } else {
                text.append(c)
                position += 1
            }
        }
        flush()
        return result
    }

    /// A link's text: emphasis and code, but never a link inside a link.
    mutating func parseWithoutLinks() -> [Markdown.Inline] {
        parse(until: nil).map { inline in
            if case .link(let text, _) = inline { return .text(Markdown.plainText(text)) }
            return inline
        }
    }

    func starts(with marker: String) -> Bool {
        let m = Array(marker)
        guard position + m.count <= characters.count else { return false }
        return Array(characters[position..<(position + m.count)]) == m
    }

    /// The last answer of `find` per character: a text of a thousand "[" must not scan to its end a thousand times.
    /// Searching from a later start finds the same index (or, after a miss, nothing).
    var found: [Character: (from: Int, at: Int?)] = [:]
    /// Where a closing marker was last looked for in vain: none can be found from any later start either.
    var noCloserFrom: [String: Int] = [:]

    mutating func find(_ character: Character, from start: Int) -> Int? {
        if let last = found[character], last.from <= start {
            guard let at = last.at else { return nil }
            if at >= start { return at }
        }
        let at = start < characters.count ? characters[start...].firstIndex(of: character) : nil
        found[character] = (start, at)
        return at
    }

    /// The next closing `marker` that follows text (not whitespace) and, for `*`, is not part of `**`.
    mutating func findMarker(_ marker: String, from start: Int) -> Int? {
        if let miss = noCloserFrom[marker], miss <= start { return nil }
        let found = scanMarker(marker, from: start)
        if found == nil { noCloserFrom[marker] = start }
        return found
    }

    func scanMarker(_ marker: String, from start: Int) -> Int? {
        let m = Array(marker)
        var i = start
        while i + m.count <= characters.count {
            if Array(characters[i..<(i + m.count)]) == m, i > start, !characters[i - 1].isWhitespace {
                let after = i + m.count
                if m.count == 1, after < characters.count, characters[after] == m[0] { i += 2; continue }
                return i
            }
            i += 1
        }
        return nil
    }
}
