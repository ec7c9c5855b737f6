import Testing

/// The tests of `Sources/BraidCore/Store/`, grouped so that
/// `swift test --filter Store` runs them all.
@Suite enum StoreTests {}
