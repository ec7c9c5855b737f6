import ArrowIPC

/// Renders the first rows of a table as aligned text columns, reading across
/// record batches.
struct TableRenderer {
    var formatter = CellFormatter()

    func render(schema: Schema, batches: [RecordBatch], limit: Int) -> String {
        var header = schema.fields.map(\.name)
        if header.isEmpty { header = ["(no columns)"] }
        var rows: [[String]] = []
        outer: for batch in batches {
            for row in 0..<batch.length {
                if rows.count >= limit { break outer }
                rows.append(batch.columns.map { formatter.text($0, row: row) })
            }
        }
        guard !schema.fields.isEmpty else { return header[0] + "\n" }
        var widths = header.map(\.count)
        for row in rows {
            for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            zip(cells, widths).map { $0 + String(repeating: " ", count: $1 - $0.count) }
                .joined(separator: "  ").trimmingTrailingSpaces()
        }
        var lines = [line(header), line(widths.map { String(repeating: "-", count: $0) })]
        lines += rows.map(line)
        return lines.joined(separator: "\n") + "\n"
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var s = Substring(self)
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
