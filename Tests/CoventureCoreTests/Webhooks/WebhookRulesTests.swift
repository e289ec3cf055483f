import Foundation
import PropertyBased
import Testing
@testable import CoventureCore

/// Standard Webhooks signatures, endpoint URLs and event types, and the retry schedule (issue #16).
@Suite("Webhook rules")
struct WebhookRulesTests {
    @Test("The signature matches the Standard Webhooks libraries' published test vector")
    func publishedVector() throws {
        // From standard-webhooks/libraries (csharp WebhookTest.verifyWebhookSignWorks; the same in every library).
        let secret = try #require(WebhookSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"))
        let signature = secret.signature(id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: 1_614_265_330, body: Array(#"{"test": 2432232314}"#.utf8))
        #expect(signature == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
    }

    @Test("During a rotation both secrets sign, the current one first, space-separated")
    func rotationSignsTwice() throws {
        let current = WebhookSecret.random(), previous = WebhookSecret.random()
        let body = Array("{}".utf8)
        let headers = WebhookHeaders(id: "msg_1", timestamp: 42, body: body, secrets: [current, previous])
        #expect(headers.signature == current.signature(id: "msg_1", timestamp: 42, body: body) + " " + previous.signature(id: "msg_1", timestamp: 42, body: body))
        #expect(headers.fields.map(\.0) == ["webhook-id", "webhook-timestamp", "webhook-signature"])
    }

    @Test("A secret is whsec_ and base64 of 32 random bytes, reads back as itself, and two are never the same")
    func secretsRoundTrip() async {
        await propertyCheck(count: 50, input: Gen.int(in: 0...1)) { _ in
            let secret = WebhookSecret.random()
            #expect(secret.serialized.hasPrefix("whsec_"))
            #expect(secret.key.count == 32)
            #expect(WebhookSecret(secret.serialized) == secret)
            #expect(WebhookSecret.random() != secret)
        }
        #expect(WebhookSecret("whsec_" + Data(repeating: 1, count: 8).base64EncodedString()) == nil, "under 24 bytes")
        #expect(WebhookSecret("sk_abc") == nil)
    }

    @Test("A URL must be https on a host, without credentials; plain http only where private addresses are allowed")
    func urls() throws {
        func refusal(_ url: String?, allowPrivate: Bool = false) -> String? {
            do { _ = try WebhookRules.target(url, allowPrivate: allowPrivate); return nil } catch let error as ValidationError {
                #expect(error.field == "url")
                return error.message
            } catch { return "\(error)" }
        }
        #expect(refusal("https://hooks.example.com/coventure") == nil)
        #expect(refusal(nil) == "is required")
        #expect(refusal("hooks.example.com") != nil)
        #expect(refusal("http://hooks.example.com/") == "must use https")
        #expect(refusal("http://127.0.0.1:9000/", allowPrivate: true) == nil)
        #expect(refusal("ftp://hooks.example.com/") == "must use https")
        #expect(refusal("https://user:pw@hooks.example.com/") == "must not hold a user name or password")
        #expect(refusal("https://127.0.0.1/")?.contains("loopback") == true)
        #expect(refusal("https://[::1]/")?.contains("loopback") == true)
        #expect(refusal("https://10.0.0.8/")?.contains("private") == true)
        #expect(refusal("https://169.254.169.254/latest/meta-data/", allowPrivate: true)?.contains("metadata") == true)
        #expect(refusal("https://[fd00:ec2::254]/", allowPrivate: true)?.contains("metadata") == true)
        #expect(refusal("https://[fe80::1]/", allowPrivate: true)?.contains("link-local") == true)
        #expect(refusal("https://0.0.0.0/", allowPrivate: true) != nil)
        #expect(refusal("https://" + String(repeating: "a", count: 2_000) + ".com/") != nil)
        let target = try WebhookRules.target("https://Hooks.Example.com:8443/x", allowPrivate: false)
        #expect(target == .init(scheme: "https", host: "hooks.example.com", port: 8443, address: nil))
    }

    @Test("Event types are [\"*\"] or known ledger action names without repeats; anything else names eventTypes")
    func eventTypes() throws {
        #expect(try WebhookRules.eventTypes(["*"]) == ["*"])
        #expect(try WebhookRules.eventTypes(["decision.sealed", "checkIn.recorded"]) == ["checkIn.recorded", "decision.sealed"])
        for bad in [nil, [], ["*", "checkIn.recorded"], ["checkin.recorded"], ["checkIn.recorded", "checkIn.recorded"], ["webhook.test"]] as [[String]?] {
            #expect(throws: ValidationError.self) { try WebhookRules.eventTypes(bad) }
            do { _ = try WebhookRules.eventTypes(bad) } catch let error as ValidationError { #expect(error.field == "eventTypes") } catch {}
        }
        #expect(WebhookRules.subscribes(["*"], to: "anything.at.all"))
        #expect(WebhookRules.subscribes(["checkIn.recorded"], to: "checkIn.recorded"))
        #expect(!WebhookRules.subscribes(["checkIn.recorded"], to: "decision.sealed"))
    }

    @Test("Retries back off exponentially from 5 s to at most an hour, jittered within ±20 %")
    func backoff() async {
        #expect(WebhookRetry.delay(afterFailedAttempts: 1, jitter: 0.5) == 5)
        #expect(WebhookRetry.delay(afterFailedAttempts: 2, jitter: 0.5) == 10)
        #expect(WebhookRetry.delay(afterFailedAttempts: 3, jitter: 0.5) == 20)
        #expect(WebhookRetry.delay(afterFailedAttempts: 40, jitter: 0.5) == 3600)
        await propertyCheck(count: 300, input: Gen.int(in: 1...60), Gen.int(in: 0...1000)) { attempts, permille in
            let jitter = Double(permille) / 1000
            let base = min(3600, 5 * pow(2, Double(attempts - 1)))
            let delay = WebhookRetry.delay(afterFailedAttempts: attempts, jitter: jitter)
            #expect(delay >= base * 0.8 - 1e-9 && delay <= base * 1.2 + 1e-9)
            #expect(WebhookRetry.delay(afterFailedAttempts: attempts + 1, jitter: 0.5) >= WebhookRetry.delay(afterFailedAttempts: attempts, jitter: 0.5))
        }
    }

    @Test("A message is retried until 24 hours after its first attempt, the last retry at that moment, then given up; an endpoint is disabled after 24 hours failing")
    func giveUpAndDisable() async {
        let first = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(WebhookRetry.nextAttempt(firstAttemptAt: first, failedAttempts: 1, now: first, jitter: 0.5) == first.addingTimeInterval(5))
        let late = first.addingTimeInterval(23.5 * 3600)
        #expect(WebhookRetry.nextAttempt(firstAttemptAt: first, failedAttempts: 30, now: late, jitter: 0.5) == first.addingTimeInterval(24 * 3600))
        #expect(WebhookRetry.nextAttempt(firstAttemptAt: first, failedAttempts: 31, now: first.addingTimeInterval(24 * 3600), jitter: 0.5) == nil)
        await propertyCheck(count: 300, input: Gen.int(in: 1...60), Gen.int(in: 0...(30 * 3600))) { attempts, elapsed in
            let now = first.addingTimeInterval(TimeInterval(elapsed))
            let next = WebhookRetry.nextAttempt(firstAttemptAt: first, failedAttempts: attempts, now: now, jitter: 0.5)
            if elapsed >= 24 * 3600 { #expect(next == nil) } else {
                #expect(next.map { $0 > now && $0 <= first.addingTimeInterval(24 * 3600) } == true)
            }
        }
        #expect(!WebhookRetry.disables(failingSince: nil, now: late))
        #expect(!WebhookRetry.disables(failingSince: first, now: late))
        #expect(WebhookRetry.disables(failingSince: first, now: first.addingTimeInterval(24 * 3600)))
    }
}
