import Foundation
import Testing
import Vapor

@testable import CoventureServer

/// Whether and how schemathesis runs. It needs the `st` command (`pip install schemathesis==4.32.5`, which
/// `.ci/install-deps` does); without it the test is skipped, unless `COVENTURE_REQUIRE_SCHEMATHESIS=1` (CI), which
/// makes a missing `st` a failure instead.
enum SchemathesisEnvironment {
    static let environment = ProcessInfo.processInfo.environment

    static var isRequired: Bool { environment["COVENTURE_REQUIRE_SCHEMATHESIS"] == "1" }
    static var isEnabled: Bool { executable != nil || isRequired }

    /// `st` on PATH.
    static let executable: String? = (environment["PATH"] ?? "").split(separator: ":").lazy
        .map { String($0) + "/st" }.first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Test cases per operation and phase: enough to find what a careless change breaks, few enough that both runs
    /// finish in a few minutes on two shared cores.
    static var maxExamples: Int { environment["COVENTURE_SCHEMATHESIS_EXAMPLES"].flatMap(Int.init) ?? 25 }
    /// Fixed, so that CI runs the same cases every time; set another to explore.
    static var seed: String { environment["COVENTURE_SCHEMATHESIS_SEED"] ?? "20261130" }
    /// A run that takes longer is stopped and fails.
    static let timeLimit: TimeInterval = 900
    static let checks = [
        "not_a_server_error", "status_code_conformance", "content_type_conformance", "response_schema_conformance",
        "response_headers_conformance",
    ]
}

