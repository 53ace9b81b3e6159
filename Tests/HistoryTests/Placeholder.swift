import Testing

@Test func placeholderHistoryTests() {}
