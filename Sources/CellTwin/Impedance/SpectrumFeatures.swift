import Foundation

/// Model-free features read off a spectrum (measured or simulated), in Ω and Hz.
public struct SpectrumFeatures: Sendable, Equatable {
    /// The high-frequency real-axis intercept: going down from the highest frequency, Re Z where −Z″ first
    /// crosses zero upwards (data with an inductive tail), else at the first minimum of −Z″ (the valley after
    /// a resolved bulk arc), else at the highest frequency (the arc starts at once).
    public var highFrequencyIntercept_ohm: Double
    /// Re Z and −Z″ at the lowest frequency measured.
    public var lowestFrequency_Hz: Double
    public var lowestFrequencyReal_ohm: Double
    public var lowestFrequencyMinusImaginary_ohm: Double
    /// The largest −Z″ and its frequency (the apex of the dominant arc).
    public var maximumMinusImaginary_ohm: Double
    public var apexFrequency_Hz: Double

    public init(_ spectrum: ImpedanceSpectrum) {
        precondition(spectrum.count > 0, "an empty spectrum has no features")
        let order = spectrum.frequencies_Hz.indices.sorted { spectrum.frequencies_Hz[$0] > spectrum.frequencies_Hz[$1] }
        let re = order.map { spectrum.impedances_ohm[$0].re }
        let m = order.map { -spectrum.impedances_ohm[$0].im }
        var intercept = re[0]
        if m[0] <= 0 {
            if let k = m.firstIndex(where: { $0 > 0 }), k > 0 {
                let w = m[k - 1] / (m[k - 1] - m[k])
                intercept = re[k - 1] + w * (re[k] - re[k - 1])
            }
        } else {
            var k = 0
            while k + 1 < m.count, m[k + 1] <= m[k] { k += 1 }
            intercept = k + 1 < m.count ? re[k] : re[0]
        }
        highFrequencyIntercept_ohm = intercept
        let last = order[order.count - 1]
        lowestFrequency_Hz = spectrum.frequencies_Hz[last]
        lowestFrequencyReal_ohm = spectrum.impedances_ohm[last].re
        lowestFrequencyMinusImaginary_ohm = -spectrum.impedances_ohm[last].im
        let apex = spectrum.impedances_ohm.indices.max { -spectrum.impedances_ohm[$0].im < -spectrum.impedances_ohm[$1].im } ?? 0
        maximumMinusImaginary_ohm = -spectrum.impedances_ohm[apex].im
        apexFrequency_Hz = spectrum.frequencies_Hz[apex]
    }
}
