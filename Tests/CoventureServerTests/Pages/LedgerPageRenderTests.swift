import CoventureCore
import Foundation
import Testing

@testable import CoventureServer

/// The ledger pages rendered from hand-built models: no database, no server, no signing key.
@Suite("Ledger pages render")
struct LedgerPageRenderTests {
    typealias F = Fixture

    static let verifierKey = "coventure.example+abcd1234+AQAA"

    static func model(
        checkpoint: StoredCheckpoint? = F.checkpoint(), cosigners: [LedgerPage.Cosigner] = [], recent: [ActivityItem] = [],
        failure: String? = nil, initiative: InitiativeDTO = F.initiative(), siteURL: String = "https://coventure.example",
        keyForm: LedgerPage.CosignerKeyForm? = nil
    ) -> LedgerPage.Model {
        LedgerPage.Model(
            initiative: initiative, origin: "coventure.example/initiatives/1", checkpoint: checkpoint, verifierKey: verifierKey,
            cosigners: cosigners, recent: recent, failure: failure, siteURL: siteURL, cosignerKeyForm: keyForm)
    }

    static func ledger(_ model: LedgerPage.Model = model()) -> Rendered {
        Rendered(LedgerPage.render(model, context: F.context()))
    }

    static func entry(
        leaf: [UInt8] = Array("{\"action\":\"initiative.create\"}".utf8), proof: [MerkleHash] = [F.hash(1), F.hash(2)],
        item: ActivityItem? = nil
    ) -> Rendered {
        Rendered(
            LedgerEntryPage.render(
                .init(initiative: F.initiative(), index: 2, leaf: leaf, checkpoint: F.checkpoint(), proof: proof, item: item,
                      verifierKey: verifierKey),
                context: F.context()))
    }

    static func cosigner(_ party: String, key: String? = nil, size: UInt64? = nil, at: Date? = nil) -> LedgerPage.Cosigner {
        LedgerPage.Cosigner(party: party, organizationID: F.ownerOrg, verifierKey: key, size: size, at: at)
    }

    @Test("The ledger shows its origin, size, root, verifier key and the latest signed checkpoint with its time")
    func ledgerCheckpoint() {
        let page = Self.ledger()
        #expect(page.contains("<dt>Origin</dt><dd><code>coventure.example/initiatives/1</code></dd>"))
        #expect(page.contains("<dt>Size</dt><dd>3 entries</dd>"))
        #expect(page.contains("<dt>Root</dt><dd><code class=\"hash\">\(F.hash(0xab).hex)</code></dd>"))
        #expect(page.contains("<dt>Verifier key</dt><dd><code class=\"hash\" id=\"verifier-key\">\(Self.verifierKey)</code>"))
        #expect(page.contains("<pre class=\"note\">coventure.example/initiative\n3\nq80=\n</pre>"))
        #expect(page.contains("Signed <time datetime=\"2027-01-15T08:00:00.000Z\">15 Jan 2027, 08:00 UTC</time>"))
        #expect(!page.contains("Integrity failure"))
        #expect(page.links(to: .initiative(.value(F.initiativeID))))
    }

    @Test("The root is explained in words, and its hex and the checkpoint's base64 are said to be one value, both shown")
    func rootInWords() {
        let page = Self.ledger()
        #expect(page.contains("The root is one SHA-256 hash of the whole log"))
        #expect(page.contains("Changing, removing or reordering any of the 3 entries changes the root"))
        #expect(page.contains("the checkpoint&#39;s third line carries the same 32 bytes in base64, <code class=\"hash\">\(F.hash(0xab).base64)</code>"))
        #expect(page.contains("They are one value in two spellings."))
        #expect(!Self.ledger(Self.model(checkpoint: nil)).contains("The root is one SHA-256 hash"), "no root, nothing to explain")
    }

    @Test("The server's signature is explained, with its verifier key, a copy button, and how to pin the key")
    func verifierKeyAndPinning() {
        let page = Self.ledger()
        #expect(page.contains("The last line of the checkpoint is the server&#39;s Ed25519 signature"))
        #expect(page.contains("Pin that key"))
        #expect(page.contains("<code>--verifier-key</code>"))
        #expect(page.contains("<code>\(SiteURL.api(.ledgerVerifierKey).path)</code>"))
        #expect(page.contains("<button type=\"button\" class=\"copy\" data-copy=\"#verifier-key\" hidden"))
    }

    @Test("The verify command uses the CLI's real flags, prefilled with this site, the initiative and the pinned key, and has a copy button")
    func verifyCommand() {
        let page = Self.ledger()
        let command = "coventure verify --url https://coventure.example --initiative \(F.text(F.initiativeID)) --verifier-key \(Self.verifierKey)"
        #expect(page.contains("<pre><code id=\"verify-command\">\(command)</code></pre>"))
        #expect(page.contains("<button type=\"button\" class=\"copy\" data-copy=\"#verify-command\" hidden"))
        #expect(page.contains("<code>COVENTURE_TOKEN</code>"))
        #expect(page.links(to: .tokens))
    }

