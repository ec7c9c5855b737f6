import BraidCore

/// ` (clean.R:4, an R step)`: where a failed step's code lives, so that a
/// worker that died without a traceback (killed, `quit()`) still names the file.
func stepLocation(_ step: String, in graph: FlowGraph) -> String {
    guard let spec = graph.step(named: step) else { return "" }
    let location = SourceLocation(file: spec.file, line: spec.line)
    let language = spec.language == "r" ? "an R step" : spec.language == "python" ? "a Python step" : "a \(spec.language) step"
    return " (\(location), \(language))"
}
