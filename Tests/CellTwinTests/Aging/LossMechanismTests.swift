import Foundation
import Testing
@testable import CellTwin

/// Loss mechanisms, the aging-state roles the full cell declares for them, and the retention reference
/// (``RetentionReference``): the largest discharge of a settling window.
@Suite struct LossMechanismTests {
    /// The reference is the largest of the first five capacities, whatever comes later.
    @Test func theReferenceIsTheLargestOfTheFirstFiveCycles() {
        let pick = RetentionReference.pick([90, 100, 99, 101, 97, 120])
        #expect(pick?.index == 3 && pick?.capacity == 101)
        #expect(RetentionReference.pick([80, 70])?.index == 0)
        #expect(RetentionReference.pick([Double]()) == nil)
    }

    /// The reference window's closed form: max(5, ⌈ln(100)·τ/T⌉), at most 50.
    @Test func theReferenceWindowCoversTheSlowestElectricalMode() {
        #expect(RetentionReference.cycles(slowestTime_s: 1000, cycleDuration_s: 16_000) == 5)
        // ln(100)·50 000/16 000 = 14.39 → 15.
        #expect(RetentionReference.cycles(slowestTime_s: 50_000, cycleDuration_s: 16_000) == 15)
        #expect(RetentionReference.cycles(slowestTime_s: 1e6, cycleDuration_s: 3600) == RetentionReference.maximumCycles)
        #expect(RetentionReference.cycles(slowestTime_s: .nan, cycleDuration_s: 3600) == 5)
        #expect(RetentionReference.cycles(slowestTime_s: 1e4, cycleDuration_s: 0) == 5)
        #expect(RetentionReference.pick([90, 100, 99, 101, 97, 120], cycles: 6)?.index == 5)
    }

    /// A window takes one more cycle while its last cycle rose by more than 1e-4 over the largest before it.
    @Test func theReferenceWindowExtendsWhileTheCapacityRises() {
        #expect(RetentionReference.extends(capacity_C_m2: 1.0002, largestBefore_C_m2: 1))
        #expect(!RetentionReference.extends(capacity_C_m2: 1.00005, largestBefore_C_m2: 1))
        #expect(!RetentionReference.extends(capacity_C_m2: 0.99, largestBefore_C_m2: 1))
        #expect(!RetentionReference.extends(capacity_C_m2: 1, largestBefore_C_m2: 0))
    }

    @Test("mechanisms keep the names the attribution writes, and decode from them")
    func mechanismNamesRoundTrip() throws {
        #expect(LossMechanism.allCases.map(\.rawValue) == ["resistance", "lithiumInventory", "activeMaterial", "short"])
        let data = try JSONEncoder().encode(LossMechanism.allCases)
        #expect(try JSONDecoder().decode([LossMechanism].self, from: data) == LossMechanism.allCases)
        #expect(throws: LossMechanism.UnknownName(name: "voids")) {
            try JSONDecoder().decode(LossMechanism.self, from: Data("\"voids\"".utf8))
        }
        #expect(LossMechanism.UnknownName(name: "voids").description
                == "unknown loss mechanism 'voids' (known: resistance, lithiumInventory, activeMaterial, short)")
    }

    @Test("the full cell's aging states: every mechanism that can move is declared, Li lost returns to the anode")
    func fullCellDeclaresItsAgingStates() throws {
        let model = try FullCellModel(design: try Fixtures.design(electrolyte: "CMP-VAMMT", cathode: "LFP"), temperature_K: 303.15)
        let roles = model.agingStateMechanisms
        #expect(Set(roles.map(\.mechanism)).isSuperset(of: [.resistance, .lithiumInventory, .activeMaterial]))
        // Each role is one state, and an aging state (not an electrical one).
        #expect(Set(roles.map(\.index)).count == roles.count)
        for r in roles { #expect(model.agingState(at: r.index) != nil && r.index < model.dimension) }
        // The Li lost returns somewhere (the anode's reservoir), which is itself no loss.
        let lithium = try #require(roles.first { $0.mechanism == .lithiumInventory })
        let reservoir = try #require(lithium.returnsTo)
        #expect(!roles.contains { $0.index == reservoir })
        #expect(model.agingState(at: -1) == nil)
    }
}
