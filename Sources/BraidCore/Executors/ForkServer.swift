import Foundation
import Glibc

/// A language's fork server: one long-lived process that has already paid the
/// interpreter's start and the imports, and forks a fresh worker per task
/// (`bindings/python/src/braid/_forkserver.py` and `bindings/r/R/forkserver.R`
/// document their sides).
///
/// Each worker is a separate process with its own copy of everything, so
/// tasks stay isolated, but it starts in a millisecond or two instead of tens
/// or hundreds. The engine becomes a child subreaper and the server forks
/// twice, so the worker ends up the engine's own child: waiting for it,
/// signalling its process group and its pidfd work as for a spawned worker.
///
/// Requests and answers are datagrams on a Unix `SOCK_SEQPACKET` socket (the
/// server's fd 3): `{"env": {...}}` with the worker's four pipe ends attached
/// as `SCM_RIGHTS`, answered by `{"pid": N}` or `{"error": "..."}`.
final class ForkServer {
    let pid: pid_t
    private var socket: Int32
    private var exited = false
    /// How the server ended, once it was reaped.
    private(set) var ending: ExitStatus?

    /// How long the engine waits for an answer before it gives up on the server.
    static let answerTimeout: Int = 10

    private init(pid: pid_t, socket: Int32) {
        self.pid = pid
        self.socket = socket
    }

    deinit { shutdown() }

    /// Starts a server.
    /// - Parameters:
    ///   - command: the server's command (the interpreter and its module).
    ///   - environment: its environment (each worker's is sent with its request).
    /// - Throws: ``SystemError`` when the socket or the process cannot be made.
    static func start(_ command: WorkerCommand, environment: [String: String]) throws -> ForkServer {
        guard SystemCalls.becomeChildSubreaper() else { throw SystemError("prctl PR_SET_CHILD_SUBREAPER", errno) }
        var ends: [Int32] = [-1, -1]
        let type = Int32(SOCK_SEQPACKET.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        guard socketpair(AF_UNIX, type, 0, &ends) == 0 else { throw SystemError("socketpair", errno) }
        var childFDs: [Int32] = []
        defer {
            _ = close(ends[1])
            for fd in childFDs { _ = close(fd) }
        }
        // The server's fds 1 and 2 are the engine's stderr (what the flow file prints while it is
        // preloaded, and the server's own complaints); fd 3 is its end of the socket.
        for fd in [STDERR_FILENO, STDERR_FILENO, ends[1]] {
            let high = fcntl(fd, F_DUPFD_CLOEXEC, 5)
            guard high >= 0 else {
                _ = close(ends[0])
                throw SystemError("fcntl F_DUPFD_CLOEXEC", errno)
            }
            childFDs.append(high)
        }
        do {
            let pid = try WorkerProcess.launch(command, environment: environment, childFDs: childFDs)
            var timeout = timeval(tv_sec: answerTimeout, tv_usec: 0)
            _ = setsockopt(ends[0], SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            return ForkServer(pid: pid, socket: ends[0])
        } catch {
            _ = close(ends[0])
            throw error
        }
    }

    /// Forks a worker with this environment.
    /// - Throws: ``ForkServerError`` when the server cannot (it is then unusable: ask ``isUsable``).
    func fork(environment: [String: String]) throws -> WorkerProcess {
        guard socket >= 0 else { throw ForkServerError("the fork server has stopped") }
        let pipes = try WorkerPipes()
        let request = try JSONSerialization.data(withJSONObject: ["env": environment])
        do {
            try send(request, descriptors: pipes.childEnds)
            let answer = try receive()
            if let pid = answer["pid"] as? Int, pid > 0 { return pipes.adopt(pid: pid_t(pid)) }
            throw ForkServerError((answer["error"] as? String) ?? "an answer without a pid")
        } catch let error as ForkServerError {
            throw error
        } catch {
            shutdown()
            // "Broken pipe" alone would not say that the server died, nor how.
            throw ForkServerError("\(error)" + (ending.map { "; the server (pid \(pid)) \($0)" } ?? ""))
        }
    }

    /// Whether the server still takes requests.
    var isUsable: Bool { socket >= 0 }

    /// Closes the socket (the server exits at end of file) and reaps the server.
    func shutdown() {
        if socket >= 0 {
            _ = close(socket)
            socket = -1
        }
        guard !exited else { return }
        exited = true
        var status: Int32 = 0
        // It exits as soon as it reads end of file; a wedged one is killed after a moment.
        for _ in 0..<100 {
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid { ending = ExitStatus(waitStatus: status) }
            if reaped != 0 { return }
            usleep(10_000)
        }
        _ = kill(pid, SIGKILL)
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    }

    // MARK: - Datagrams

    private func send(_ data: Data, descriptors: [Int32]) throws {
        // One control message carrying the descriptors: cmsghdr (16 bytes on 64-bit Linux) then the ints.
        let headerSize = MemoryLayout<cmsghdr>.size
        let payload = descriptors.count * MemoryLayout<Int32>.size
        let space = headerSize + (payload + 7) & ~7
        var control = [UInt8](repeating: 0, count: space)
        control.withUnsafeMutableBytes { raw in
            let header = raw.baseAddress!.assumingMemoryBound(to: cmsghdr.self)
            header.pointee.cmsg_len = headerSize + payload
            header.pointee.cmsg_level = SOL_SOCKET
            header.pointee.cmsg_type = Int32(SCM_RIGHTS)
            for (i, fd) in descriptors.enumerated() {
                raw.storeBytes(of: fd, toByteOffset: headerSize + i * MemoryLayout<Int32>.size, as: Int32.self)
            }
        }
        var bytes = [UInt8](data)
        let sent = bytes.withUnsafeMutableBytes { body in
            control.withUnsafeMutableBytes { controlBytes in
                var vector = iovec(iov_base: body.baseAddress, iov_len: body.count)
                return withUnsafeMutablePointer(to: &vector) { vectorPointer in
                    var message = msghdr()
                    message.msg_iov = vectorPointer
                    message.msg_iovlen = 1
                    message.msg_control = controlBytes.baseAddress
                    message.msg_controllen = controlBytes.count
                    var result: Int
                    repeat { result = sendmsg(socket, &message, Int32(MSG_NOSIGNAL)) } while result < 0 && errno == EINTR
                    return result
                }
            }
        }
        guard sent == bytes.count else { throw SystemError("sendmsg to the fork server", sent < 0 ? errno : EMSGSIZE) }
    }

    private func receive() throws -> [String: Any] {
        var buffer = [UInt8](repeating: 0, count: 4096)
        var count: Int
        repeat { count = recv(socket, &buffer, buffer.count, 0) } while count < 0 && errno == EINTR
        guard count > 0 else {
            throw SystemError("recv from the fork server", count == 0 ? EPIPE : errno)
        }
        guard let object = try? JSONSerialization.jsonObject(with: Data(buffer[..<count])) as? [String: Any] else {
            throw SystemError("the fork server's answer is not a JSON object", EPROTO)
        }
        return object
    }
}

/// The fork server could not fork a worker; the engine then spawns one itself.
struct ForkServerError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
