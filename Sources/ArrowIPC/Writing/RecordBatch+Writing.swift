extension RecordBatch {
    /// Writes `batches` to a new file at `path` (replacing any file there)
    /// in the given format, and closes it.
    ///
    /// Zero batches make a valid file or stream holding only the schema.
    /// - Throws: `ArrowIPCError` naming the path, the batch and the column
    ///   when something fails; a partly written file is left in place.
    public static func write(_ batches: [RecordBatch], schema: Schema, to path: String, format: IPCFormat,
                             options: WriteOptions = .init()) throws(ArrowIPCError) {
        let sink = try FileSink(path: path)
        do {
            switch format {
            case .file:
                let writer = try FileWriter(sink: sink, schema: schema, options: options)
                for batch in batches { try writer.write(batch) }
                try writer.finish()
            case .stream:
                let writer = try StreamWriter(sink: sink, schema: schema, options: options)
                for batch in batches { try writer.write(batch) }
                try writer.finish()
            }
            try sink.close()
        } catch {
            try? sink.close()
            throw error.code == .io ? error : error.adding(context: "file \(path)")
        }
    }
}
