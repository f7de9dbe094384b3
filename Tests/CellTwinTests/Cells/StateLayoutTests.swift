import Foundation
import Testing
@testable import CellTwin

/// States are numbered in order of declaration, named groups are numbered from 1, and each keeps its scale.
@Suite struct StateLayoutTests {
    @Test func statesAreNumberedInOrderOfDeclaration() {
        var l = StateLayout()
        #expect(l.count == 0)
        #expect(l.add("charge_C_m2", scale: 540) == 0)
        let modes = l.add("u", count: 3, scale: 0.1)
        #expect(modes == 1..<4)
        #expect(l.add("damage") == 4)
        #expect(l.names == ["charge_C_m2", "u1", "u2", "u3", "damage"])
        #expect(l.scales == [540, 0.1, 0.1, 0.1, 1])
        #expect(l.count == 5 && l.index(of: "u2") == 2 && l.index(of: "u4") == nil)
        #expect(l.add("none", count: 0) == 5..<5 && l.count == 5)
    }
}
