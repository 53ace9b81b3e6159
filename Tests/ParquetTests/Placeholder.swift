import Testing

@Test func placeholderParquetTests() {}
