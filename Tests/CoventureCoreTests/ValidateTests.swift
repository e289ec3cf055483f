import Foundation
import PropertyBased
import Testing
@testable import CoventureCore

@Suite("Validate")
struct ValidateTests {
    @Test("A validation error reads as 'field: message' and compares by field and message")
    func validationError() {
        let error = ValidationError(field: "name", "is required")
        #expect(error.description == "name: is required")
        #expect(error == ValidationError(field: "name", "is required"))
        #expect(error != ValidationError(field: "purpose", "is required"))
        #expect(error != ValidationError(field: "name", "must be at most 200 characters"))
    }

    // MARK: text

    @Test("Text is trimmed of surrounding blanks and newlines")
    func textTrims() throws {
        #expect(try Validate.text("  Solar co-op \n", field: "name") == "Solar co-op")
        #expect(try Validate.text("\t\r\nx\u{A0}", field: "name") == "x")
        #expect(try Validate.text("Zoë's café — 東京 🚀", field: "name") == "Zoë's café — 東京 🚀")
    }

    @Test("Missing, empty or blank text is refused as required, naming the field", arguments: [nil, "", "   ", "\n\t \r\n"] as [String?])
    func textRequired(value: String?) {
        #expect(throws: ValidationError(field: "name", "is required")) { try Validate.text(value, field: "name") }
    }

    @Test("Text may be up to 200 characters by default, counted after trimming")
    func textDefaultLength() throws {
        let longest = String(repeating: "a", count: 200)
        #expect(try Validate.text("  \(longest)  ", field: "name") == longest)
        #expect(throws: ValidationError(field: "name", "must be at most 200 characters")) {
            try Validate.text(longest + "a", field: "name")
        }
    }

    @Test("Text length is counted in characters, so emoji and accents count once")
    func textCountsCharacters() throws {
        let family = String(repeating: "👩‍👩‍👧", count: 5)
        #expect(try Validate.text(family, field: "name", maxLength: 5) == family)
        #expect(try Validate.text("e\u{301}e\u{301}", field: "name", maxLength: 2) == "e\u{301}e\u{301}")
        #expect(throws: ValidationError(field: "name", "must be at most 4 characters")) {
            try Validate.text(family, field: "name", maxLength: 4)
        }
    }

    @Test(
        "Text refuses control characters inside it, newlines and tabs included",
        arguments: ["a\nb", "a\rb", "a\tb", "a\u{0}b", "a\u{7}b", "a\u{1B}[31mb", "a\u{7F}b", "a\u{85}b", "a\u{9F}b"])
    func textRefusesControls(value: String) {
        #expect(throws: ValidationError(field: "title", "must be a single line without control characters")) {
            try Validate.text(value, field: "title")
        }
    }

    @Test("Whatever the input, text either comes back trimmed, short enough and free of control characters, or is refused naming the field")
    func textProperty() async {
        let inputs = Generator { rng in TestGen.string(using: &rng, length: 0...14) }
        await propertyCheck(count: 300, input: inputs) { input in
            do {
                let result = try Validate.text(input, field: "f", maxLength: 10)
                #expect(!result.isEmpty)
                #expect(result.count <= 10)
                #expect(result == result.trimmingCharacters(in: .whitespacesAndNewlines))
                #expect(!result.unicodeScalars.contains { $0.properties.generalCategory == .control })
            } catch let error as ValidationError {
                #expect(error.field == "f")
            } catch {
                Issue.record("unexpected error \(error)")
            }
        }
    }

    // MARK: longText

    @Test("Long text may be missing or empty, and comes back trimmed")
    func longTextOptional() throws {
        #expect(try Validate.longText(nil, field: "purpose") == "")
        #expect(try Validate.longText("", field: "purpose") == "")
        #expect(try Validate.longText(" \n\t ", field: "purpose") == "")
        #expect(try Validate.longText("\n  Why we do this.  \n\n", field: "purpose") == "Why we do this.")
    }

    @Test("Long text keeps its inner newlines, carriage returns and tabs")
    func longTextKeepsLines() throws {
        let text = "First line\n\tindented\r\nthird\n\nlast"
        #expect(try Validate.longText(text, field: "purpose") == text)
    }

    @Test(
        "Long text refuses other control characters",
        arguments: ["a\u{0}b", "a\u{7}b", "a\u{8}b", "a\u{B}b", "a\u{C}b", "a\u{1B}b", "a\u{7F}b", "a\u{85}b"])
    func longTextRefusesControls(value: String) {
        #expect(throws: ValidationError(field: "purpose", "must not contain control characters")) {
            try Validate.longText(value, field: "purpose")
        }
    }

    @Test("Long text may be up to 5000 characters by default")
    func longTextLength() throws {
        let longest = String(repeating: "ab\n", count: 1666) + "ab"
        #expect(longest.count == 5000)
        #expect(try Validate.longText(longest, field: "purpose") == longest)
        #expect(throws: ValidationError(field: "purpose", "must be at most 5000 characters")) {
            try Validate.longText(longest + "c", field: "purpose")
        }
        #expect(throws: ValidationError(field: "purpose", "must be at most 3 characters")) {
            try Validate.longText("abcd", field: "purpose", maxLength: 3)
        }
    }

    // MARK: email

    @Test("Emails are trimmed and lower-cased")
    func emailNormalized() throws {
        #expect(try Validate.email("  Alice.Example@Example.ORG \n") == "alice.example@example.org")
        #expect(try Validate.email("bob+tag@mail.example.co.uk") == "bob+tag@mail.example.co.uk")
    }

    @Test("A missing or blank email is required", arguments: [nil, "", "  \n"] as [String?])
    func emailRequired(value: String?) {
        #expect(throws: ValidationError(field: "email", "is required")) { try Validate.email(value) }
    }

    @Test(
        "Text that is not an email address is refused with the field name",
        arguments: [
            "alice", "alice@", "@example.org", "alice@example", "alice@.example.org", "alice@example.org.",
            "alice@@example.org", "a@b@example.org", "al ice@example.org", "alice@exa mple.org", "alice\t@example.org",
            "alice@example.org\u{0}", "alice\u{7}@example.org", "alice@example\u{A0}org.net",
        ])
    func emailRefused(value: String) {
        #expect(throws: ValidationError(field: "email", "must be an email address like name@example.org")) {
            try Validate.email(value)
        }
    }

    @Test("A refusal names the field the caller passes")
    func emailFieldName() {
        #expect(throws: ValidationError(field: "partnerEmail", "must be an email address like name@example.org")) {
            try Validate.email("nobody", field: "partnerEmail")
        }
        #expect(throws: ValidationError(field: "partnerEmail", "is required")) {
            try Validate.email(nil, field: "partnerEmail")
        }
    }

    @Test("Emails may be up to 254 characters long")
    func emailLength() throws {
        let domain = "@example.org"
        let longest = String(repeating: "a", count: 254 - domain.count) + domain
        #expect(try Validate.email(longest) == longest)
        #expect(throws: ValidationError(field: "email", "must be an email address like name@example.org")) {
            try Validate.email("a" + longest)
        }
    }

    @Test("Any well-shaped address, in any case and with blanks around it, comes back trimmed and lower-cased")
    func emailProperty() async throws {
        let part = Gen.letterOrNumber.string(of: 1...12)
        await propertyCheck(input: part, part, Gen.lowercaseLetter.string(of: 2...6), Gen.bool) { local, host, tld, blanks in
            let address = "\(local)@\(host).\(tld.uppercased())"
            let input = blanks ? " \t\(address)\n " : address
            let email = try Validate.email(input)
            #expect(email == address.lowercased())
        }
    }
}
