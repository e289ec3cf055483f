import Foundation
import Testing

/// The hand-written stylesheet: a brace left open swallows every rule after it, silently (a merge once did exactly
/// that and took the investment and report styles with it). Browsers report nothing, so a test does.
@Suite("Stylesheet")
struct StylesheetTests {
    static var stylesheet: String {
        get throws {
            let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().deletingLastPathComponent()
            return try String(contentsOf: root.appendingPathComponent("Public/styles.css"), encoding: .utf8)
        }
    }

    @Test("Every block is closed, and none closes before it opened (comments and strings aside)")
    func bracesBalance() throws {
        var depth = 0, line = 1, inComment = false, quote: Character? = nil
        var previous: Character = " "
        for character in try Self.stylesheet {
            defer { previous = character }
            if character == "\n" { line += 1 }
            if inComment {
                if previous == "*" && character == "/" { inComment = false }
                continue
            }
            if let open = quote {
                if character == open && previous != "\\" { quote = nil }
                continue
            }
            switch character {
            case "*" where previous == "/": inComment = true
            case "\"", "'": quote = character
            case "{": depth += 1
            case "}":
                depth -= 1
                #expect(depth >= 0, "a block closes before it opened, line \(line)")
                if depth < 0 { return }
            default: break
            }
        }
        #expect(depth == 0, "\(depth) block(s) left open at the end of styles.css")
        #expect(!inComment, "a comment is left open")
    }
}