/// A real OpenAPI client against the real server: schemathesis reads `GET /api/v1/openapi.json`, generates valid
/// and invalid requests for every operation, and checks every answer against the document. Any 500, any status the
/// operation does not document, any body or Content-Type that departs from it fails the test with schemathesis's
/// report (each failure with a curl command that reproduces it).
@Suite(
    "Schemathesis",
    .enabled(
        if: SchemathesisEnvironment.isEnabled,
        "needs schemathesis: pip install schemathesis==4.32.5 (COVENTURE_REQUIRE_SCHEMATHESIS=1 makes its absence a failure)"
    )
)
struct SchemathesisTests {
    @Test("schemathesis finds no server error and no answer that departs from the OpenAPI document")
    func conformance() async throws {
        guard let st = SchemathesisEnvironment.executable else {
            throw TestSetupError("COVENTURE_REQUIRE_SCHEMATHESIS=1 but schemathesis's `st` is not on PATH")
        }
        try await withTestApp(.sqlite) { t in
            let world = try await World.make(t)
            guard case .bearer(let token) = try await Factory.token(t, world.ownerAdmin) else { return }
            let directory = t.app.appConfig.dataDirectory + "/schemathesis"
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let config = directory + "/schemathesis.toml"
            try Self.configuration(world).write(toFile: config, atomically: true, encoding: .utf8)

            try await t.withLiveServer { base in
                // Changing or removing members and revoking tokens can take the caller's own rights away (the run
                // learns every id from the answers it gets), so they run second, once everything else has run.
                let selfLimiting = ["changeMemberRole", "removeMember", "revokeToken"]
                let first = try await Self.run(
                    st, config: config, base: base, token: token, directory: directory,
                    filter: selfLimiting.flatMap { ["--exclude-operation-id", $0] })
                #expect(
                    first.status == 0,
                    "schemathesis (every operation but \(selfLimiting.joined(separator: ", "))):\n\(first.output)")
                let second = try await Self.run(
                    st, config: config, base: base, token: token, directory: directory,
                    filter: selfLimiting.flatMap { ["--include-operation-id", $0] })
                #expect(second.status == 0, "schemathesis (\(selfLimiting.joined(separator: ", "))):\n\(second.output)")
            }
        }
    }

    /// The run's configuration: path parameters are drawn mostly from the ids of the seeded world, so that requests
    /// reach real objects instead of answering 404 (`probability`: the rest are generated).
    static func configuration(_ world: World) -> String {
        func ids(_ values: [UUID]) -> [String] { values.map { $0.uuidString.lowercased() } }
        let okrs = world.okrs
        let streams = world.streams
        let dictionaries: [(parameter: String, name: String, values: [String])] = [
            ("initiativeID", "initiatives", ids([world.initiative.id, world.otherInitiative.id])),
            (
                "objectiveID", "objectives",
                ids([okrs.objective.id, okrs.secondObjective.id, okrs.organizationObjective.id])
            ),
            (
                "keyResultID", "keyResults",
                ids([okrs.keyResult.id, streams.linkedKeyResultID, streams.unlinkedKeyResultID])
            ),
            ("alignmentID", "alignments", ids([okrs.alignmentID])),
            ("workstreamID", "workstreams", ids([streams.streamID])),
            ("assignmentID", "assignments", ids([streams.contributorAssignmentID, streams.partnerAssignmentID])),
            ("workItemID", "workItems", ids([streams.workItemID])),
            (
                "organizationID", "organizations",
                ids([world.ownerAdmin.organizationID, world.partnerAdmin.organizationID, world.outsider.organizationID])
            ),
            (
                "personID", "people",
                ids([world.ownerAdmin.id, world.contributor.id, world.observer.id, world.outsider.id])
            ),
            ("memberID", "members", ids([world.target.id])),
            (
                "invitationID", "invitations",
                ids([world.pendingInvitation.invitation.id, world.pendingPartnerInvitation.invitation.id])
            ),
            ("tokenID", "tokens", ids([world.spareToken.token.id])),
            ("notificationID", "notifications", ids([world.notification])),
            (
                "code", "codes",
                [Factory.code(of: world.pendingInvitation), Factory.code(of: world.pendingPartnerInvitation)]
            ),
        ]
        var lines: [String] = []
        for dictionary in dictionaries {
            let values = dictionary.values.map { "\"\($0)\"" }.joined(separator: ", ")
            lines += ["[dictionaries.\(dictionary.name)]", "values = [\(values)]", ""]
        }
        lines.append("[parameters]")
        for dictionary in dictionaries {
            lines.append(
                "\"path.\(dictionary.parameter)\" = { dictionary = \"\(dictionary.name)\", probability = 0.9 }")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    struct Outcome {
        var status: Int32
        var output: String
    }

    static func run(
        _ st: String, config: String, base: String, token: String, directory: String, filter: [String]
    ) async throws -> Outcome {
        let arguments =
            [
                "--config-file", config, "run", base + APIURL.openAPI.path,
                "--header", "Authorization: Bearer \(token)",
                "--checks", SchemathesisEnvironment.checks.joined(separator: ","),
                "--max-examples", String(SchemathesisEnvironment.maxExamples), "--seed", SchemathesisEnvironment.seed,
                "--workers", "1", "--request-timeout", "30", "--generation-database", "none", "--warnings", "off",
                "--no-color",
            ] + filter
        let log = directory + "/run-\(UUID().uuidString).log"
        FileManager.default.createFile(atPath: log, contents: nil)
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(
                    with: Result {
                        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
                        defer { try? output.close() }
                        let process = Process()
                        process.executableURL = URL(fileURLWithPath: st)
                        process.arguments = arguments
                        process.currentDirectoryURL = URL(fileURLWithPath: directory)
                        var environment = ProcessInfo.processInfo.environment
                        environment["NO_COLOR"] = "1"
                        environment["PYTHONUNBUFFERED"] = "1"
                        process.environment = environment
                        process.standardInput = FileHandle.nullDevice
                        process.standardOutput = output
                        process.standardError = output
                        let finished = DispatchSemaphore(value: 0)
                        process.terminationHandler = { _ in finished.signal() }
                        try process.run()
                        var timedOut = false
                        if finished.wait(timeout: .now() + SchemathesisEnvironment.timeLimit) == .timedOut {
                            timedOut = true
                            process.terminate()
                            finished.wait()
                        }
                        var text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
                        if timedOut { text += "\n(stopped after \(Int(SchemathesisEnvironment.timeLimit)) s)" }
                        return Outcome(status: timedOut ? -1 : process.terminationStatus, output: text)
                    })
            }
        }
    }
}
