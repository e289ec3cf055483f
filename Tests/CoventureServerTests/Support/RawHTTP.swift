import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A bare HTTP/1.1 client over a socket, for what no ordinary client lets a test control: a body sent in separate
/// chunks with pauses between them, as a browser sends a long form over a slow link.
enum RawHTTP {
    struct Reply {
        var statusLine: String
        var head: String
        var body: String
        var status: Int { Int(statusLine.split(separator: " ").dropFirst().first ?? "") ?? 0 }
        func header(_ name: String) -> String? {
            head.split(separator: "\r\n").first { $0.lowercased().hasPrefix(name.lowercased() + ":") }
                .map { String($0.dropFirst(name.count + 1)).trimmingCharacters(in: .whitespaces) }
        }
    }

    /// Sends `head` (request line and headers, without `Transfer-Encoding`), then each chunk with chunked transfer
    /// encoding and `pause` between chunks, and reads the whole reply (the request says `Connection: close`).
    ///
    /// The socket calls block, so they run on a thread of their own: blocking one of Swift Concurrency's threads (two on
    /// this machine) while the server under test needs them to answer once hung the whole suite.
    static func sendChunked(port: Int, head: String, chunks: [String], pause: Duration = .milliseconds(150)) async throws -> Reply {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try exchange(port: port, head: head, chunks: chunks, pause: pause) }) }.start()
        }
    }

    private static func exchange(port: Int, head: String, chunks: [String], pause: Duration) throws -> Reply {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw RawHTTPError("socket() failed") }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port)).bigEndian
        inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw RawHTTPError("connect() failed") }

        func write(_ text: String) throws {
            var bytes = Array(text.utf8)
            while !bytes.isEmpty {
                let written = Glibc.write(socket, bytes, bytes.count)
                guard written > 0 else { throw RawHTTPError("write() failed") }
                bytes.removeFirst(written)
            }
        }
        try write(head + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
        for (index, chunk) in chunks.enumerated() {
            if index > 0 {
                let (seconds, attoseconds) = pause.components
                Thread.sleep(forTimeInterval: Double(seconds) + Double(attoseconds) / 1e18)
            }
            try write(String(Array(chunk.utf8).count, radix: 16) + "\r\n" + chunk + "\r\n")
        }
        try write("0\r\n\r\n")

        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = read(socket, &buffer, buffer.count)
            if count <= 0 { break }
            received += buffer[0..<count]
        }
        let text = String(decoding: received, as: UTF8.self)
        let parts = text.components(separatedBy: "\r\n\r\n")
        let head = parts.first ?? ""
        return Reply(
            statusLine: head.components(separatedBy: "\r\n").first ?? "", head: head,
            body: parts.dropFirst().joined(separator: "\r\n\r\n"))
    }
}

struct RawHTTPError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