    @Test("A value a shell would read differently is single-quoted in the command, a quote inside it escaped")
    func shellQuoting() {
        #expect(LedgerPage.shellQuoted("coventure.local+1a2b3c4d+AR/x=") == "coventure.local+1a2b3c4d+AR/x=")
        #expect(LedgerPage.shellQuoted("a b") == "'a b'")
        #expect(LedgerPage.shellQuoted("x';rm -rf ~;'") == "'x'\\'';rm -rf ~;'\\'''")
        #expect(LedgerPage.shellQuoted("$(id)") == "'$(id)'")
        #expect(LedgerPage.shellQuoted("") == "''")
    }

    @Test("The site's address comes from a plain Host only; anything a shell could act on gives a placeholder")
    func siteURLFromHost() {
        #expect(LedgerPagesController.siteURL(host: "coventure.example.org", insecure: false) == "https://coventure.example.org")
        #expect(LedgerPagesController.siteURL(host: "127.0.0.1:8080", insecure: false) == "http://127.0.0.1:8080")
        #expect(LedgerPagesController.siteURL(host: "localhost:8080", insecure: false) == "http://localhost:8080")
        #expect(LedgerPagesController.siteURL(host: "intranet:8080", insecure: true) == "http://intranet:8080")
        for hostile in ["evil.example;rm -rf ~", "a b", "$(id)", "x'y", "\"><script>", "", String(repeating: "a", count: 300)] {
            #expect(LedgerPagesController.siteURL(host: hostile, insecure: false) == "https://<this server>", "\(hostile)")
        }
        #expect(LedgerPagesController.siteURL(host: nil, insecure: false) == "https://<this server>")
    }

    @Test("Before the first checkpoint the ledger says so instead of a size and root")
    func ledgerNoCheckpoint() {
        let page = Self.ledger(Self.model(checkpoint: nil))
        #expect(page.contains("<dd>no checkpoint yet</dd>"))
        #expect(page.contains("<dt>Root</dt><dd><code class=\"hash\">—</code></dd>"))
        #expect(!page.contains("<pre class=\"note\">"))
    }

