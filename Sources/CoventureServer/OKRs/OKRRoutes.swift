import Vapor

/// The OKRs feature's routes: the tree, objectives, key results, the line of sight and the CSV, pages and API.
extension Routes {
    static func registerOKRPages(_ signedIn: any RoutesBuilder) {
        typealias P = OKRPagesController
        signedIn.get(SiteURL.okrTree(.key).pathComponents, use: P.tree)
        signedIn.post(SiteURL.okrTree(.key).pathComponents, use: P.createObjective)
        signedIn.post(SiteURL.okrSettings(.key).pathComponents, use: P.saveSettings)
        signedIn.get(SiteURL.okrExport(.key).pathComponents, use: P.exportCSV)
        signedIn.get(SiteURL.okrImport(.key).pathComponents, use: P.importForm)
        signedIn.on(.POST, SiteURL.okrImport(.key).pathComponents, body: .collect(maxSize: "20mb"), use: P.importCSV)
            .collectingBody(upTo: "20mb")
        signedIn.get(SiteURL.lineOfSight(.key).pathComponents, use: P.lineOfSight)
        signedIn.get(SiteURL.objective(.key).pathComponents, use: P.objective)
        signedIn.post(SiteURL.objectiveKeyResults(.key).pathComponents, use: P.createKeyResult)
        signedIn.post(SiteURL.objectiveAlignments(.key).pathComponents, use: P.align)
        signedIn.post(SiteURL.objectiveAlignmentRemove(.key, alignment: .key).pathComponents, use: P.unalign)
        signedIn.get(SiteURL.keyResult(.key).pathComponents, use: P.keyResult)
        signedIn.post(SiteURL.keyResultCheckIns(.key).pathComponents, use: P.checkIn)
        signedIn.get(SiteURL.organizationOKRs(.key).pathComponents, use: P.organizationOKRs)
        signedIn.post(SiteURL.organizationOKRs(.key).pathComponents, use: P.createOrganizationObjective)
    }

