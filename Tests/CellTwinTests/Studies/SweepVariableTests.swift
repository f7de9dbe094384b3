import Foundation
import Testing
@testable import CellTwin

/// Swept variables: canonical order, CSV columns and options, allowed values, and the fixed number formats.
@Suite struct SweepVariableTests {
    @Test("every variable has its own column, option and label; a column reads back as its variable")
    func namesAreDistinctAndRoundTrip() {
        let all = SweepVariable.allCases
        for names in [all.map(\.column), all.map(\.option), all.map(\.label)] { #expect(Set(names).count == all.count) }
        for v in all { #expect(SweepVariable(column: v.column) == v) }
        #expect(SweepVariable(column: "temperature") == nil)
        #expect(all.filter(\.isCategorical) == [.electrolyte, .cathode])
        // Canonical order: the electrolyte first, the temperature before the rates.
        #expect(all.prefix(3) == [.electrolyte, .temperature, .cRate])
        #expect(all.allSatisfy { $0.option.hasPrefix("--") })
    }

    @Test("allowed values: finite, positive rates, thicknesses and loadings, cut-offs in (0, 6] V")
    func problems() {
        #expect(SweepVariable.temperature.problem(with: .nan)?.contains("not a finite number") == true)
        #expect(SweepVariable.cRate.problem(with: 0) == "a rate must be positive, got 0")
        #expect(SweepVariable.cRate.problem(with: 1) == nil)
        #expect(SweepVariable.thickness.problem(with: -5) == "a thickness must be positive, got -5 µm")
        #expect(SweepVariable.loading.problem(with: 0)?.hasPrefix("a loading must be positive") == true)
        #expect(SweepVariable.upperCutoff.problem(with: 6) == nil && SweepVariable.upperCutoff.problem(with: 6.01) != nil)
        #expect(SweepVariable.temperature.problem(with: 400) != nil && SweepVariable.temperature.problem(with: 25) == nil)
        #expect(SweepVariable.cathode.problem(with: 1) == nil)
    }

    @Test("fixed formats: 12 significant digits for values, 6 for metrics, no negative zero, empty for no metric")
    func formats() {
        #expect(SweepFormat.variable(0.1 + 0.2) == "0.3")
        #expect(SweepFormat.variable(120) == "120" && SweepFormat.variable(1e-5) == "1e-05")
        #expect(SweepFormat.variable(-0.0) == "0")
        #expect(SweepFormat.metric(1.23456789) == "1.23457" && SweepFormat.metric(nil) == "" && SweepFormat.metric(.infinity) == "")
        #expect(SweepFormat.rounded(0.1 + 0.2, digits: 12) == 0.3)
        #expect(SweepValue.number(0.5).description == "0.5" && SweepValue.text("LFP").description == "LFP")
        #expect(SweepValue.number(2).number == 2 && SweepValue.number(2).text == nil && SweepValue.text("x").number == nil)
    }
}
