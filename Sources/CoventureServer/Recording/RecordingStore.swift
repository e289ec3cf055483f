import Fluent
import Vapor

/// A feature's store: reads with `db`, changes through `recorder`. The two conveniences build one for a request
/// or for the application (CLI, demo loader, tests).
package protocol RecordingStore {
    init(db: any Database, recorder: Recorder)
}

extension RecordingStore {
    package init(request: Request) { self.init(db: request.db, recorder: request.recorder) }
    package init(application: Application) { self.init(db: application.db, recorder: application.recorder) }
}
