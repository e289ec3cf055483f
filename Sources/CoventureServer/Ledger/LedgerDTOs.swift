import Foundation
import Vapor

struct LedgerEntryDTO: Content, Equatable {
    var index: UInt64
    /// Base64 of the exact leaf bytes (the event's canonical JSON).
    var leaf: String
}

struct ProofDTO: Content, Equatable {
    /// Base64 hashes, in RFC 9162 order.
    var hashes: [String]
}

struct CosignerKeyRequest: Content, APIRequestBody {
    /// `<name>+<8 hex key id>+<base64(0x04 || 32-byte Ed25519 public key)>`.
    var verifierKey: String

    static let schema: Schema = .object(["verifierKey" <- .string()])
}

struct CosignerKeyDTO: Content, Equatable {
    var organizationId: UUID
    var verifierKey: String
    var createdAt: Date
}

struct CosignatureRequest: Content, APIRequestBody {
    /// The size of the checkpoint cosigned.
    var size: UInt64
    /// The signature line `— <name> <base64(key id || timestamp || signature)>`.
    var signature: String

    static let schema: Schema = .object(["size" <- .integer, "signature" <- .string()])
}

struct CosignatureDTO: Content, Equatable {
    var organizationId: UUID
    var size: UInt64
    var cosignedAt: Date
}
