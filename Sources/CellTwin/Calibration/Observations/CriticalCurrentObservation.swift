import Foundation

/// Li|Li critical current density of a step test (mA/cm², steps of ``FitModel/criticalCurrentStep_mA_cm2``, the
/// row's areal capacity per half-cycle), continuous in the parameters (``criticalCurrent(_:_:)``); residual
/// (model − CCD)/step. `celltwin validate` runs the study's step test itself (``Validation``).
public struct CriticalCurrentObservation: Observation {
    public init() {}
    public var kind: FitPointKind { .criticalCurrent }
    public var toleranceText: String { "one step (0.05 mA/cm²)" }
    public var isSimulated: Bool { false }

    public func classify(_ o: ObservationRow) -> ObservationClassification? {
        guard o.row.kind == "ccd" else { return nil }
        guard o.row.unit == "mA/cm2", o.value > 0 else { return o.no("\(o.row.quantity) (\(o.row.unit)) is not a current density in mA/cm2") }
        guard let q = o.row.arealCapacity_mAh_cm2, q > 0 else { return o.no("no areal capacity per half-cycle of the step test") }
        guard o.temperature_C != nil else { return o.no(ObservationRow.noTemperature) }
        return o.point(kind, o.value, "mA/cm2", o.temperature_C, by: self)
    }

    public func predict(_ p: FitPoint, _ e: Electrolyte, model: FitModel) throws -> Double { Self.criticalCurrent(p, e) }

    public func residual(_ p: FitPoint, model: Double) -> Double { (model - p.measured) / FitModel.criticalCurrentStep_mA_cm2 }

    public func compare(_ p: FitPoint, predicted: Double) -> ObservationComparison {
        let error = predicted - p.measured
        return .sided(p, predicted, error: error, slack: FitModel.criticalCurrentStep_mA_cm2,
                      errorText: String(format: "%+.3f mA/cm²", error), tolerance: "one step (0.05 mA/cm²)")
    }

    public func cost(_ p: FitPoint) -> Double { 50 }

    /// Li|Li critical current density (mA/cm²) of a step test with the row's areal capacity q per half-cycle, as a
    /// continuous function of the parameters. Each electrode plates q once per step, so the damage after the steps up
    /// to J is Σ (dΦ/dq)(J_k)·q at the current focused by the voids the steps have opened so far; as a continuous ramp
    /// of steps `step` apart, ``Electrolyte/stepTestDamage(upTo:step:halfCycleCharge:temperature_K:law:)``. The test fails at the first step at
    /// or above J*, the lower of (a) the current where that damage reaches 1 (Brent in ln J) and (b) Sand onset within
    /// the half-cycle, t_s(J) = q/J, above the limiting current (below it the salt never runs out). The last step
    /// passed then lies in (J* − step, J*]: the model's CCD is its mean, J* − step/2. The voltage limit is left to the
    /// step test.
    static func criticalCurrent(_ p: FitPoint, _ e: Electrolyte) -> Double {
        let stepSize = FitModel.criticalCurrentStep_mA_cm2, maximum = FitModel.criticalCurrentMaximum_mA_cm2
        guard let q_mAh = p.row.arealCapacity_mAh_cm2 else { return maximum }
        let T = Units.kelvin(celsius: p.temperature_C ?? 25)
        let q = Units.C_m2(mAh_cm2: q_mAh)
        let step = Units.A_m2(mA_cm2: stepSize)
        let law = e.resolvedShortLaw(at: T)
        func lnDamage(_ lnJ: Double) -> Double {
            let phi = e.stepTestDamage(upTo: exp(lnJ), step: step, halfCycleCharge: q, temperature_K: T, law: law)
            return log(max(phi, .leastNormalMagnitude))
        }
        let lo = log(Units.A_m2(mA_cm2: 1e-4)), hi = log(Units.A_m2(mA_cm2: maximum))
        let fLo = lnDamage(lo), fHi = lnDamage(hi)
        let short = fHi < 0 ? exp(hi) : fLo >= 0 ? exp(lo)
            : exp((try? ScalarRoot.brent(lower: lo, upper: hi, fLower: fLo, fUpper: fHi, xTolerance: 1e-10, lnDamage).x) ?? hi)
        let jSand = CriticalCurrent.sandCurrent(e, temperature_K: T, halfCycleCharge_C_m2: q)
        let sand = jSand.isFinite ? max(jSand, e.limitingCurrent_A_m2(at: T)) : .infinity
        let jStar = Units.mA_cm2(A_m2: min(short, sand))
        return min(max(jStar - stepSize / 2, 0), maximum)
    }
}
