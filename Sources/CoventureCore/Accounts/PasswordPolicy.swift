/// Passwords are hashed with bcrypt, which only reads the first 72 bytes. Rather than silently
/// truncating (two passwords sharing a 72-byte prefix would then be equal), longer ones are refused.
public enum PasswordPolicy {
    public static let minimumBytes = 12
    public static let maximumBytes = 72
    /// bcrypt work factor; 12 is the floor the foundation issue sets.
    public static let bcryptCost = 12

    public static func validate(_ password: String, field: String = "password") throws {
        let bytes = password.utf8.count
        if bytes < minimumBytes {
            throw ValidationError(field: field, "must be at least \(minimumBytes) bytes long")
        }
        if bytes > maximumBytes {
            throw ValidationError(
                field: field,
                "must be at most \(maximumBytes) bytes long (it is \(bytes)); longer passwords are refused, never truncated"
            )
        }
    }
}
