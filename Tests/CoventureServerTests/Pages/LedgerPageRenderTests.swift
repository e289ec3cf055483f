import CoventureCore
import Foundation
import Testing

@testable import CoventureServer

/// The ledger pages rendered from hand-built models: no database, no server, no signing key.
@Suite("Ledger pages render")
struct LedgerPageRenderTests {
    typealias F = Fixture

    static func ledger(
        checkpoint: StoredCheckpoint? = F.checkpoint(),
        cosigned: [(party: String, size: UInt64?, at: Date?, hasKey: Bool)] = [],
        recent: [ActivityItem] = [], failure: String? = nil, initiative: InitiativeDTO = F.initiative()
    ) -> Rendered {
        Rendered(
            LedgerPage.render(
                .init(
                    initiative: initiative, origin: "coventure.example/initiatives/1", checkpoint: checkpoint,
                    verifierKey: "coventure.example+abcd+AAAA",
                    cosigned: cosigned, recent: recent, failure: failure),
                context: F.context()))
    }

    static func entry(
        leaf: [UInt8] = Array("{\"action\":\"initiative.create\"}".utf8), proof: [MerkleHash] = [F.hash(1), F.hash(2)]
    ) -> Rendered {
        Rendered(
            LedgerEntryPage.render(
                .init(initiative: F.initiative(), index: 2, leaf: leaf, checkpoint: F.checkpoint(), proof: proof),
                context: F.context()))
    }

    @Test("The ledger shows its origin, size, root, verifier key and the latest signed checkpoint with its time")
    func ledgerCheckpoint() {
        let page = Self.ledger()
        #expect(page.contains("<dt>Origin</dt><dd><code>coventure.example/initiatives/1</code></dd>"))
        #expect(page.contains("<dt>Size</dt><dd>3 entries</dd>"))
        #expect(page.contains("<dt>Root</dt><dd><code class=\"hash\">\(F.hash(0xab).hex)</code></dd>"))
        #expect(page.contains("<dt>Verifier key</dt><dd><code class=\"hash\">coventure.example+abcd+AAAA</code></dd>"))
        #expect(page.contains("<pre class=\"note\">coventure.example/initiative\n3\nq80=\n</pre>"))
        #expect(page.contains("Signed <time datetime=\"2027-01-15T08:00:00.000Z\">15 Jan 2027, 08:00 UTC</time>"))
        #expect(!page.contains("Integrity failure"))
        #expect(page.links(to: .initiative(.value(F.initiativeID))))
    }

    @Test("Before the first checkpoint the ledger says so instead of a size and root")
    func ledgerNoCheckpoint() {
        let page = Self.ledger(checkpoint: nil)
        #expect(page.contains("<dd>no checkpoint yet</dd>"))
        #expect(page.contains("<dt>Root</dt><dd><code class=\"hash\">—</code></dd>"))
        #expect(!page.contains("<pre class=\"note\">"))
    }

    @Test("An integrity failure is announced, with writes suspended")
    func ledgerFailure() {
        let page = Self.ledger(failure: "root mismatch at size 3")
        #expect(
            page.contains(
                "<div class=\"alert error\" role=\"alert\"><p>Integrity failure: root mismatch at size 3. Writes are suspended.</p></div>"
            ))
    }

    @Test("Each party's cosigning: its key registered or not, and the largest size it cosigned, with when")
    func ledgerCosignatures() {
        let page = Self.ledger(cosigned: [
            (party: "Bank", size: 3, at: F.now, hasKey: true), (party: "Helio", size: 2, at: nil, hasKey: true),
            (party: "Nordic", size: nil, at: nil, hasKey: false),
        ])
        #expect(page.contains("<tr><td>Bank</td><td>registered</td><td>size 3 (15 Jan 2027, 08:00 UTC)</td></tr>"))
        #expect(page.contains("<tr><td>Helio</td><td>registered</td><td>size 2</td></tr>"))
        #expect(page.contains("<tr><td>Nordic</td><td>none yet</td><td>not yet</td></tr>"))
    }

    @Test("Recent entries link to their entry page by leaf index, one less than the activity's sequence number")
    func ledgerRecent() {
        let page = Self.ledger(recent: [
            F.activity(3, actor: "Olivia Owner", sentence: "added Mia Member"), F.activity(1),
        ])
        let entry = SiteURL.ledgerEntry(.value(F.initiativeID), index: .value(2)).path
        #expect(page.contains("<li><a href=\"\(entry)\">#2</a> <strong>Olivia Owner</strong> added Mia Member</li>"))
        #expect(page.links(to: .ledgerEntry(.value(F.initiativeID), index: .value(0))))
    }

    @Test("An entry shows its leaf bytes, leaf hash, checkpoint and proof, and hands them to the browser's check")
    func entryPage() {
        let leaf = Array("{\"action\":\"initiative.create\"}".utf8)
        let page = Self.entry(leaf: leaf)
        #expect(page.contains("<h1>Entry 2</h1>"))
        #expect(page.contains("<pre class=\"note\">{&quot;action&quot;:&quot;initiative.create&quot;}</pre>"))
        #expect(page.contains("<dt>Leaf hash</dt><dd><code class=\"hash\">\(Merkle.leafHash(leaf).hex)</code></dd>"))
        #expect(page.contains("<dd>size 3, root <code class=\"hash\">\(F.hash(0xab).hex)</code></dd>"))
        #expect(
            page.contains(
                "<ol class=\"proof\"><li><code class=\"hash\">\(F.hash(1).hex)</code></li><li><code class=\"hash\">\(F.hash(2).hex)</code></li></ol>"
            ))
        #expect(
            page.contains(
                "data-leaf=\"\(Data(leaf).base64EncodedString())\" data-index=\"2\" data-size=\"3\" data-proof=\"\(F.hash(1).base64),\(F.hash(2).base64)\" data-root=\"\(F.hash(0xab).hex)\""
            ))
        #expect(page.contains("<script src=\"\(SiteURL.ledgerScript.path)\" defer></script>"))
        #expect(page.links(to: .initiativeLedger(.value(F.initiativeID))))
    }

    @Test("An entry that is the whole tree has an empty proof")
    func entryNoProof() {
        let page = Self.entry(proof: [])
        #expect(page.contains("<ol class=\"proof\"></ol>"))
        #expect(page.contains("data-proof data-root="), "an empty attribute is written bare")
    }

    @Test(
        "Hostile names, origins, notes, failures and leaf bytes are escaped in text and attributes on both ledger pages"
    )
    func hostile() {
        let h = F.hostile
        let q = F.hostileQuote
        let initiative = F.initiative(name: h)
        let ledger = Rendered(
            LedgerPage.render(
                .init(
                    initiative: initiative, origin: h, checkpoint: F.checkpoint(note: q), verifierKey: q,
                    cosigned: [(party: h, size: 1, at: nil, hasKey: true)],
                    recent: [F.activity(2, actor: h, sentence: q)], failure: h),
                context: F.context()))
        PageExpect.escaped(ledger)
        let entry = Rendered(
            LedgerEntryPage.render(
                .init(
                    initiative: initiative, index: 0, leaf: Array((h + q).utf8), checkpoint: F.checkpoint(), proof: []),
                context: F.context()))
        PageExpect.escaped(entry)
    }
}
