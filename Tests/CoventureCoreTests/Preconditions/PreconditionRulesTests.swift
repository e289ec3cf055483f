import Foundation
import PropertyBased
import Testing
@testable import CoventureCore

/// RFC 9110 preconditions (issue #17): entity tags, the `If-Match` header and its strong comparison, and the version a
/// page form carries.
@Suite("Preconditions: entity tags, If-Match, form versions")
struct PreconditionRulesTests {
    /// Opaque tag characters: `!`, `#`…`~`.
    static let opaque = Gen.int(in: 0x23...0x7E).array(of: 0...20).map { String(String.UnicodeScalarView($0.map { Unicode.Scalar(UInt8($0)) })) }

    @Test("A representation's strong tag is 32 lowercase hex digits, the same for the same bytes and different for others")
    func strongTags() async {
        let bytes = Gen.int(in: 0...255).array(of: 0...64).map { $0.map(UInt8.init) }
        await propertyCheck(count: 200, input: bytes, bytes) { first, second in
            let tag = EntityTag.strong(of: first)
            #expect(tag.opaque.count == 32)
            #expect(tag.opaque.allSatisfy { "0123456789abcdef".contains($0) })
            #expect(!tag.isWeak)
            #expect(EntityTag.strong(of: first) == tag)
            if first != second { #expect(EntityTag.strong(of: second) != tag) }
        }
        #expect(EntityTag.strong(of: Array("{}".utf8)).description == "\"44136fa355b3678a1146ad16f7e8649e\"")
    }

    @Test("Any list of tags written out and read back is the same list, whatever the spacing and empty elements")
    func roundTrip() async {
        let tag = zip(Self.opaque, Gen.bool).map { EntityTag(opaque: $0, isWeak: $1) }
        await propertyCheck(count: 300, input: tag.array(of: 1...5)) { tags in
            let written = tags.map(\.description).joined(separator: " ,\t, ")
            #expect((try? IfMatch.parse([written])) == .tags(tags))
            // Several field lines are one list.
            #expect((try? IfMatch.parse(tags.map(\.description))) == .tags(tags))
        }
    }

    @Test("If-Match holds when some tag in it is strongly the current one; a weak tag never matches; * always holds")
    func strongComparison() throws {
        let current = EntityTag(opaque: "abc")
        #expect(try IfMatch.parse([#""abc""#])?.isSatisfied(by: current) == true)
        #expect(try IfMatch.parse([#""old", "abc""#])?.isSatisfied(by: current) == true)
        #expect(try IfMatch.parse([#""old""#])?.isSatisfied(by: current) == false)
        #expect(try IfMatch.parse([#"W/"abc""#])?.isSatisfied(by: current) == false)
        #expect(try IfMatch.parse(["*"])?.isSatisfied(by: current) == true)
        #expect(try IfMatch.parse([" * "]) == .any)
        #expect(!EntityTag(opaque: "abc", isWeak: true).matchesStrongly(EntityTag(opaque: "abc", isWeak: true)))
    }

    @Test("No header is no condition; anything else that is not * or a list of tags is refused naming If-Match")
    func refusals() throws {
        #expect(try IfMatch.parse([]) == nil)
        for bad in ["", "abc", #""abc"#, #""a b""#, #""a" "b""#, "*, \"a\"", #"W"a""#, ",", #""a"x"#, "\"caf\u{100}\""] {
            #expect(throws: ValidationError.self) { try IfMatch.parse([bad]) }
            do { _ = try IfMatch.parse([bad]) } catch let error as ValidationError { #expect(error.field == "If-Match") }
        }
    }

    @Test("A form's version changes with any field's name or value and not with the order the fields are listed in")
    func formVersions() async {
        let text = Gen.letterOrNumber.string(of: 0...8)
        await propertyCheck(count: 200, input: text, text, text) { a, b, c in
            let version = FormVersion.digest(["title": a, "description": b])
            #expect(version == FormVersion.digest(["description": b, "title": a]))
            if c != a { #expect(version != FormVersion.digest(["title": c, "description": b])) }
            // Moving characters from one field to the next is a different form.
            #expect(FormVersion.digest(["a": a + b, "b": ""]) != FormVersion.digest(["a": a, "b": b]) || b.isEmpty)
        }
    }

    @Test("What the person typed is kept beside each field whose current value differs")
    func differences() {
        let typed = ["title": "Mine", "description": "Same", "extra": "x"]
        let current = ["title": "Theirs", "description": "Same"]
        #expect(FormVersion.differences(typed: typed, current: current) == ["title": "Mine"])
    }
}
