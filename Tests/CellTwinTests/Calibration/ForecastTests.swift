import Foundation
import Testing
@testable import CellTwin

/// Early cycle-life prediction (issue: fade fitting on real cycling data).
@Suite struct ForecastTests {
    static let attia = Fixtures.packageRoot.appendingPathComponent("Calibration/external/attia-clo-lfp")

    @Test func powerLawExtrapolationRecoversASyntheticLife() throws {
        // Q(n) = 1.1 − 2e-5·n^1.5 crosses 0.88 Ah at n = (0.22/2e-5)^(1/1.5) ≈ 494.
        let q = (1...120).map { 1.1 - 2e-5 * pow(Double($0), 1.5) }
        let f = try Forecaster.forecast(series: [q], cell: 0, first: 100, threshold: 0.88)
        let exact = pow(0.22 / 2e-5, 1 / 1.5)
        let predicted = try #require(f.predicted_cycles_to_threshold)
        #expect(abs(predicted / exact - 1) < 1e-3, "\(predicted) vs \(exact)")
        #expect(f.model.hasPrefix("extrapolation"))
        let low = try #require(f.interval_low), high = try #require(f.interval_high)
        #expect(low <= predicted && predicted <= high)
    }

    /// Each Attia cell predicted from its first 300 cycles by the 44 others, against the lives of
    /// `final_results.csv`: the stated 95 % intervals hold at least 90 % of the lives, and the error is well below the
    /// no-skill baseline that predicts the mean life of the other cells (≈ 20 %).
    @Test func populationModelBeatsTheNoSkillBaselineOnTheAttiaCells() throws {
        let matrix = try CapacityMatrix(path: Self.attia.appendingPathComponent("Qn.csv").path)
        let lives = try CycleLifeTable(path: Self.attia.appendingPathComponent("final_results.csv").path).cycleLivesByCell
        #expect(matrix.cellCount == 45 && lives.count == 45)
        var errors: [Double] = [], baseline: [Double] = []
        var inside = 0
        for cell in 0..<matrix.cellCount {
            // Only the first 300 cycles of the predicted cell are passed in; the other cells train the model.
            var series = matrix.capacities_Ah
            series[cell] = Array(series[cell].prefix(300))
            let f = try Forecaster.forecast(series: series, cell: cell, first: 300, threshold: 0.88)
            #expect(f.model.hasPrefix("population"))
            let p = try #require(f.predicted_cycles_to_threshold)
            let observed = Double(lives[cell])
            errors.append(abs(p - observed) / observed)
            let others = lives.indices.filter { $0 != cell }.map { Double(lives[$0]) }
            baseline.append(abs(others.reduce(0, +) / Double(others.count) - observed) / observed)
            let lo = try #require(f.interval_low), hi = try #require(f.interval_high)
            #expect(lo.isFinite && hi.isFinite && lo <= p && p <= hi)
            if (lo...hi).contains(observed) { inside += 1 }
        }
        let mape = 100 * errors.reduce(0, +) / 45, noSkill = 100 * baseline.reduce(0, +) / 45
        #expect(noSkill > 19 && noSkill < 21, "baseline \(noSkill) %")
        // The recent fade (cycles 241–250 against 291–300) carries the skill: ≈ 10 % against ≈ 20 %.
        #expect(mape < 0.6 * noSkill, "MAPE \(mape) % against the baseline's \(noSkill) %")
        #expect(inside >= 41, "\(inside) of 45 inside the interval")
        // The library's own skill report agrees (its lives are the matrix's crossings of 0.88 Ah).
        let skill = try Forecaster.skill(series: matrix.capacities_Ah, first: 300, threshold: 0.88)
        #expect(skill.cells == 45 && skill.inside_interval >= 41)
        #expect(skill.mape_percent < 0.6 * skill.baseline_mape_percent, "\(skill)")
    }

    /// The features read the cycles they name: Q(first), and the mean of cycles first−59…first−50 minus that of
    /// cycles first−9…first (a linear fade of 1 mAh per cycle drops 50 mAh between the two windows).
    @Test func featuresReadTheNamedCycles() {
        let q = (1...400).map { 1.1 - 1e-3 * Double($0) }
        let f = Forecaster.features(q, first: 300)
        #expect(abs(f[0] - (1.1 - 0.3)) < 1e-12)
        #expect(abs(f[1] - log(0.05)) < 1e-9, "\(exp(f[1]))")
        let short = Forecaster.features(q, first: 30) // early window: cycles 2–11 against 21–30
        #expect(abs(f[0] - (1.1 - 0.3)) < 1e-12 && abs(short[1] - log(0.019)) < 1e-9, "\(exp(short[1]))")
    }

    /// Histories that do not fade, or fade too slowly to reach the threshold within 20 × the cycles read, are refused
    /// with a reason; no forecast is ever beyond 10⁶ cycles or not finite.
    @Test func nonsenseIsRefused() throws {
        let flat = (1...60).map { 1.0 + 1e-4 * sin(Double($0)) }
        #expect { try Forecaster.forecast(series: [flat], cell: 0, first: 50, threshold: 0.8) } throws: { e in
            guard case ForecastError.noFade(let why) = e else { return false }
            return why.contains("cycles 2–5") && "\(e)".hasPrefix("no forecast: the history does not fade")
        }
        let rising = (1...60).map { 1.0 + 1e-3 * Double($0) }
        #expect(throws: ForecastError.self) { try Forecaster.forecast(series: [rising], cell: 0, first: 50, threshold: 0.8) }
        // Q = 1 − 1e-6·n: 200,000 cycles to 0.8, far beyond 20 × 50 cycles.
        let slow = (1...60).map { 1.0 - 1e-6 * Double($0) }
        #expect { try Forecaster.forecast(series: [slow], cell: 0, first: 50, threshold: 0.8) } throws: { e in
            guard case ForecastError.beyondHorizon(let n, _) = e else { return false }
            return n == 1000 && "\(e)".hasPrefix("> 1000 cycles: ")
        }
        // A history already below the threshold in the cycles read: the observed crossing, not an extrapolation.
        let fast = (1...60).map { 1.0 - 5e-3 * Double($0) }
        let f = try Forecaster.forecast(series: [fast], cell: 0, first: 50, threshold: 0.8)
        #expect(f.predicted_cycles_to_threshold == 41 && f.model.hasPrefix("observed"))
    }

    @Test func badForecastInputIsAClearError() {
        let q = (1...50).map { 1.1 - 1e-4 * Double($0) }
        #expect(throws: ForecastError.self) { try Forecaster.forecast(series: [q], cell: 1, first: 20, threshold: 0.88) }
        #expect(throws: ForecastError.self) { try Forecaster.forecast(series: [q], cell: 0, first: 100, threshold: 0.88) }
        #expect(throws: ForecastError.self) { try Forecaster.forecast(series: [q], cell: 0, first: 20, threshold: -1) }
    }
}
