import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A 32-byte secret kept in a file as base64, mode 0600, never in the database: the ledger's signing seed and the key
/// that seals webhook secrets. Created on first start when missing.
///
/// Creation is atomic (issue #17): the key is written whole to a file of its own and then linked into place, which
/// fails if the file exists by then. Several nodes starting at once on a shared key directory therefore all end up with
/// the one key that got there first, and none ever reads a half-written file.
enum KeyFile {
    static func loadOrCreate(at path: String, describing name: String) throws -> Data {
        if let existing = try read(path, name) { return existing }
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
        var raw = Data(count: 32)
        var generator = SystemRandomNumberGenerator()
        for index in raw.indices { raw[index] = UInt8.random(in: .min ... .max, using: &generator) }
        let staging = path + ".\(UUID().uuidString).new"
        // Created with 0600 from the start, so the secret is never readable by others, not even for a moment.
        guard FileManager.default.createFile(
            atPath: staging, contents: Data((raw.base64EncodedString() + "\n").utf8), attributes: [.posixPermissions: 0o600])
        else { throw ConfigError("could not write \(name) \(path)") }
        defer { unlink(staging) }
        if link(staging, path) == 0 { return raw }
        guard errno == EEXIST, let winner = try read(path, name) else {
            throw ConfigError("could not create \(name) \(path) (errno \(errno))")
        }
        return winner  // another process created it a moment earlier: use theirs
    }

    private static func read(_ path: String, _ name: String) throws -> Data? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        guard let raw = Data(base64Encoded: text), raw.count == 32 else {
            throw ConfigError("\(name) \(path) does not hold a base64 key of 32 bytes")
        }
        return raw
    }
}
