import CoventureCore
import Vapor

extension Routes {
    /// The practice pages, behind sign-in; access is checked in the handlers through `Policy`.
    static func registerPracticePages(_ signedIn: any RoutesBuilder) {
        typealias P = PracticePagesController
        signedIn.get(SiteURL.practices(.key).pathComponents, use: P.mesh)
        signedIn.post(SiteURL.practices(.key).pathComponents, use: P.contribute)
        signedIn.get(SiteURL.newPractice(.key).pathComponents, use: P.new)
        signedIn.get(SiteURL.practice(.key, practice: .key).pathComponents, use: P.show)
        signedIn.post(SiteURL.practice(.key, practice: .key).pathComponents, use: P.revise)
        signedIn.get(SiteURL.practiceEdit(.key, practice: .key).pathComponents, use: P.edit)
        signedIn.post(SiteURL.practiceReviews(.key, practice: .key).pathComponents, use: P.review)
        signedIn.post(SiteURL.workstreamAdoptions(.key, stream: .key).pathComponents, use: P.adopt)
        signedIn.post(SiteURL.adoption(.key, stream: .key, adoption: .key).pathComponents, use: P.changeAdoption)
        signedIn.get(SiteURL.workstreamRetrospectives(.key, stream: .key).pathComponents, use: P.retrospectives)
        signedIn.post(SiteURL.workstreamRetrospectives(.key, stream: .key).pathComponents, use: P.recordRetrospective)
    }

    static func registerPracticeAPI(_ api: any RoutesBuilder, registry: OpenAPIRegistry) {
        typealias C = PracticesAPIController
        let page = APISchemas.page(of:)
        let paging = APISchemas.paging
        let conflicts: Set<APIErrorCode> = [.conflict]

        api.on(.init(method: .GET, url: .catalogue, id: "listCatalogue",
                     summary: "The shared practice catalogue (anyone signed in), by name: `framework` (exact), `area` and `q` (words in the name, summary or framework) filter it",
                     response: page("Practice"),
                     query: [("framework", .string(), "Only practices of this framework (any case)."),
                             ("area", .enumeration(PracticeArea.allCases.map(\.rawValue)), "Only practices of this area."),
                             ("q", .string(), "Words that must all appear in the name, summary or framework.")] + paging),
               registry: registry, use: C.catalogue)
        api.on(.init(method: .GET, url: .initiativePractices(.key), id: "listInitiativePractices",
                     summary: "The initiative's own library: contributed practices (with their review status) and its copies of catalogue practices, each with how many streams use it",
                     response: page("Practice"), query: paging),
               registry: registry, use: C.library)
        api.on(.init(method: .POST, url: .initiativePractices(.key), id: "contributePractice",
                     summary: "Contribute a party's own practice (any member but observers): it is `inReview` until an admin or leader of another party accepts it, and cannot be adopted before",
                     request: PracticeRequest.self, response: .ref("Practice"), status: 201),
               registry: registry, use: C.contribute)
        api.on(.init(method: .GET, url: .practice(.key), id: "getPractice",
                     summary: "A practice: the catalogue's (anyone signed in) or an initiative's (its members), with its provenance and the version in review",
                     response: .ref("Practice"), version: .practice),
               registry: registry, use: C.show)
        api.on(.init(method: .PATCH, url: .practice(.key), id: "revisePractice",
                     summary: "Revise the version in review (its proposing party; only what is sent changes): it is in review again",
                     request: PracticeRequest.self, response: .ref("Practice"), extraErrors: conflicts, version: .practice),
               registry: registry, use: C.revise)
        api.on(.init(method: .GET, url: .practiceVersions(.key), id: "listPracticeVersions",
                     summary: "Every version of a practice, oldest first, each with its reviews and what changed from the version before (fields and the how-to line by line)",
                     response: page("PracticeVersion"), query: paging),
               registry: registry, use: C.versions)
        api.on(.init(method: .POST, url: .practiceReviews(.key), id: "reviewPractice",
                     summary: "Accept the version in review or ask for changes (a comment is required): an admin or leader of a party other than the proposer's. An accepted version is the one in force",
                     request: PracticeReviewRequest.self, response: .ref("Practice"), status: 201, extraErrors: conflicts),
               registry: registry, use: C.review)
        api.on(.init(method: .GET, url: .adoptions(.key), id: "listAdoptions",
                     summary: "The practices a stream uses and used, each with its version, the version now in force, its tailoring and review date",
                     response: page("Adoption"), query: paging),
               registry: registry, use: C.adoptions)
        api.on(.init(method: .POST, url: .adoptions(.key), id: "adoptPractice",
                     summary: "Adopt an accepted practice (409 before) in a stream, with its tailoring and a review date: the initiative's admins and the stream's leader. A catalogue practice is first copied into the initiative's library",
                     request: AdoptionRequest.self, response: .ref("Adoption"), status: 201, extraErrors: conflicts),
               registry: registry, use: C.adopt)
        api.on(.init(method: .GET, url: .adoption(.key), id: "getAdoption", summary: "One adoption", response: .ref("Adoption"), version: .adoption),
               registry: registry, use: C.showAdoption)
        api.on(.init(method: .PATCH, url: .adoption(.key), id: "changeAdoption",
                     summary: "Move an adoption to another accepted version, or change its tailoring or review date (only what is sent changes)",
                     request: AdoptionChangeRequest.self, response: .ref("Adoption"), extraErrors: conflicts, version: .adoption),
               registry: registry, use: C.changeAdoption)
        api.on(.init(method: .GET, url: .retrospectives(.key), id: "listRetrospectives",
                     summary: "A stream's retrospectives, latest first", response: page("Retrospective"), query: paging),
               registry: registry, use: C.retrospectives)
        api.on(.init(method: .POST, url: .retrospectives(.key), id: "recordRetrospective",
                     summary: "Record a retrospective (the people in the stream): keep, adapt or drop per practice in use (drop ends the adoption), and optionally `proposal`, a change to one of those practices, reviewed by another party like a contribution",
                     request: RetrospectiveRequest.self, response: .ref("Retrospective"), status: 201, extraErrors: conflicts),
               registry: registry, use: C.recordRetrospective)
    }
}

extension VersionedResource {
    static let practice = VersionedResource(table: "practices", parameter: "practiceID") { req, db in
        try await PracticeStore(db: db, recorder: req.recorder).detail(try req.uuid("practiceID"))
    }
    static let adoption = VersionedResource(table: "practice_adoptions", parameter: "adoptionID") { req, db in
        let store = AdoptionStore(db: db, recorder: req.recorder)
        return try await store.dtos([try await store.reader.adoption(try req.uuid("adoptionID"))])[0]
    }
}
