import Foundation
import Testing
@testable import CoventureServer

/// The key files (the ledger's signing seed, the webhook secrets' key): created once, read ever after.
@Suite("Key files")
struct KeyFileTests {
    static func directory() throws -> String {
        let path = NSTemporaryDirectory() + "coventure-keys-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test("Nodes starting at once on one key directory all end up with the same key, in a file only its owner may read")
    func createdOnce() async throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/ledger-key.ed25519"
        let keys = try await withThrowingTaskGroup(of: Data.self) { group in
            for _ in 0..<16 { group.addTask { try KeyFile.loadOrCreate(at: path, describing: "the test key") } }
            return try await group.reduce(into: [Data]()) { $0.append($1) }
        }
        #expect(Set(keys).count == 1)
        #expect(try KeyFile.loadOrCreate(at: path, describing: "the test key") == keys[0], "read back, not made again")
        let permissions = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(permissions == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["ledger-key.ed25519"], "no staging file is left behind")
    }

    @Test("A key file that does not hold a base64 key of 32 bytes stops the start with a sentence naming it")
    func refusesAGarbledFile() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/webhook-secrets.key"
        try Data("not a key\n".utf8).write(to: URL(fileURLWithPath: path))
        #expect { try KeyFile.loadOrCreate(at: path, describing: "the webhook key file") } throws: { error in
            "\(error)".contains("the webhook key file \(path) does not hold a base64 key of 32 bytes")
        }
    }
}
