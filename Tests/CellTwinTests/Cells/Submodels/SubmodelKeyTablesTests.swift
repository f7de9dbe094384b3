import Foundation
import Testing
@testable import CellTwin

/// The key tables assembled from the submodels (``KeyedSubmodel``): every key is declared once, by one submodel or by
/// the cell, each submodel reads the keys it declares, and the tables keep the model files' written order. Also the
/// fresh state the submodels declare (``CellSubmodel/initialize(_:_:)``).
@Suite struct SubmodelKeyTablesTests {
    @Test func everyKeyIsDeclaredOnceAndInFileOrder() {
        let electrolyte = ElectrolyteKeys.all.map(\.path)
        #expect(Set(electrolyte).count == electrolyte.count)
        #expect(electrolyte == ElectrolyteKeys.fileOrder)
        let cathode = CathodeKeys.all.map(\.path)
        #expect(Set(cathode).count == cathode.count)
        #expect(cathode == CathodeKeys.fileOrder)
        let declared = CellSubmodels.keyed.flatMap { $0.declaredElectrolyteKeys.map(\.path) }
        #expect(Set(declared).count == declared.count)
        #expect(Set(declared).isDisjoint(with: ElectrolyteKeys.cellKeys.map(\.path)))
        let declaredCathode = CellSubmodels.keyed.flatMap { $0.declaredCathodeKeys.map(\.path) }
        #expect(Set(declaredCathode).count == declaredCathode.count)
        #expect(Set(declaredCathode).isDisjoint(with: CathodeKeys.cellKeys.map(\.path)))
    }

    @Test func everySubmodelReadsTheKeysItDeclares() {
        let electrolytePaths = Set(ElectrolyteKeys.all.map(\.path)), cathodePaths = Set(CathodeKeys.all.map(\.path))
        for type in CellSubmodels.keyed {
            #expect(!type.declaredElectrolyteKeys.isEmpty || !type.declaredCathodeKeys.isEmpty, "\(type)")
            for k in type.declaredElectrolyteKeys { #expect(type.electrolyteKeys.contains(k.path), "\(type): \(k.path)") }
            for k in type.declaredCathodeKeys { #expect(type.cathodeKeys.contains(k.path), "\(type): \(k.path)") }
            for k in type.electrolyteKeys { #expect(electrolytePaths.contains(k), "\(type): \(k)") }
            for k in type.cathodeKeys { #expect(cathodePaths.contains(k), "\(type): \(k)") }
        }
    }

    @Test func freshStateIsWhatTheSubmodelsDeclare() throws {
        let design = try Fixtures.design(electrolyte: "CPCSE", cathode: "LFP")
        let model = try FullCellModel(design: design, temperature_K: 333.15)
        for soc in [0.0, 0.3, 1.0] {
            let y = model.initialState(stateOfCharge: soc)
            let sei = design.electrolyte.lithiumInterphaseASR_ohm_m2
            #expect(y[model.iSEISquared] == sei * sei)
            #expect(y[model.iCEI] == design.electrolyte.cathodeInterphaseASR_ohm_m2)
            let (_, xLo) = model.windowStoichiometry
            #expect(y[model.iLithium] == design.anode.capacity_C_m2 + (xLo - y[model.iMean]) * model.stoichiometricCapacity_C_m2)
            for i in [model.iLithiumLost, model.iLAM, model.iDamage, model.iVoid, model.iOxidation] { #expect(y[i] == 0) }
            for i in Array(model.iModes) + Array(model.iSalt) + [model.iCharge, model.iEnergy] { #expect(y[i] == 0) }
        }
        let sym = try SymmetricCellModel(electrolyte: design.electrolyte, temperature_K: 333.15)
        let y = sym.initialState()
        let s0 = design.electrolyte.lithiumInterphaseASR_ohm_m2
        #expect(y[sym.iInterphase1] == s0 * s0 && y[sym.iInterphase2] == s0 * s0)
        #expect(y.enumerated().allSatisfy { $0.offset == sym.iInterphase1 || $0.offset == sym.iInterphase2 || $0.element == 0 })
    }
}
