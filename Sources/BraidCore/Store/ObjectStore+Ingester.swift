/// The object store is what the run coordinator hands worker artifact files to.
extension ObjectStore: ArtifactIngester {
    public func objectPath(_ hash: String) -> String { path(of: hash) }
}
