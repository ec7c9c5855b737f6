import Testing

/// Groups the protocol suites so `swift test --filter Protocol` selects them.
@Suite enum ProtocolTests {}
