import Testing
@testable import Stream

@Suite struct IntegralTests {
    @Test func agreesWithRoundingTowardZero() {
        let values: [Double] = [0, -0.0, 1, -3, 2.5, -0.5, 1e-300, 4_503_599_627_370_495.5, 4_503_599_627_370_496, 1e300, -1e300,
                                .infinity, -.infinity, .nan, .greatestFiniteMagnitude, .leastNonzeroMagnitude, 9.223372036854776e18]
        for x in values {
            #expect(x.isIntegral == (x == x.rounded(.towardZero)), "\(x)")
        }
    }
}
