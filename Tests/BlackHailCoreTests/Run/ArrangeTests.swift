import PropertyBased
import Testing

@testable import BlackHailCore

/// `Array.arrange(by:)`: a sort of positions applied in place must give what `sort` gives, element for element.
@Suite struct ArrangeTests {
    @Test func everyPermutationPutsEachElementWhereItsPositionSays() async {
        await propertyCheck(count: 300, input: Gen.int(in: 0...40).array(of: 0...200)) { values in
            // Strings, so that elements are references a wrong swap would lose or duplicate.
            var elements = values.map { "v\($0)" }
            let order = elements.indices.sorted { (values[$0], $0) > (values[$1], $1) }
            let expected = order.map { elements[$0] }
            elements.arrange(by: order)
            #expect(elements == expected)
        }
    }

    @Test func itAgreesWithAStableSort() {
        let keys = [3, 1, 2, 1, 3, 0, 2, 1]
        var elements = keys.enumerated().map { "\($1)-\($0)" }
        let order = elements.indices.sorted { keys[$0] < keys[$1] }
        elements.arrange(by: order)
        #expect(elements == ["0-5", "1-1", "1-3", "1-7", "2-2", "2-6", "3-0", "3-4"])
    }

    @Test func theIdentityAndTheEmptyArrangementChangeNothing() {
        var elements = ["a", "b", "c"]
        elements.arrange(by: [0, 1, 2])
        #expect(elements == ["a", "b", "c"])
        var none: [String] = []
        none.arrange(by: [])
        #expect(none.isEmpty)
    }
}
