import Foundation

/// Runs one grid point. Builds its own ``Simulator`` and ``LifeSimulator`` (each owns a GSL integrator and is not
/// `Sendable`), so any number of points can run at once on different threads.
public enum SweepEvaluation {
    /// The record of `point`; never throws: a point outside the electrolyte's range, one that cannot deliver
    /// capacity and one whose simulation fails each give a row saying so.
    ///
    /// 1. A temperature outside the electrolyte's valid range ends as ``SweepEnd/outsideRange``.
    /// 2. One standard CC–CV cycle from the fresh cell (the lifetime run's first cycle, exactly) gives the
    ///    first-cycle discharge energy; a discharge below the deliverable fraction of the nominal capacity ends the
    ///    point as ``SweepEnd/noCapacity``.
    /// 3. The lifetime run (``LifeSimulator`` with ``SweepSettings/lifeOptions``) gives the other metrics.
    public static func evaluate(_ point: SweepPoint, spec: SweepSpec, materials: SweepMaterials) -> SweepRecord {
        func record(_ end: SweepEnd) -> SweepRecord {
            SweepRecord(point: point.index, coordinates: point.coordinates, end: end)
        }
        do {
            let design = try materials.design(for: point, cell: spec.cell)
            let range = design.electrolyte.validTemperatureRange_K
            // The same comparison as the simulator's (in °C), so a point inside the range is never refused later.
            let rangeC = Units.celsius(kelvin: range.lowerBound)...Units.celsius(kelvin: range.upperBound)
            guard rangeC.contains(point.temperature_C) else { return record(.outsideRange) }
            return try run(point, design: design, settings: spec.settings)
        } catch {
            return record(.failed("\(error)"))
        }
    }

    static func run(_ point: SweepPoint, design: CellDesign, settings: SweepSettings) throws -> SweepRecord {
        let steps = try LifeSimulator.standardCycle(cathode: design.cathode, chargeRate: point.chargeCRate,
                                                    dischargeRate: point.dischargeCRate)
        // First-cycle probe: same options as the lifetime runner (aging on, no trace), same start.
        var probeOptions = settings.simulation
        probeOptions.aging = true
        probeOptions.recordTrace = false
        let probe = try Simulator(design: design, temperature_C: point.temperature_C, options: probeOptions)
            .run(Experiment(blocks: [ExperimentBlock(steps: steps, repeatCount: 1)]))
        guard let first = probe.cycles.first else { throw ExperimentError.empty }
        let energy = design.mAh_g(first.dischargeEnergy_J_m2)
        if first.dischargeCapacity_C_m2 < settings.minimumDeliverableFraction * design.nominalCapacity_C_m2 {
            var r = SweepRecord(point: point.index, coordinates: point.coordinates,
                                firstDischargeCapacity_mAh_g: design.mAh_g(first.dischargeCapacity_C_m2),
                                meanOverpotential_V: first.overpotential_V, dischargeEnergy_mWh_g: energy,
                                end: .noCapacity)
            r.work = SweepWork(reportedCycles: 1, simulatedCycles: 1, rhsEvaluations: probe.rhsEvaluations,
                               acceptedSteps: probe.acceptedSteps, integratedCycles: 1)
            return r
        }

        let life = try LifeSimulator(design: design, temperature_C: point.temperature_C, options: settings.lifeOptions,
                                     simulation: settings.simulation)
        let result = try life.run(Experiment(blocks: [ExperimentBlock(steps: steps, repeatCount: settings.cycles)]))
        let overpotentials = result.cycles.compactMap(\.overpotential_V)
        var r = SweepRecord(
            point: point.index, coordinates: point.coordinates,
            firstDischargeCapacity_mAh_g: result.cycles.first.map { design.mAh_g($0.dischargeCapacity_C_m2) },
            finalRetention: result.referenceCapacity_C_m2 > 0 ? result.cycles.last.map(result.retention) : nil,
            cyclesTo80: result.cyclesToThreshold[SweepSettings.reportedThreshold] ?? nil,
            meanOverpotential_V: overpotentials.isEmpty ? nil : overpotentials.reduce(0, +) / Double(overpotentials.count),
            dischargeEnergy_mWh_g: energy, end: SweepEnd(result.end))
        if settings.keepCurves {
            r.curve = result.cycles.map { RetentionPoint(cycle: $0.cycle, retention: result.retention($0)) }
        }
        r.work = SweepWork(reportedCycles: result.cycles.count, simulatedCycles: result.simulatedCycles + 1,
                           rhsEvaluations: result.rhsEvaluations + probe.rhsEvaluations,
                           acceptedSteps: result.acceptedSteps + probe.acceptedSteps,
                           integratedCycles: result.integratedCycles + 1)
        return r
    }
}
