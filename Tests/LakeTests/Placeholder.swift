import Testing

@Test func placeholderLakeTests() {}
