// TEMPORARY: the interface of the notifications feature (branch `notifications`), so decisions build before it merges.
// Replaced by Sources/CoventureServer/Notifications when that branch lands; never submitted.
import CoventureCore
import Fluent
import Foundation
enum NotificationKind: String { case decisionOpened, decisionChanged, decisionClosingSoon, decisionSealed }
struct NotificationDraft: Sendable {
    var personID: UUID; var initiativeID: UUID?; var kind: NotificationKind; var subjectID: UUID?; var message: String; var link: String; var dedupeKey: String?
    init(personID: UUID, initiativeID: UUID?, kind: NotificationKind, subjectID: UUID?, message: String, link: String, dedupeKey: String? = nil) {
        self.personID = personID; self.initiativeID = initiativeID; self.kind = kind; self.subjectID = subjectID; self.message = message; self.link = link; self.dedupeKey = dedupeKey
    }
}
enum Notifications {
    static func send(_ drafts: [NotificationDraft], on tx: any Database, at: Date) async throws {}
    static func markRead(subject: UUID, person: UUID, on db: any Database) async throws {}
}
