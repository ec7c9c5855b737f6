/// "Did you mean ...?" for misspelt names.
enum NameSuggestion {
    /// The candidate closest to `name` by edit distance, if it is close enough
    /// to be a likely typo: at most 3 edits, fewer than half the name, and the
    /// same first letter (`@batch` is not a typo of `@catch`).
    static func closest(to name: String, among candidates: some Sequence<String>) -> String? {
        var best: (name: String, distance: Int)?
        for candidate in candidates where candidate != name && candidate.first == name.first {
            let d = distance(Array(name.utf8), Array(candidate.utf8))
            if d <= 3, d * 2 < max(name.utf8.count, 2), d < (best?.distance ?? .max) {
                best = (candidate, d)
            }
        }
        return best?.name
    }

    /// Edit distance where swapping two neighbouring characters counts as one
    /// edit (optimal string alignment), the commonest typo: `fti` for `fit`.
    private static func distance(_ a: [UInt8], _ b: [UInt8]) -> Int {
        var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in stride(from: 1, through: a.count, by: 1) {
            for j in stride(from: 1, through: b.count, by: 1) {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[a.count][b.count]
    }
}
