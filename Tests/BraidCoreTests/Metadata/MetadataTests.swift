import Testing

/// The tests of `Sources/BraidCore/Metadata/`, grouped so that
/// `swift test --filter Metadata` runs them all.
@Suite enum MetadataTests {}
