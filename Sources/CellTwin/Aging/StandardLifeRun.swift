import Foundation

extension LifeSimulator {
    /// The standard aging experiment: ``standardCycle(cathode:chargeRate:dischargeRate:)`` repeated `cycles` times.
    public static func standardExperiment(cathode: Cathode, chargeRate: Double, dischargeRate: Double,
                                          cycles: Int) throws -> Experiment {
        let steps = try standardCycle(cathode: cathode, chargeRate: chargeRate, dischargeRate: dischargeRate)
        return Experiment(blocks: [ExperimentBlock(steps: steps, repeatCount: cycles)])
    }

    /// A lifetime run of the standard experiment on `design` at `temperature_C`, up to `options.maxCycles` cycles
    /// (`celltwin life`); returns the result and the experiment it ran (which a band re-runs).
    public static func standardRun(design: CellDesign, temperature_C: Double, chargeRate: Double, dischargeRate: Double,
                                   options: LifeOptions) throws -> (result: LifeResult, experiment: Experiment) {
        let experiment = try standardExperiment(cathode: design.cathode, chargeRate: chargeRate, dischargeRate: dischargeRate,
                                                cycles: options.maxCycles)
        let life = try LifeSimulator(design: design, temperature_C: temperature_C, options: options)
        return (try life.run(experiment), experiment)
    }
}
