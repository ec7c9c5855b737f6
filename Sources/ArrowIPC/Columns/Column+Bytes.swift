extension Column {
    /// Calls `body` with the bytes of slot `i` of a utf8, large_utf8, binary or
    /// large_binary column, in place (no copy, no allocation); nil for a null slot.
    @inline(__always)
    public func withBytes<R>(at i: Int, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R? {
        guard isValid(i) else { return nil }
        let range = dataRange(at: i)
        return try buffers[1].withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[range])) }
    }
}
