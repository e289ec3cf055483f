import Foundation
import PropertyBased
import Testing
@testable import CoventureCore

/// Inbound key-result feeds (issue #16): Standard Webhooks signatures, the per-feed rate limit and the replay window.
@Suite("Feeds: signatures, rate limit, replays")
struct FeedRulesTests {
    static let body = Array(#"{"test": 2432232314}"#.utf8)
    static let id = "msg_p5jXN8AQM9LWM0D4loKWxJek"
    static let sent = Date(timeIntervalSince1970: 1_614_265_330)

    static func headers(_ signature: String, id: String? = FeedRulesTests.id, timestamp: String? = "1614265330") -> WebhookSignature.Headers {
        WebhookSignature.Headers(id: id, timestamp: timestamp, signature: signature)
    }

    @Test("The signature of the Standard Webhooks libraries' own test vector comes out the same")
    func specVector() throws {
        let key = Array(try #require(Data(base64Encoded: "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")))
        let signature = WebhookSignature.sign(id: Self.id, timestamp: 1_614_265_330, body: Self.body, key: key)
        #expect(signature == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
        #expect(try WebhookSignature.verify(Self.headers(signature), body: Self.body, key: key, now: Self.sent) == Self.id)
    }

    @Test("A feed's key is its secret's UTF-8 bytes, as Python's hmac computes it")
    func secretKey() throws {
        // python3: base64.b64encode(hmac.new(b'cvf_test-secret', b'<id>.1614265330.<body>', hashlib.sha256).digest())
        let key = WebhookSignature.key(secret: "cvf_test-secret")
        #expect(WebhookSignature.sign(id: Self.id, timestamp: 1_614_265_330, body: Self.body, key: key)
                == "v1,aUov9dvB+PYsMcSgygigkzr+NvAlQn+WGTM68wtBF0s=")
    }

    @Test("Any of several space-separated signatures may match (secret rotation); other versions are skipped")
    func severalSignatures() throws {
        let key = WebhookSignature.key(secret: "s")
        let good = WebhookSignature.sign(id: Self.id, timestamp: 1_614_265_330, body: Self.body, key: key)
        let header = "v1a,AAAA v1,bm90IGl0 \(good)"
        #expect(try WebhookSignature.verify(Self.headers(header), body: Self.body, key: key, now: Self.sent) == Self.id)
    }

    @Test("A changed body, id, timestamp or key, or a signature of another scheme, is refused as not matching")
    func tampering() {
        let key = WebhookSignature.key(secret: "s")
        let good = WebhookSignature.sign(id: Self.id, timestamp: 1_614_265_330, body: Self.body, key: key)
        let cases: [(WebhookSignature.Headers, [UInt8], [UInt8])] = [
            (Self.headers(good), Array(#"{"test": 2432232315}"#.utf8), key),
            (Self.headers(good, id: "msg_other"), Self.body, key),
            (Self.headers(good, timestamp: "1614265331"), Self.body, key),
            (Self.headers(good), Self.body, WebhookSignature.key(secret: "t")),
            (Self.headers(good.replacingOccurrences(of: "v1,", with: "v1a,")), Self.body, key),
            (Self.headers("v1,not base64!"), Self.body, key),
        ]
        for (headers, body, key) in cases {
            #expect(throws: WebhookSignature.Refusal.noMatchingSignature) {
                try WebhookSignature.verify(headers, body: body, key: key, now: Self.sent.addingTimeInterval(1))
            }
        }
    }

    @Test("The timestamp must be within 5 minutes either way, and whole Unix seconds")
    func timestamps() throws {
        let key = WebhookSignature.key(secret: "s")
        let good = WebhookSignature.sign(id: Self.id, timestamp: 1_614_265_330, body: Self.body, key: key)
        for offset in [-300.0, 0, 300] {
            #expect(throws: Never.self) {
                try WebhookSignature.verify(Self.headers(good), body: Self.body, key: key, now: Self.sent.addingTimeInterval(offset))
            }
        }
        for offset in [-301.0, 301, 86_400] {
            #expect(throws: WebhookSignature.Refusal.timestampOutOfTolerance) {
                try WebhookSignature.verify(Self.headers(good), body: Self.body, key: key, now: Self.sent.addingTimeInterval(offset))
            }
        }
        for bad in ["", "1614265330.5", "-1", "１２", "2021-02-25T15:02:10Z"] {
            #expect(throws: WebhookSignature.Refusal.malformedTimestamp) {
                try WebhookSignature.verify(Self.headers(good, timestamp: bad), body: Self.body, key: key, now: Self.sent)
            }
        }
    }

    @Test("A partial set of headers names the one missing; none at all means the body is not signed")
    func missingHeaders() {
        #expect(WebhookSignature.Headers(id: nil, timestamp: nil, signature: nil).areAbsent)
        let key = WebhookSignature.key(secret: "s")
        #expect(throws: WebhookSignature.Refusal.missingHeader("webhook-id")) {
            try WebhookSignature.verify(.init(id: nil, timestamp: "1", signature: "v1,x"), body: [], key: key, now: Self.sent)
        }
        #expect(throws: WebhookSignature.Refusal.missingHeader("webhook-timestamp")) {
            try WebhookSignature.verify(.init(id: "m", timestamp: nil, signature: "v1,x"), body: [], key: key, now: Self.sent)
        }
        #expect(throws: WebhookSignature.Refusal.missingHeader("webhook-signature")) {
            try WebhookSignature.verify(.init(id: "m", timestamp: "1", signature: nil), body: [], key: key, now: Self.sent)
        }
        #expect(WebhookSignature.Refusal.missingHeader("webhook-id").header == "webhook-id")
        #expect(WebhookSignature.Refusal.timestampOutOfTolerance.header == "webhook-timestamp")
    }

    @Test("Whatever the body, id, time and secret, what is signed verifies and a flipped bit does not")
    func signVerifyRoundTrip() async {
        let input = zip(TestGen.jsonString, TestGen.jsonString, Gen.int(in: 0...2_000_000_000), TestGen.jsonString)
        await propertyCheck(count: 200, input: input) { input in
            let (body, suffix, seconds, secret) = input
            let id = "m" + suffix, key = WebhookSignature.key(secret: secret), bytes = Array(body.utf8)
            let now = Date(timeIntervalSince1970: Double(seconds))
            let signature = WebhookSignature.sign(id: id, timestamp: Int64(seconds), body: bytes, key: key)
            let headers = WebhookSignature.Headers(id: id, timestamp: String(seconds), signature: signature)
            #expect((try? WebhookSignature.verify(headers, body: bytes, key: key, now: now)) == id)
            var flipped = bytes + [0x20]
            flipped[0] ^= 0x01
            #expect(throws: WebhookSignature.Refusal.noMatchingSignature) {
                try WebhookSignature.verify(headers, body: flipped, key: key, now: now)
            }
        }
    }

    // MARK: Rate limit

    @Test("A feed may make 10 calls at once, then one a second; a refusal says how long to wait")
    func bucket() {
        let start = Date(timeIntervalSince1970: 1_000)
        var bucket = TokenBucket(now: start)
        for _ in 0..<10 { let result = bucket.take(now: start); #expect(result == nil) }
        do { let result = bucket.take(now: start); #expect(result == 1) }
        do { let result = bucket.take(now: start.addingTimeInterval(0.5)); #expect(result == 1) }
        do { let result = bucket.take(now: start.addingTimeInterval(1)); #expect(result == nil) }
        do { let result = bucket.take(now: start.addingTimeInterval(1)); #expect(result == 1) }
        #expect(!bucket.isIdle(now: start.addingTimeInterval(5)))
        #expect(bucket.isIdle(now: start.addingTimeInterval(11)))
    }

    @Test("Over any run of calls, no more are let through than the burst plus the rate times the time elapsed")
    func bucketBound() async {
        let gaps = Gen.int(in: 0...3000).array(of: 1...200)
        await propertyCheck(count: 200, input: gaps) { gaps in
            let start = Date(timeIntervalSince1970: 0)
            var bucket = TokenBucket(now: start), now = start, allowed = 0
            for gap in gaps {
                now = now.addingTimeInterval(Double(gap) / 1000)
                if let wait = bucket.take(now: now) {
                    #expect(wait >= 1)
                    // Waiting as told is always enough.
                    var copy = bucket
                    let afterWaiting = copy.take(now: now.addingTimeInterval(Double(wait)))
                    #expect(afterWaiting == nil)
                } else {
                    allowed += 1
                }
            }
            #expect(Double(allowed) <= TokenBucket.burst + now.timeIntervalSince(start) * TokenBucket.perMinute / 60 + 1e-9)
        }
    }

    @Test("A clock going backwards refills nothing")
    func backwards() {
        let start = Date(timeIntervalSince1970: 1_000)
        var bucket = TokenBucket(capacity: 1, now: start)
        do { let result = bucket.take(now: start); #expect(result == nil) }
        do { let result = bucket.take(now: start.addingTimeInterval(-3600)); #expect(result != nil) }
        do { let result = bucket.take(now: start.addingTimeInterval(0.5)); #expect(result != nil) }
    }
}
