import CoventureCore

/// The fields an update really changes: each given value that differs from the stored one is set on the model and
/// named in the event's change, so an update that changes nothing records nothing, and every event says exactly what
/// moved.
struct FieldChanges {
    private(set) var change: [String: JSONValue] = [:]
    var isEmpty: Bool { change.isEmpty }

    /// Sets `current` to `new` when a new value is given and differs, noting it under `key`.
    mutating func update<Value: Equatable>(_ key: String, _ current: inout Value, to new: Value?, as json: (Value) -> JSONValue) {
        guard let new, new != current else { return }
        current = new
        change[key] = json(new)
    }
}
