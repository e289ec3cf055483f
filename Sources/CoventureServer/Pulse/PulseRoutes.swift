import CoventureCore
import Vapor

extension Routes {
    /// The pulse page and its forms, behind sign-in; access is checked in the handlers through `Policy`.
    static func registerPulsePages(_ signedIn: any RoutesBuilder) {
        typealias P = PulsePagesController
        signedIn.get(SiteURL.pulse(.key).pathComponents, use: P.page)
        signedIn.post(SiteURL.pulseAnswers(.key).pathComponents, use: P.answer)
        signedIn.post(SiteURL.pulseRounds(.key).pathComponents, use: P.open)
        signedIn.post(SiteURL.pulseSettings(.key).pathComponents, use: P.settings)
    }

    static func registerPulseAPI(_ api: any RoutesBuilder, registry: OpenAPIRegistry) {
        typealias C = PulseAPIController
        let conflicts: Set<APIErrorCode> = [.conflict]
        api.on(.init(method: .GET, url: .pulseSettings(.key), id: "getPulseSettings",
                     summary: "How often the initiative's pulse opens a round on its own (weeks; 4 unless set), and when the next one opens",
                     response: .ref("PulseSettings"), version: .pulseSettings),
               registry: registry, use: C.settings)
        api.on(.init(method: .PUT, url: .pulseSettings(.key), id: "setPulseSettings",
                     summary: "Set the pulse's cadence, 1–52 weeks (the admins of any party)",
                     request: PulseSettingsRequest.self, response: .ref("PulseSettings"), version: .pulseSettings),
               registry: registry, use: C.changeSettings)
        api.on(.init(method: .GET, url: .pulseRounds(.key), id: "listPulseRounds",
                     summary: "The initiative's pulse rounds, newest first: open for 7 days, the number of answers, and whether you answered",
                     response: APISchemas.page(of: "PulseRound"), query: APISchemas.paging),
               registry: registry, use: C.rounds)
        api.on(.init(method: .POST, url: .pulseRounds(.key), id: "openPulseRound",
                     summary: "Open a pulse round by hand (the admins of any party); 409 while one is open. It closes after 7 days",
                     request: nil, response: .ref("PulseRound"), status: 201, extraErrors: conflicts),
               registry: registry, use: C.open)
        api.on(.init(method: .POST, url: .pulseAnswers(.key), id: "answerPulse",
                     summary: "Answer an open pulse round (any member, observers included): trust, transparency and valueAlignment, whole numbers 1–5, and an optional comment. Stored with your party, never with you; one answer each (409), none once the round closed (409)",
                     request: PulseAnswerRequest.self, response: .ref("PulseAnswerReceipt"), status: 201, extraErrors: conflicts),
               registry: registry, use: C.answer)
        api.on(.init(method: .GET, url: .pulse(.key), id: "getPulse",
                     summary: "The pulse per round and party: answers and the mean of each dimension, null while a party has fewer than 3 answers; comments of shown parties; the divergences (≥ 1 point) of the latest closed round",
                     response: .ref("Pulse")),
               registry: registry, use: C.pulse)
    }
}

extension VersionedResource {
    /// The initiative's pulse settings: the initiative's row is what conditional changes lock.
    static let pulseSettings = VersionedResource(table: "initiatives", parameter: "initiativeID") { req, db in
        try await PulseStore(db: db, recorder: req.recorder).settings(try req.uuid("initiativeID"), personID: try req.person().id)
    }
}
