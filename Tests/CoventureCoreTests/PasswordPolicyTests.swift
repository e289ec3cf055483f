import PropertyBased
import Testing
@testable import CoventureCore

@Suite("Password policy")
struct PasswordPolicyTests {
    @Test("The limits are 12 to 72 bytes, hashed with a bcrypt cost of at least 12")
    func limits() {
        #expect(PasswordPolicy.minimumBytes == 12)
        #expect(PasswordPolicy.maximumBytes == 72)
        #expect(PasswordPolicy.bcryptCost >= 12)
    }

    @Test("11 bytes are refused as too short")
    func elevenBytes() {
        #expect(throws: ValidationError(field: "password", "must be at least 12 bytes long")) {
            try PasswordPolicy.validate(String(repeating: "a", count: 11))
        }
        #expect(throws: ValidationError(field: "password", "must be at least 12 bytes long")) {
            try PasswordPolicy.validate("")
        }
    }

    @Test("12 and 72 bytes are accepted")
    func bounds() throws {
        try PasswordPolicy.validate(String(repeating: "a", count: 12))
        try PasswordPolicy.validate(String(repeating: "a", count: 72))
    }

    @Test("73 bytes are refused, saying how long it is and that it is never truncated")
    func seventyThreeBytes() throws {
        let error = try #require(throws: ValidationError.self) {
            try PasswordPolicy.validate(String(repeating: "a", count: 73))
        }
        #expect(error.field == "password")
        #expect(error.message.contains("never truncated"))
        #expect(error.message.contains("(it is 73)"))
        #expect(error.message.hasPrefix("must be at most 72 bytes long"))
    }

    @Test("Length is counted in UTF-8 bytes, not characters")
    func bytesNotCharacters() throws {
        try PasswordPolicy.validate(String(repeating: "é", count: 24))  // 24 characters, 48 bytes
        try PasswordPolicy.validate(String(repeating: "é", count: 6))  // 6 characters, but 12 bytes
        try PasswordPolicy.validate(String(repeating: "😀", count: 18))  // 18 characters, 72 bytes
        #expect(throws: ValidationError.self, "37 characters, 74 bytes") {
            try PasswordPolicy.validate(String(repeating: "é", count: 37))
        }
        #expect(throws: ValidationError.self, "19 characters, 73 bytes") {
            try PasswordPolicy.validate(String(repeating: "😀", count: 18) + "a")
        }
        #expect(throws: ValidationError.self, "a decomposed é is 3 bytes: 3 × 3 = 9 bytes") {
            try PasswordPolicy.validate(String(repeating: "e\u{301}", count: 3))
        }
    }

    @Test("Blanks are part of the password and are not trimmed")
    func notTrimmed() throws {
        try PasswordPolicy.validate("          ab")
        #expect(throws: ValidationError.self) { try PasswordPolicy.validate(" " + String(repeating: "a", count: 72)) }
    }

    @Test("A refusal names the field the caller passes")
    func fieldName() {
        #expect(throws: ValidationError(field: "newPassword", "must be at least 12 bytes long")) {
            try PasswordPolicy.validate("short", field: "newPassword")
        }
    }

    @Test("Any password is accepted exactly when its UTF-8 length is between 12 and 72 bytes")
    func acceptedIffInRange() async {
        let passwords = Generator { rng in TestGen.string(using: &rng, length: 0...40) }
        await propertyCheck(count: 300, input: passwords) { password in
            let bytes = password.utf8.count
            let accepted = (try? PasswordPolicy.validate(password)) != nil
            #expect(accepted == (12...72).contains(bytes), "\(bytes) bytes")
        }
    }
}
