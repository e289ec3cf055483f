import Vapor

extension Routes {
    /// "My updates", behind sign-in: a person's own page, so no initiative permission guards it; each check-in is
    /// authorized on its key result inside the change.
    static func registerMyUpdatesPages(_ signedIn: any RoutesBuilder) {
        typealias P = MyUpdatesPagesController
        signedIn.get(SiteURL.myUpdates.pathComponents, use: P.page)
        signedIn.post(SiteURL.myUpdates.pathComponents, use: P.submit)
    }

    static func registerMyUpdatesAPI(_ api: any RoutesBuilder, registry: OpenAPIRegistry) {
        typealias C = MyUpdatesAPIController
        api.on(.init(method: .GET, url: .myKeyResults, id: "listMyKeyResults",
                     summary: "Every key result you own, in the initiatives you are a member of and in your organization's own objectives, with its objective, when its period ends and whether it is stale by its initiative's window",
                     response: APISchemas.page(of: "MyKeyResult"), query: APISchemas.paging),
               registry: registry, use: C.keyResults)
        api.on(.init(method: .POST, url: .myCheckIns, id: "recordMyCheckIns",
                     summary: "Several check-ins at once, one per key result (1–200 rows, each key result once), recorded together or not at all: a refused row is named in the error's field (checkIns[2].narrative) and nothing is recorded. Each is a check-in of its own in the ledger; the narrative is required where the confidence changes",
                     request: MyCheckInsRequest.self, response: .ref("MyCheckIns"), status: 201, extraErrors: [.notFound]),
               registry: registry, use: C.checkIns)
    }
}
