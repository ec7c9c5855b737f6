/// A minimal flatbuffer reader for the writer's tests: follows uoffsets and
/// vtables to check what `FlatbufferBuilder` and the encoders produced,
/// independently of the library's reader.
struct FlatbufferProbe {
    let bytes: [UInt8]

    /// The root table's position.
    var root: Table { Table(probe: self, position: Int(u32(at: 0))) }

    func u16(at p: Int) -> UInt16 { UInt16(bytes[p]) | UInt16(bytes[p + 1]) << 8 }
    func u32(at p: Int) -> UInt32 { (0..<4).reduce(0) { $0 | UInt32(bytes[p + $1]) << (8 * $1) } }
    func i64(at p: Int) -> Int64 { Int64(bitPattern: (0..<8).reduce(0) { $0 | UInt64(bytes[p + $1]) << (8 * UInt64($1)) }) }

    struct Table {
        let probe: FlatbufferProbe
        let position: Int

        var vtable: Int { position - Int(Int32(bitPattern: probe.u32(at: position))) }
        var vtableSize: Int { Int(probe.u16(at: vtable)) }
        var slotCount: Int { (vtableSize - 4) / 2 }

        /// The absolute position of slot `slot`'s field, nil when absent.
        func field(_ slot: Int) -> Int? {
            guard slot < slotCount else { return nil }
            let offset = Int(probe.u16(at: vtable + 4 + 2 * slot))
            return offset == 0 ? nil : position + offset
        }

        func u8(_ slot: Int) -> UInt8? { field(slot).map { probe.bytes[$0] } }
        func i16(_ slot: Int) -> Int16? { field(slot).map { Int16(bitPattern: probe.u16(at: $0)) } }
        func i32(_ slot: Int) -> Int32? { field(slot).map { Int32(bitPattern: probe.u32(at: $0)) } }
        func i64(_ slot: Int) -> Int64? { field(slot).map { probe.i64(at: $0) } }

        /// Where the uoffset in `slot` points.
        func target(_ slot: Int) -> Int? { field(slot).map { $0 + Int(probe.u32(at: $0)) } }
        func table(_ slot: Int) -> Table? { target(slot).map { Table(probe: probe, position: $0) } }

        func string(_ slot: Int) -> String? {
            target(slot).map { p in
                let n = Int(probe.u32(at: p))
                return String(decoding: probe.bytes[(p + 4)..<(p + 4 + n)], as: UTF8.self)
            }
        }

        /// The tables of a vector of uoffsets.
        func tables(_ slot: Int) -> [Table]? {
            target(slot).map { p in
                (0..<Int(probe.u32(at: p))).map { i in
                    let at = p + 4 + 4 * i
                    return Table(probe: probe, position: at + Int(probe.u32(at: at)))
                }
            }
        }

        /// The position of the first element and the count of a vector.
        func vector(_ slot: Int) -> (start: Int, count: Int)? {
            target(slot).map { ($0 + 4, Int(probe.u32(at: $0))) }
        }
    }
}