    @Test("An integrity failure is announced, with writes suspended")
    func ledgerFailure() {
        let page = Self.ledger(Self.model(failure: "root mismatch at size 3"))
        #expect(
            page.contains(
                "<div class=\"alert error\" role=\"alert\"><p>Integrity failure: root mismatch at size 3. Writes are suspended.</p></div>"
            ))
    }

    @Test("Each party's cosigning: its registered key or none, and the largest size it cosigned, with when")
    func ledgerCosignatures() {
        let page = Self.ledger(Self.model(cosigners: [
            Self.cosigner("Bank", key: "bank-witness+01020304+BA==", size: 3, at: F.now),
            Self.cosigner("Helio", key: "helio-witness+0a0b0c0d+BA==", size: 2),
            Self.cosigner("Nordic"),
        ]))
        #expect(page.contains("<tr><td>Bank</td><td><code class=\"hash\">bank-witness+01020304+BA==</code></td><td>size 3 (15 Jan 2027, 08:00 UTC)</td></tr>"))
        #expect(page.contains("<tr><td>Helio</td><td><code class=\"hash\">helio-witness+0a0b0c0d+BA==</code></td><td>size 2</td></tr>"))
        #expect(page.contains("<tr><td>Nordic</td><td>none yet</td><td>not yet</td></tr>"))
    }

    @Test("The cosigner key form is offered to an organization's admins only, posting with the CSRF token")
    func cosignerKeyFormForAdminsOnly() throws {
        #expect(Self.ledger().form(posting: .ledgerCosignerKey(.value(F.initiativeID))) == nil)
        let page = Self.ledger(Self.model(keyForm: .init(organizationName: "Bank", current: nil, input: "", error: nil)))
        let form = try #require(page.form(posting: .ledgerCosignerKey(.value(F.initiativeID))))
        #expect(form.contains("<h3>Register Bank&#39;s cosigner key</h3>"))
        #expect(form.contains("<label for=\"field-verifierKey\">Cosigner verifier key</label>"))
        #expect(form.contains(">Register key</button>"))
        PageExpect.csrfInEveryForm(page)
        let replacing = Self.ledger(Self.model(keyForm: .init(organizationName: "Bank", current: "bank+01020304+BA==", input: "", error: nil)))
        #expect(replacing.contains("<h3>Replace Bank&#39;s cosigner key</h3>"))
        #expect(replacing.contains(">Replace key</button>"))
    }

    @Test("A refused key shows its message beside the field, with the input kept")
    func cosignerKeyFormError() {
        let page = Self.ledger(Self.model(keyForm: .init(organizationName: "Bank", current: nil, input: "not a key", error: "must be a cosigner key")))
        PageExpect.error(page, field: "verifierKey", message: "must be a cosigner key", kept: "not a key")
    }

    @Test("Recent entries are numbered by ledger index, each linking to its entry page, their sentences naming things and values")
    func ledgerRecent() {
        var item = F.activity(3, actor: "Olivia Owner", sentence: "")
        item.described = "checked in \(value: "2\u{202F}400\u{00A0}homes") on \(thing: "Homes financed") (on track)"
        let page = Self.ledger(Self.model(recent: [item, F.activity(1)]))
        let entry = SiteURL.ledgerEntry(.value(F.initiativeID), index: .value(2)).path
        #expect(page.contains(
            "<li><a class=\"seq\" href=\"\(entry)\" title=\"Ledger entry 2\">#2</a><strong>Olivia Owner</strong> checked in "
                + "<strong class=\"value\">2\u{202F}400\u{00A0}homes</strong> on <em>Homes financed</em> (on track)<time"))
        #expect(page.links(to: .ledgerEntry(.value(F.initiativeID), index: .value(0))))
        #expect(!page.contains(">#3<"), "the sequence number (from 1) is never shown")
    }

    @Test("An entry shows its leaf bytes, leaf hash, checkpoint and proof, and hands them and the signed note to the browser's check")
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
                "data-leaf=\"\(Data(leaf).base64EncodedString())\" data-index=\"2\" data-size=\"3\" data-proof=\"\(F.hash(1).base64),\(F.hash(2).base64)\" data-root=\"\(F.hash(0xab).hex)\" data-note=\"coventure.example/initiative\n3\nq80=\n\" data-verifier-key=\"\(Self.verifierKey)\""
            ))
        #expect(page.contains("that the checkpoint is signed by the server&#39;s verifier key (Ed25519)"))
        #expect(page.contains("<script src=\"\(SiteURL.ledgerScript.path)\" defer></script>"))
        #expect(page.links(to: .initiativeLedger(.value(F.initiativeID))))
    }

    @Test("An entry's page says what happened in a sentence above its canonical JSON")
    func entrySentence() {
        var item = F.activity(3, actor: "Dana Whitfield", sentence: "")
        item.described = "assigned Raj Patel to \(thing: "Household energy savings") at \(value: "40\u{00A0}%")"
        let page = Self.entry(item: item)
        let sentence = "<p class=\"entry-sentence\"><strong>Dana Whitfield</strong> assigned Raj Patel to <em>Household energy savings</em> at "
            + "<strong class=\"value\">40\u{00A0}%</strong> <time"
        #expect(page.contains(sentence))
        let sentenceAt = page.html.range(of: sentence)!.lowerBound, jsonAt = page.html.range(of: "Leaf bytes (canonical JSON)")!.lowerBound
        #expect(sentenceAt < jsonAt)
        #expect(!Self.entry().contains("entry-sentence"), "no event row, no sentence")
    }

    @Test("An entry newer than the latest checkpoint still has its page, saying its proof comes with the next checkpoint")
    func entryNotYetCheckpointed() {
        let page = Rendered(
            LedgerEntryPage.render(
                .init(initiative: F.initiative(), index: 5, leaf: Array("{}".utf8), checkpoint: nil, proof: [], verifierKey: Self.verifierKey),
                context: F.context()))
        #expect(page.contains("<h1>Entry 5</h1>"))
        #expect(page.contains("<p class=\"alert warning\">This entry is newer than the latest signed checkpoint."))
        #expect(!page.contains("verify-button"))
        #expect(page.contains("<pre class=\"note\">{}</pre>"))
    }

    @Test("An entry that is the whole tree has an empty proof")
    func entryNoProof() {
        let page = Self.entry(proof: [])
        #expect(page.contains("<ol class=\"proof\"></ol>"))
        #expect(page.contains("data-proof data-root="), "an empty attribute is written bare")
    }

    @Test(
        "Hostile names, origins, notes, failures, keys, addresses and leaf bytes are escaped in text and attributes on both ledger pages"
    )
    func hostile() {
        let h = F.hostile
        let q = F.hostileQuote
        let initiative = F.initiative(name: h)
        var item = F.activity(2, actor: h, sentence: q)
        item.described = "did \(thing: h) to \(value: q)"
        let ledger = Rendered(
            LedgerPage.render(
                .init(
                    initiative: initiative, origin: h, checkpoint: F.checkpoint(note: q), verifierKey: q,
                    cosigners: [Self.cosigner(h, key: q, size: 1)], recent: [item], failure: h, siteURL: h,
                    cosignerKeyForm: .init(organizationName: h, current: q, input: h, error: q)),
                context: F.context()))
        PageExpect.escaped(ledger)
        let entry = Rendered(
            LedgerEntryPage.render(
                .init(
                    initiative: initiative, index: 0, leaf: Array((h + q).utf8), checkpoint: F.checkpoint(note: h), proof: [], item: item,
                    verifierKey: q),
                context: F.context()))
        PageExpect.escaped(entry)
    }
}
