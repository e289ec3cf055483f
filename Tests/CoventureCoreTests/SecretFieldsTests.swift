import Foundation
import PropertyBased
import Testing
@testable import CoventureCore

@Suite("Secret fields")
struct SecretFieldsTests {
    @Test("Passwords, tokens, codes, their hashes and secrets are all secret names")
    func names() {
        #expect(SecretFields.names == [
            "password", "passwordHash", "password_hash", "token", "tokenHash", "token_hash", "code", "codeHash", "code_hash",
            "secret",
        ])
    }

    @Test("A secret at the top of a change is found by its name", arguments: SecretFields.names.sorted())
    func topLevel(name: String) {
        #expect(SecretFields.firstSecret(in: ["name": .string("Alice"), name: .string("hunter2hunter2")]) == name)
    }

    @Test("A secret nested in objects is found, reported with its dotted path")
    func nested() {
        #expect(SecretFields.firstSecret(in: ["user": .object(["email": .string("a@b.org"), "password": .string("x")])]) == "user.password")
        #expect(SecretFields.firstSecret(in: ["session": .object(["tokenHash": .string("ab12")])]) == "session.tokenHash")
        #expect(SecretFields.firstSecret(in: ["a": .object(["b": .object(["c": .object(["code_hash": .null])])])]) == "a.b.c.code_hash")
    }

    @Test("A secret key counts even when its value is null or empty")
    func emptyValueStillSecret() {
        #expect(SecretFields.firstSecret(in: ["password": .null]) == "password")
        #expect(SecretFields.firstSecret(in: ["token": .string("")]) == "token")
    }

    @Test("A change without secret keys passes, even when a value happens to be a secret's name")
    func cleanChanges() {
        #expect(SecretFields.firstSecret(in: [:]) == nil)
        #expect(SecretFields.firstSecret(in: [
            "name": .string("Solar co-op"), "email": .string("alice@example.org"), "role": .string("admin"),
            "stakeBasisPoints": .object(["0e8c1c9a-5b2d-4f3e-9a1b-abcdef012345": .int(6000)]),
            "field": .string("password"), "tags": .array([.string("token"), .int(1)]),
        ]) == nil)
    }

    @Test("A secret inside an object inside an array is found too")
    func secretInArray() {
        let change: [String: JSONValue] = ["members": .array([.object(["email": .string("a@b.org"), "password": .string("hunter2hunter2")])])]
        #expect(SecretFields.firstSecret(in: change) != nil)
    }

    /// Random change dictionaries whose keys are never secret names.
    static let cleanChange = Generator { rng in
        var change: [String: JSONValue] = [:]
        for _ in 0..<Int.random(in: 0...6, using: &rng) {
            change[TestGen.string(using: &rng, length: 0...8)] = TestGen.json(using: &rng, depth: 2)
        }
        return Self.withoutSecrets(change)
    }

    static func withoutSecrets(_ change: [String: JSONValue]) -> [String: JSONValue] {
        var clean: [String: JSONValue] = [:]
        for (key, value) in change where !SecretFields.names.contains(key) {
            if case .object(let inner) = value { clean[key] = .object(withoutSecrets(inner)) } else { clean[key] = value }
        }
        return clean
    }

    @Test("Random changes without secret keys always pass")
    func randomCleanChanges() async {
        await propertyCheck(input: Self.cleanChange) { change in
            #expect(SecretFields.firstSecret(in: change) == nil)
        }
    }

    @Test("A secret planted at any depth of nested objects is found with its full path")
    func plantedSecretFound() async {
        let path = Gen.letterOrNumber.string(of: 1...6).array(of: 0...4)
        await propertyCheck(input: Self.cleanChange, path, Gen<String?>.element(of: SecretFields.names.sorted())) { change, path, secret in
            guard let secret else { return }
            var planted: JSONValue = .object([secret: .string("s3cr3t")])
            for key in path.reversed() { planted = .object([key: planted]) }
            guard case .object(var outer) = planted else { return }
            // Siblings of the planted branch are clean random data.
            for (key, value) in change where outer[key] == nil { outer[key] = value }
            let expected = (path + [secret]).joined(separator: ".")
            #expect(SecretFields.firstSecret(in: outer) == expected)
        }
    }
}
