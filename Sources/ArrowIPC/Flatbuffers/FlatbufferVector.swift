/// A bounds-checked view of one flatbuffer vector: a u32 element count, then
/// the elements (notes §3.1). `FlatbufferTable.vector` has checked that all
/// `count` elements lie inside the flatbuffer, so element reads here cannot
/// fail on bounds; following an element's uoffset still can.
struct FlatbufferVector {
    /// The table holding the vector (for depth and context).
    let owner: FlatbufferTable
    /// "Type.field", for errors.
    let what: String
    /// The first element's position in the flatbuffer.
    let start: Int
    let count: Int
    let elementSize: Int

    /// Table `i` of a vector of tables.
    func table(at i: Int, type childType: String) throws(ArrowIPCError) -> FlatbufferTable {
        try owner.table(atUOffset: start + 4 * i, what: "\(what)[\(i)]", type: childType)
    }

    /// String `i` of a vector of strings.
    func string(at i: Int) throws(ArrowIPCError) -> String {
        try owner.string(atUOffset: start + 4 * i, what: "\(what)[\(i)]")
    }

    /// A scalar at `offset` bytes into element `i` of a vector of structs or
    /// scalars. `offset + size` lies within the element by construction of the callers.
    func scalar<T: FixedWidthInteger>(at i: Int, offset: Int = 0, as _: T.Type = T.self) -> T {
        owner.context.bytes.loadUnchecked(T.self, at: start + i * elementSize + offset)
    }

    /// Where element `i` starts in the flatbuffer (for tools that patch bytes).
    func elementPosition(_ i: Int) -> Int { start + i * elementSize }

    /// Every element, mapped with `transform`.
    func map<R, E: Error>(_ transform: (Int) throws(E) -> R) throws(E) -> [R] {
        var result: [R] = []
        result.reserveCapacity(count)
        for i in 0..<count { result.append(try transform(i)) }
        return result
    }
}
