import Foundation

/// Physical constants (SI). DOMAIN B §0.
public enum Physical {
    /// Faraday constant, C mol⁻¹.
    public static let faraday = 96485.33
    /// Gas constant, J mol⁻¹ K⁻¹.
    public static let gas = 8.314462
    /// 0 °C in kelvin.
    public static let zeroCelsius = 273.15
    /// Coulombs per mAh.
    public static let coulombPerMilliampHour = 3.6
    /// Dense lithium: 1 mAh cm⁻² ≙ 4.85 µm (ρ = 0.534 g cm⁻³), DOMAIN B §0.
    public static let lithiumMetres_per_C_m2 = 4.85e-6 / (coulombPerMilliampHour * 1e4)
    /// One electron-volt per particle in J mol⁻¹.
    public static let electronVolt_J_mol = 96485.33

    /// Thermal voltage RT/F in volts.
    @inline(__always)
    public static func thermalVoltage(_ temperature_K: Double) -> Double { gas * temperature_K / faraday }
}

/// Lab-unit conversions used at the edges (files and command line). Inside the library: SI.
public enum Units {
    public static func kelvin(celsius: Double) -> Double { celsius + Physical.zeroCelsius }
    public static func celsius(kelvin: Double) -> Double { kelvin - Physical.zeroCelsius }
    /// mA cm⁻² → A m⁻².
    public static func A_m2(mA_cm2: Double) -> Double { mA_cm2 * 10 }
    public static func mA_cm2(A_m2: Double) -> Double { A_m2 / 10 }
    /// Ω cm² → Ω m².
    public static func ohm_m2(ohm_cm2: Double) -> Double { ohm_cm2 * 1e-4 }
    public static func ohm_cm2(ohm_m2: Double) -> Double { ohm_m2 * 1e4 }
    /// S cm⁻¹ → S m⁻¹.
    public static func S_m(S_cm: Double) -> Double { S_cm * 100 }
    public static func S_cm(S_m: Double) -> Double { S_m / 100 }
    /// mAh g⁻¹ → C kg⁻¹.
    public static func C_kg(mAh_g: Double) -> Double { mAh_g * 3600 }
    public static func mAh_g(C_kg: Double) -> Double { C_kg / 3600 }
    /// mg cm⁻² → kg m⁻².
    public static func kg_m2(mg_cm2: Double) -> Double { mg_cm2 * 0.01 }
    /// mAh cm⁻² → C m⁻².
    public static func C_m2(mAh_cm2: Double) -> Double { mAh_cm2 * 3.6e4 }
    public static func mAh_cm2(C_m2: Double) -> Double { C_m2 / 3.6e4 }
    /// kJ mol⁻¹ → J mol⁻¹.
    public static func J_mol(kJ_mol: Double) -> Double { kJ_mol * 1000 }
}

/// A rate or property that follows Arrhenius in temperature:
/// k(T) = k_ref · exp[−(E_a/R)(1/T − 1/T_ref)]  (DOMAIN B §3, §5.3).
public struct Arrhenius: Sendable, Equatable, Codable {
    public var referenceValue: Double
    public var activationEnergy_J_mol: Double
    public var referenceTemperature_K: Double

    public init(referenceValue: Double, activationEnergy_J_mol: Double, referenceTemperature_K: Double = 298.15) {
        self.referenceValue = referenceValue
        self.activationEnergy_J_mol = activationEnergy_J_mol
        self.referenceTemperature_K = referenceTemperature_K
    }

    /// The acceleration factor k(T)/k(T_ref).
    @inline(__always)
    public func factor(at temperature_K: Double) -> Double {
        exp(-(activationEnergy_J_mol / Physical.gas) * (1 / temperature_K - 1 / referenceTemperature_K))
    }

    @inline(__always)
    public func value(at temperature_K: Double) -> Double { referenceValue * factor(at: temperature_K) }
}
