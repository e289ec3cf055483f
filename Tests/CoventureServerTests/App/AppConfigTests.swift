import Foundation
import Testing
@testable import CoventureServer

/// The settings a deployment gives in its environment (README, "Configuration").
@Suite("Configuration from the environment")
struct AppConfigTests {
    @Test("COVENTURE_SWEEP_SECONDS sets how often deadlines and pulse rounds are swept; 0 turns the sweep off; 30 s by default")
    func sweepSeconds() throws {
        #expect(try AppConfig.fromEnvironment([:]).decisionSweepInterval == 30)
        #expect(try AppConfig.fromEnvironment(["COVENTURE_SWEEP_SECONDS": "2"]).decisionSweepInterval == 2)
        #expect(try AppConfig.fromEnvironment(["COVENTURE_SWEEP_SECONDS": "0"]).decisionSweepInterval == nil)
        #expect(throws: ConfigError.self) { try AppConfig.fromEnvironment(["COVENTURE_SWEEP_SECONDS": "soon"]) }
    }

    @Test("COVENTURE_TRUSTED_PROXIES lists the proxies whose X-Forwarded-For is believed, spaces and empty items ignored")
    func trustedProxies() throws {
        #expect(try AppConfig.fromEnvironment([:]).trustedProxies.isEmpty)
        #expect(try AppConfig.fromEnvironment(["COVENTURE_TRUSTED_PROXIES": "127.0.0.1, 10.0.0.5,,"]).trustedProxies == ["127.0.0.1", "10.0.0.5"])
    }

    @Test("Every node of several is given the same key files: COVENTURE_LEDGER_KEY_FILE and COVENTURE_WEBHOOK_KEY_FILE")
    func keyFiles() throws {
        let config = try AppConfig.fromEnvironment(["COVENTURE_LEDGER_KEY_FILE": "/keys/ledger", "COVENTURE_WEBHOOK_KEY_FILE": "/keys/webhooks"])
        #expect(config.ledgerKeyFile == "/keys/ledger")
        #expect(config.webhookKeyFile == "/keys/webhooks")
        #expect(try AppConfig.fromEnvironment([:]).webhookKeyFile == nil, "by default beside the data")
    }
}
