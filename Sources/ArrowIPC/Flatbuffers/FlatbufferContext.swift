/// The bytes of one flatbuffer and the limits shared by every view into it.
///
/// A flatbuffer is a graph, not a tree: any number of offsets may point at the
/// same table, string or vector, so a hostile buffer of a few kilobytes can
/// describe a schema with 2^64 fields by sharing one child vector at every
/// level. Two limits keep decoding proportional to the buffer's size:
///
/// - a **nesting depth** of `maxDepth` tables (pyarrow's verifier allows 128;
///   Arrow metadata needs about four plus one per level of type nesting), and
/// - a **work budget** of `8 × count + 1024` units, where visiting a table costs
///   1, a string 1 + its length and a vector 1 + its element count (pyarrow's
///   verifier similarly allows 8 tables per byte). Reading a legitimate
///   flatbuffer visits each part about once, so it spends about `count`.
///
/// A class so that every `FlatbufferTable` and `FlatbufferVector` cut from one
/// root draws on the same budget.
final class FlatbufferContext {
    /// The flatbuffer; every offset is relative to its first byte (notes §3.1).
    let bytes: ByteBuffer
    /// What is read, for messages: "Message" or "Footer".
    let name: String
    private var budget: Int

    /// The deepest table nesting accepted.
    static let maxDepth = 64

    init(bytes: ByteBuffer, name: String) {
        self.bytes = bytes
        self.name = name
        budget = 8 * bytes.count + 1024
    }

    /// Charges `units` of work, throwing once the budget is spent.
    func spend(_ units: Int) throws(ArrowIPCError) {
        budget -= units
        guard budget >= 0 else {
            throw .invalid("the \(name) flatbuffer refers to more tables, strings and vector elements than its \(bytes.count) bytes can hold")
        }
    }

    /// The position a uoffset stored at `position` points to (notes §3.1: the
    /// target is the uoffset's own address plus its value, which is non-zero
    /// and below 2^31), checked to leave at least `minimumSize` bytes.
    func followUOffset(at position: Int, minimumSize: Int, what: @autoclosure () -> String) throws(ArrowIPCError) -> Int {
        guard let value = bytes.load(UInt32.self, at: position) else {
            throw outOfBounds(what(), position, 4)
        }
        guard value != 0, value < 0x8000_0000 else {
            throw .invalid("\(what()): offset \(value) at \(position) is not a valid forward offset")
        }
        let target = position + Int(value)
        guard bytes.contains(offset: target, length: minimumSize) else {
            throw outOfBounds(what(), target, minimumSize)
        }
        return target
    }

    /// The error for `length` bytes at `position` that do not fit in the flatbuffer.
    func outOfBounds(_ what: String, _ position: Int, _ length: Int) -> ArrowIPCError {
        .invalid("\(what): \(length) bytes at offset \(position) lie outside the \(bytes.count)-byte \(name) flatbuffer")
    }
}