    static func registerOKRAPI(_ api: any RoutesBuilder, registry: OpenAPIRegistry) {
        typealias O = OKRsAPIController
        let page = APISchemas.page(of:)
        let paging = APISchemas.paging
        api.on(.init(method: .GET, url: .initiativeOKRs(.key), id: "getOKRTree",
                     summary: "Every objective of the initiative with its key results, alignments and rolled-up progress, roots first",
                     response: .ref("OKRTree")), registry: registry, use: O.tree)
        api.on(.init(method: .GET, url: .initiativeObjectives(.key), id: "listObjectives", summary: "The initiative's objectives",
                     response: page("Objective"), query: paging), registry: registry, use: O.listObjectives)
        api.on(.init(method: .POST, url: .initiativeObjectives(.key), id: "createObjective",
                     summary: "Create an objective of the initiative (contributors); `parentId` makes it a contributing child",
                     request: CreateObjectiveRequest.self, response: .ref("Objective"), status: 201),
               registry: registry, use: O.createObjective)
        api.on(.init(method: .GET, url: .objective(.key), id: "getObjective",
                     summary: "An objective with its key results, alignments and `rolledUpProgress` (null when nothing counts yet)",
                     response: .ref("Objective"), version: .objective), registry: registry, use: O.objective)
        api.on(.init(method: .PATCH, url: .objective(.key), id: "updateObjective", summary: "Change an objective's title, description, weight or owner",
                     request: UpdateObjectiveRequest.self, response: .ref("Objective"), version: .objective),
               registry: registry, use: O.updateObjective)
        api.on(.init(method: .POST, url: .objectiveKeyResults(.key), id: "createKeyResult",
                     summary: "Add a key result. increase/decrease need a baseline and a target on the right side of it; stayAbove/stayBelow a target (the threshold); milestone its steps",
                     request: CreateKeyResultRequest.self, response: .ref("KeyResult"), status: 201),
               registry: registry, use: O.createKeyResult)
        api.on(.init(method: .POST, url: .objectiveAlignments(.key), id: "alignObjective",
                     summary: "Align the objective to a party's organization objective (or a parent in the initiative); cycles are refused",
                     request: AlignmentRequest.self, response: .ref("Objective"), status: 201,
                     extraErrors: [.conflict]),
               registry: registry, use: O.align)
        api.on(.init(method: .DELETE, url: .objectiveAlignment(.key, alignment: .key), id: "removeAlignment",
                     summary: "Remove an alignment link", response: nil, status: 204), registry: registry, use: O.unalign)
        api.on(.init(method: .GET, url: .keyResult(.key), id: "getKeyResult",
                     summary: "A key result with `progress` (1.0 = 100 %, unclamped) and its check-in history, newest first",
                     response: .ref("KeyResult"), version: .keyResult), registry: registry, use: O.keyResult)
        api.on(.init(method: .PATCH, url: .keyResult(.key), id: "updateKeyResult", summary: "Change a key result's title, weight or owner",
                     request: UpdateKeyResultRequest.self, response: .ref("KeyResult"), version: .keyResult),
               registry: registry, use: O.updateKeyResult)
        api.on(.init(method: .GET, url: .keyResultCheckIns(.key), id: "listCheckIns", summary: "A key result's check-ins, newest first",
                     response: page("CheckIn"), query: paging), registry: registry, use: O.checkIns)
        api.on(.init(method: .POST, url: .keyResultCheckIns(.key), id: "checkIn",
                     summary: "Check in (the key result's owner, leaders of streams contributing to it, admins of its owning party; someone other than the owner checks in on the owner's behalf): a value (steps reached for a milestone, 0 or 1 for binary), a confidence, and a narrative — required when the confidence changes; `correctsId` marks a correction",
                     request: CheckInRequest.self, response: .ref("CheckIn"), status: 201),
               registry: registry, use: O.checkIn)
        api.on(.init(method: .GET, url: .lineOfSight(.key), id: "getLineOfSight",
                     summary: "A member's line of sight: their work → key results → objectives → each party's own objectives (default: the caller)",
                     response: .ref("LineOfSight"), query: [("personId", .uuid, "Another member of the initiative.")]),
               registry: registry, use: O.lineOfSight)
        api.on(.init(method: .GET, url: .alignmentReport(.key), id: "getAlignmentReport",
                     summary: "Objectives aligned to no party objective or without key results; key results without an owner or without a recent check-in",
                     response: .ref("AlignmentReport")), registry: registry, use: O.alignmentReport)
        api.on(.init(method: .PUT, url: .initiativeOKRSettings(.key), id: "setOKRSettings",
                     summary: "Days without a check-in after which a key result is reported stale (1–365; the owner's admins)",
                     request: OKRSettingsRequest.self, response: .ref("OKRSettings")),
               registry: registry, use: O.settings)
        api.on(.init(method: .GET, url: .initiativeOKRsCSV(.key), id: "exportOKRs",
                     summary: "The initiative's OKRs as CSV (see the README for the columns)", response: .string(), contentType: "text/csv"),
               registry: registry, use: O.exportCSV)
        api.on(.init(method: .POST, url: .initiativeOKRsCSV(.key), id: "importOKRs",
                     summary: "Import OKRs from a CSV body: all rows or nothing; a bad file gets 400 with `problems` (line, column, reason) for every bad row",
                     request: OKRCSVFile.self, response: .ref("ImportResult"), status: 201, maxBodySize: "20mb",
                     errorBodies: [.invalid: .ref("ImportProblems")]),
               registry: registry, use: O.importCSV)
        api.on(.init(method: .GET, url: .organizationObjectives(.key), id: "listOrganizationObjectives",
                     summary: "An organization's own objectives: all of them for its people; for others, those their initiatives align to",
                     response: page("Objective"), query: paging), registry: registry, use: O.organizationObjectives)
        api.on(.init(method: .POST, url: .organizationObjectives(.key), id: "createOrganizationObjective",
                     summary: "Create an objective of your organization's own (organization admins)",
                     request: CreateObjectiveRequest.self, response: .ref("Objective"), status: 201), registry: registry,
               use: O.createOrganizationObjective)
    }
}

extension VersionedResource {
    static let objective = VersionedResource(table: "objectives", parameter: "objectiveID") { req, db in
        try await OKRReader(db: db).objective(try req.uuid("objectiveID"))
    }
    static let keyResult = VersionedResource(table: "key_results", parameter: "keyResultID") { req, db in
        try await OKRReader(db: db).keyResult(try req.uuid("keyResultID"))
    }
}
