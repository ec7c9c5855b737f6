@testable import ArrowIPC

/// The byte positions in an IPC file or stream where a mutation is most
/// likely to reach a rare code path: framing lengths, the footer length,
/// Block fields, Message / RecordBatch / Field / type table fields, FieldNode
/// and Buffer structs, soffsets, vector length words and compressed-buffer
/// length prefixes. Found by walking the unmutated bytes with the reader's
/// own flatbuffer views.
enum StructuralOffsets {
    static func of(_ bytes: [UInt8]) -> [Int] {
        let buffer = ByteBuffer(copying: bytes)
        var found: [Int] = []
        var streamStart = 0
        if ArrowTable.format(of: buffer) == .file, bytes.count >= 18 {
            streamStart = 8
            found += [0, 6, bytes.count - 10, bytes.count - 6]
            let footerLength = Int(buffer.load(Int32.self, at: bytes.count - 10) ?? 0)
            let footerStart = bytes.count - 10 - footerLength
            if footerLength > 0, footerStart >= 0, let footer = try? buffer.slice(offset: footerStart, count: footerLength) {
                found += footerOffsets(footer).map { $0 + footerStart }
            }
        }
        var position = streamStart
        while position < bytes.count {
            found += [position, position + 4]
            guard let message = try? MessageReader.message(in: buffer, at: position) else { break }
            let prefix = buffer.load(Int32.self, at: position) == -1 ? 8 : 4
            if let flatbuffer = try? buffer.slice(offset: position + prefix, count: message.metadataLength - prefix) {
                found += messageOffsets(flatbuffer).map { $0 + position + prefix }
            }
            if case .recordBatch(let header) = message.metadata.header, header.compression != nil {
                found += header.buffers.map { $0.offset + position + message.metadataLength }
            }
            if case .dictionaryBatch(let batch) = message.metadata.header, batch.data.compression != nil {
                found += batch.data.buffers.map { $0.offset + position + message.metadataLength }
            }
            position += message.metadataLength + message.body.count
        }
        return Array(Set(found.filter { $0 >= 0 && $0 < bytes.count })).sorted()
    }

    private static func footerOffsets(_ footer: ByteBuffer) -> [Int] {
        guard let root = try? FlatbufferTable.root(of: footer, typeName: "Footer") else { return [] }
        var found = tableOffsets(root, slots: 5)
        for slot in [2, 3] {
            guard let blocks = try? root.vector(slot, "blocks", elementSize: 24) else { continue }
            found.append(blocks.start - 4)
            for i in 0..<blocks.count { found += [0, 8, 16].map { blocks.elementPosition(i) + $0 } }
        }
        if let schema = try? root.table(1, "schema", type: "Schema") { found += schemaOffsets(schema) }
        return found
    }

    private static func messageOffsets(_ flatbuffer: ByteBuffer) -> [Int] {
        guard let root = try? FlatbufferTable.root(of: flatbuffer, typeName: "Message") else { return [] }
        var found = [0] + tableOffsets(root, slots: 5)
        guard let header = try? root.table(2, "header", type: "header") else { return found }
        switch try? root.scalar(1, "header_type", default: UInt8(0)) {
        case 1: found += schemaOffsets(header)
        case 2:
            found += tableOffsets(header, slots: 3)
            if let data = try? header.table(1, "data", type: "RecordBatch") { found += recordBatchOffsets(data) }
        case 3: found += recordBatchOffsets(header)
        default: break
        }
        return found
    }

    private static func recordBatchOffsets(_ table: FlatbufferTable) -> [Int] {
        var found = tableOffsets(table, slots: 4)
        for slot in [1, 2] {
            guard let vector = try? table.vector(slot, "structs", elementSize: 16) else { continue }
            found.append(vector.start - 4)
            for i in 0..<vector.count { found += [vector.elementPosition(i), vector.elementPosition(i) + 8] }
        }
        return found
    }

    private static func schemaOffsets(_ table: FlatbufferTable) -> [Int] {
        var found = tableOffsets(table, slots: 4)
        if let fields = try? table.vector(1, "fields", elementSize: 4) {
            found.append(fields.start - 4)
            for i in 0..<fields.count { if let field = try? fields.table(at: i, type: "Field") { found += fieldOffsets(field) } }
        }
        return found
    }

    private static func fieldOffsets(_ field: FlatbufferTable) -> [Int] {
        var found = tableOffsets(field, slots: 7)
        if let type = try? field.table(3, "type", type: "type") { found += tableOffsets(type, slots: 3) }
        if let dictionary = try? field.table(4, "dictionary", type: "DictionaryEncoding") {
            found += tableOffsets(dictionary, slots: 4)
            if let index = try? dictionary.table(1, "indexType", type: "Int") { found += tableOffsets(index, slots: 2) }
        }
        if let children = try? field.vector(5, "children", elementSize: 4) {
            found.append(children.start - 4)
            for i in 0..<children.count { if let child = try? children.table(at: i, type: "Field") { found += fieldOffsets(child) } }
        }
        return found
    }

    /// The table's soffset and the positions of its first `slots` fields.
    private static func tableOffsets(_ table: FlatbufferTable, slots: Int) -> [Int] {
        [table.position] + (0..<slots).compactMap { table.fieldPosition($0) }
    }
}
