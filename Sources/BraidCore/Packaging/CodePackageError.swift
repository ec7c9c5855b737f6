/// Why a flow's directory could not be packaged; the description names the
/// directory or file and says what to do.
public struct CodePackageError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The directory or file at fault.
    public let path: String
    public let description: String

    init(path: String, _ description: String) {
        self.path = path
        self.description = description
    }
}
