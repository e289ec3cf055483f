import CoventureCore
import Foundation

/// `coventure verify --offline FILE`: checks a partner's export (`ExportFormat`) with no server, reading the file a
/// chunk at a time through `ExportVerifier`, so memory stays flat whatever its size. Reports in the words and shape of
/// the online `coventure verify` (`LedgerVerification.Report`).
public enum ExportVerification {
    public static func verify(file path: String, verifierKey pinnedKey: String?) -> LedgerVerification.Report {
        var report = LedgerVerification.Report()
        func ok(_ line: String) { report.lines.append("✓ " + line) }
        do {
            guard let handle = FileHandle(forReadingAtPath: path) else {
                throw ExportVerifier.Failure(line: nil, message: "cannot read \(path)")
            }
            defer { try? handle.close() }
            var verifier = try ExportVerifier(pinnedKey: pinnedKey)
            var splitter = LineSplitter()
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
                for line in try splitter.feed(chunk) { try verifier.consume(line) }
            }
            if let last = splitter.finish() { try verifier.consume(last) }
            let summary = try verifier.finish()
            let header = summary.header
            ok("export of initiative \(header.initiativeId.uuidString.lowercased()) for \(header.party.name), made \(Self.timestamp(header.exportedAt))")
            let kinds = summary.entities.map { "\($0.count) \($0.type)" }.joined(separator: ", ")
            ok("every entity line parses (\(kinds.isEmpty ? "none" : kinds))")
            ok("\(summary.entries) ledger entries numbered 0…\(max(summary.entries, 1) - 1) without a gap, each matching its leaf hash")
            ok("checkpoint signed by \(summary.signerName): \(summary.origin), size \(summary.entries), root \(summary.root.hex)")
            ok(summary.keyPinned
                ? "verifier key \(summary.verifierKey) (pinned)"
                : "verifier key \(summary.verifierKey) (only the file's own: pin the server's with --verifier-key to know the file came from it)")
            ok("replayed all \(summary.entries) entries to the signed root")
        } catch {
            report.lines.append("✗ \(error)")
            report.failed = true
        }
        return report
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
