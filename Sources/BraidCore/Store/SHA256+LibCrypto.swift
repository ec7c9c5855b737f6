import Glibc

/// SHA-256 through the system's OpenSSL `libcrypto` when it is there.
///
/// libcrypto uses the CPU's SHA extensions (SHA-NI, ARMv8 SHA2), several
/// times faster than portable code, and every artifact is hashed before the
/// next step can read it. It is loaded with `dlopen` rather than linked, so
/// the engine builds and runs without it, hashing with ``SHA256`` instead.
enum SystemSHA256 {
    private typealias OneShot = @convention(c) (UnsafeRawPointer?, Int, UnsafeMutablePointer<UInt8>?) -> UnsafeMutablePointer<UInt8>?

    nonisolated(unsafe) private static let oneShot: OneShot? = {
        for name in ["libcrypto.so.3", "libcrypto.so"] {
            guard let handle = dlopen(name, RTLD_NOW | RTLD_LOCAL), let symbol = dlsym(handle, "SHA256") else { continue }
            return unsafeBitCast(symbol, to: OneShot.self)
        }
        return nil
    }()

    /// Whether libcrypto was found.
    static var isAvailable: Bool { oneShot != nil }

    /// The digest of `bytes`, or nil without libcrypto.
    static func hash(_ bytes: UnsafeRawBufferPointer) -> SHA256.Digest? {
        guard let oneShot else { return nil }
        var digest = [UInt8](repeating: 0, count: 32)
        digest.withUnsafeMutableBufferPointer { out in _ = oneShot(bytes.baseAddress, bytes.count, out.baseAddress) }
        return SHA256.Digest(bytes: digest)
    }
}
