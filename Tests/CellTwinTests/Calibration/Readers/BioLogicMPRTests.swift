import Foundation
import Testing
@testable import CellTwin

@Suite("BioLogic .mpr binary reader")
struct BioLogicMPRTests {
    static let stem = "datalab-li-li/jr862_11_08_23_insitu-impedance-LiLi_1MLiTFSI_TEGDME-1mA_02_GEIS_C05"
    static let mpr = CyclerFixtures.path(stem + ".mpr")
    static let derived = CyclerFixtures.path("datalab-li-li/LiLi_GEIS_derived_from_mpr.csv")
    static let loops = CyclerFixtures.path(stem + "_LOOP.txt")
    static let file = Result { try BioLogicMPR(path: mpr) }

    /// Byte offsets in the datalab GEIS file (module tags at 52, 6857, 37290, 45146; the data module's data at 6914).
    static let dataModule = 6857, dataLengthField = 6898, pointCountField = 6914, columnIDs = 6919, records = 7320

    static let columnNames = ["freq/Hz", "Re(Z)/Ohm", "-Im(Z)/Ohm", "|Z|/Ohm", "Phase(Z)/deg", "time/s", "<Ewe>/V",
                              "<I>/mA", "Cs/µF", "Cp/µF", "cycle number", "|Ewe|/V", "|I|/A", "I Range",
                              "(Q-Qo)/mA.h", "P/W"]

    @Test("datalab GEIS .mpr: four modules, data module v3 with 16 columns, 405 records of 74 bytes, 46 loop starts")
    func structure() throws {
        let m = try Self.file.get()
        #expect(m.modules.map(\.shortName) == ["VMP Set", "VMP data", "VMP LOG", "VMP loop"])
        #expect(m.modules.map(\.offset) == [52, Self.dataModule, 37_290, 45_146])
        #expect(m.modules[1].longName == "VMP data" && m.modules[1].dataOffset == Self.pointCountField)
        #expect(m.dataVersion == 3 && m.startDate == "08/11/23" && m.modules[2].date == "08/13/23")
        #expect(m.columnIDs == [32, 37, 38, 36, 35, 4, 77, 76, 169, 172, 24, 33, 34, 39, 13, 70])
        #expect(m.columns.map(\.name) == Self.columnNames)
        #expect(m.pointCount == 405 && m.columns.allSatisfy { $0.values.count == 405 })
        #expect(m.recordSize_bytes == 74 && m.recordsOffset == Self.records && m.columnIDsOffset == Self.columnIDs)
        #expect(m.loopStarts == (try BioLogicText.loopIndexes(path: Self.loops)))
        let cycle = try #require(m.column("cycle number")).values
        #expect(cycle == (1...45).flatMap { Array(repeating: Double($0), count: 9) })
        #expect(try #require(m.column("I Range")).type == .uint16)
    }

    @Test("every column of the galvani-derived CSV agrees with the .mpr (Float32 vs printed digits, relative 1e-6)")
    func agreesWithDerivedCSV() throws {
        let m = try Self.file.get()
        let csv = try DelimitedText(path: Self.derived)
        let header = try #require(csv.header)
        let mapping = ["spectrum_index": "cycle number", "freq_Hz": "freq/Hz", "ReZ_Ohm": "Re(Z)/Ohm",
                       "minusImZ_Ohm": "-Im(Z)/Ohm", "absZ_Ohm": "|Z|/Ohm", "phaseZ_deg": "Phase(Z)/deg",
                       "time_s": "time/s", "Ewe_mean_V": "<Ewe>/V", "I_mean_mA": "<I>/mA",
                       "Ewe_amplitude_V": "|Ewe|/V", "I_amplitude_A": "|I|/A"]
        #expect(Set(header) == Set(mapping.keys))
        #expect(csv.rows.count == 405)
        for (k, name) in header.enumerated() {
            let expected = try csv.numbers(column: k, name: name)
            let column = try #require(mapping[name])
            let actual = try #require(m.column(column)).values
            let worst = zip(actual, expected).map { abs($0 - $1) / max(abs($1), 1e-300) }.max() ?? .infinity
            #expect(worst <= 1e-6, "\(name): relative difference up to \(worst)")
        }
    }

    @Test("ImpedanceFile on the .mpr equals ImpedanceFile on the derived CSV: 45 spectra of 9 points")
    func impedanceFile() throws {
        let binary = try ImpedanceFile(path: Self.mpr)
        let text = try ImpedanceFile(path: Self.derived)
        #expect(binary.spectra.count == 45 && binary.spectra.allSatisfy { $0.spectrum.count == 9 })
        #expect(binary.spectra.map(\.index) == Array(1...45))
        #expect(binary.spectra == text.spectra)
        #expect(try binary.spectrum(1).spectrum.impedances_ohm[0] == Complex(203.12816, -34.985306))
    }

    @Test("the magic, not the extension, makes a file an .mpr")
    func detectedByMagic() throws {
        let copy = try CyclerFixtures.temporaryFile("geis.dat", bytes: try Self.variant { _ in })
        #expect(try ImpedanceFile(path: copy).spectra == ImpedanceFile(path: Self.mpr).spectra)
        #expect(try CyclerFile.detect(path: copy) == .bioLogic)
    }

    @Test("CyclerFile on the GEIS .mpr: an InputError saying it is an impedance file, naming the file and offset")
    func cyclerFileRejectsImpedance() throws {
        let e = CyclerFixtures.inputError { _ = try CyclerFile.read(path: Self.mpr) }
        #expect(e?.file == Self.mpr && e?.byteOffset == Self.columnIDs, "\(e?.description ?? "")")
        #expect(e?.message.contains("an impedance file, no current/voltage time series") == true)
        let other = CyclerFixtures.inputError { _ = try CyclerFile.read(path: Self.mpr, format: .arbin) }
        #expect(other?.byteOffset == 0 && other?.message.contains("BioLogic EC-Lab binary") == true)
    }

    // MARK: - Corrupt files

    /// A variant of the GEIS file: `edit` applied to its bytes.
    static func variant(_ edit: (inout [UInt8]) -> Void) throws -> [UInt8] {
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: mpr)))
        edit(&bytes)
        return bytes
    }

    /// Name, bytes and the byte offset the error must name.
    static func corruptVariants() throws -> [(name: String, bytes: [UInt8], offset: Int, says: String)] {
        func truncated(_ n: Int) throws -> [UInt8] { Array(try variant { _ in }.prefix(n)) }
        return [
            ("empty", [], 0, "inside the 52-byte"),
            ("mid-header", try truncated(30), 0, "inside the 52-byte"),
            ("mid-module-tag", try truncated(55), 52, "'MODULE' tag"),
            ("mid-module-header", try truncated(Self.dataModule + 20), Self.dataModule + 6, "the header of module 2"),
            ("before-data-module", try truncated(Self.dataModule), Self.dataModule, "no 'VMP data' module"),
            ("mid-column-ids", try truncated(Self.columnIDs + 7), Self.dataLengthField, "past the end of the file"),
            ("mid-record", try truncated(Self.records + 74 * 200 + 33), Self.dataLengthField, "past the end of the file"),
            ("flipped-magic", try variant { $0[0] = UInt8(ascii: "b") }, 0, "not a BioLogic .mpr"),
            ("flipped-magic-padding", try variant { $0[30] = UInt8(ascii: "X") }, 30, "not a BioLogic .mpr"),
            ("wrong-module-tag", try variant { $0[Self.dataModule + 5] = UInt8(ascii: "X") }, Self.dataModule,
             "expected the tag 'MODULE'"),
            ("unknown-column-id", try variant { $0[Self.columnIDs + 2] = 0xE7; $0[Self.columnIDs + 3] = 0x03 },
             Self.columnIDs + 2, "column ID 999 (column 2 of 16, after 'freq/Hz') is not a known"),
            ("more-points", try variant { $0[Self.pointCountField] = 0x96 }, Self.records, "406 points × 74 bytes"),
            ("data-version", try variant { $0[Self.dataLengthField + 4] = 7 }, Self.dataModule, "version 7 is not known"),
            ("no-columns", try variant { $0[Self.pointCountField + 4] = 0 }, Self.pointCountField + 4, "no columns"),
        ]
    }

    @Test("corrupt .mpr (cut short, flipped magic, unknown column ID, bad point count): InputError with file and byte offset")
    func corruptFiles() throws {
        for v in try Self.corruptVariants() {
            let path = try CyclerFixtures.temporaryFile(v.name + ".mpr", bytes: v.bytes)
            let e = CyclerFixtures.inputError { _ = try BioLogicMPR(path: path) }
            #expect(e?.file == path && e?.byteOffset == v.offset, "\(v.name): \(e?.description ?? "")")
            #expect(e?.description.contains("\(path): byte \(v.offset): ") == true, "\(v.name): \(e?.description ?? "")")
            #expect(e?.message.contains(v.says) == true, "\(v.name): \(e?.message ?? "")")
            // The readers of the project fail the same clean way (a flipped magic reads as text, which is not a table).
            _ = CyclerFixtures.inputError { _ = try ImpedanceFile(path: path) }
            _ = CyclerFixtures.inputError { _ = try CyclerFile.read(path: path) }
        }
    }

    @Test("every prefix of the file: an InputError with a byte offset, or a file whose optional modules were cut off")
    func everyPrefix() throws {
        let bytes = try Self.variant { _ in }
        for n in stride(from: 0, to: bytes.count, by: 13) + [37_290, 45_146] {
            do {
                let m = try BioLogicMPR(data: Data(bytes.prefix(n)), path: "prefix.mpr")
                #expect(n == 37_290 || n == 45_146, "a prefix of \(n) bytes was accepted")
                #expect(m.pointCount == 405 && m.loopStarts == nil)
            } catch let e as InputError {
                #expect(e.byteOffset != nil && e.file == "prefix.mpr", "\(n): \(e)")
            }
        }
    }

    // MARK: - Synthetic files: every layout, and GCPL through CyclerFile

    @Test("data module layouts v0, v0 (EC-Lab ≥ 11.50), v2, v3 and the extended module header give the same table",
          arguments: [MPRBuilder.Layout.v0, .v0Wide, .v2, .v3])
    func layouts(_ layout: MPRBuilder.Layout) throws {
        for extended in [false, true] {
            let bytes = MPRBuilder.gcpl(layout: layout, extended: extended, temperature: false)
            let m = try BioLogicMPR(data: Data(bytes), path: "synthetic.mpr")
            #expect(m.columns.map(\.name) == ["mode", "ox/red", "error", "time/s", "Ewe/V", "I/mA", "cycle number", "Ns"])
            #expect(m.column("mode")?.values == [1, 1, 1, 1, 3] && m.column("ox/red")?.values == [1, 1, 0, 0, 1])
            #expect(m.column("error")?.values == [0, 0, 0, 0, 1])
            #expect(m.column("Ewe/V")?.values == MPRBuilder.voltage.map { Double(Float($0)) })
            #expect(m.column("time/s")?.values == MPRBuilder.time && m.column("Ns")?.values == [0, 0, 1, 1, 0])
            #expect(m.loopStarts == [0, 4] && m.modules[0].date == "08/11/23")
        }
    }

    @Test("a GCPL .mpr through CyclerFile gives the record the text reader gives for the same data")
    func gcplMatchesText() throws {
        let binary = try CyclerFile.read(path: try CyclerFixtures.temporaryFile("gcpl.mpr",
                                          bytes: MPRBuilder.gcpl(layout: .v3, extended: true, temperature: true)))
        let text = try CyclerFile.read(path: try CyclerFixtures.temporaryFile("gcpl.mpt", MPRBuilder.gcplText))
        #expect(binary.metadata.format == .bioLogic && binary.metadata.startDate == "08/11/23")
        let b = try #require(binary.series), t = try #require(text.series)
        #expect(b.time_s == t.time_s && b.current_A == t.current_A && b.voltage_V == t.voltage_V)
        #expect(b.cycle == t.cycle && b.step == t.step && b.temperature_C == t.temperature_C)
        #expect(b.chargeCounter_Ah == t.chargeCounter_Ah && b.dischargeCounter_Ah == t.dischargeCounter_Ah)
        #expect(b.current_A == [-1e-3, -1e-3, 2e-3, 2e-3, -1e-3] && b.line == [1, 2, 3, 4, 5])
        #expect(binary.cycles == text.cycles && binary.cycles.count == 2)
    }

    @Test("a bad value in a GCPL .mpr names the record and its byte offset")
    func badValueNamesRecord() throws {
        var bytes = MPRBuilder.gcpl(layout: .v3, extended: false, temperature: false)
        let m = try BioLogicMPR(data: Data(bytes), path: "x")
        // Time of the last record (5) set below record 4's: time goes backwards (not an isolated glitch).
        let at = m.recordsOffset + 4 * m.recordSize_bytes + 1
        bytes.replaceSubrange(at..<at + 8, with: MPRBuilder.le(UInt64(Double(1).bitPattern)))
        let path = try CyclerFixtures.temporaryFile("back.mpr", bytes: bytes)
        let e = CyclerFixtures.inputError { _ = try CyclerFile.read(path: path) }
        #expect(e?.byteOffset == m.recordsOffset + 4 * m.recordSize_bytes && e?.line == nil, "\(e?.description ?? "")")
        #expect(e?.message.hasPrefix("record 5: ") == true && e?.message.contains("at record 4)") == true,
                "\(e?.description ?? "")")
    }
}

/// Writes small `.mpr` files the way EC-Lab lays them out (for the layouts the datalab file does not show).
enum MPRBuilder {
    enum Layout: Sendable, CustomStringConvertible {
        case v0, v0Wide, v2, v3
        var description: String { "\(self == .v0 ? "v0" : self == .v0Wide ? "v0 (11.50)" : self == .v2 ? "v2" : "v3")" }
    }

    static let time: [Double] = [0, 1800, 1800.5, 2700, 2700.5]
    static let voltage: [Double] = [3.40, 3.60, 3.55, 3.30, 3.45]
    static let current_mA: [Double] = [1, 1, -2, -2, 1]
    static let cycle: [Double] = [0, 0, 0, 0, 1]
    static let ns: [UInt16] = [0, 0, 1, 1, 0]
    static let qCharge: [Double] = [0, 0.5, 0, 0, 0.0001]
    static let qDischarge: [Double] = [0, 0, 0.0003, 0.5, 0]
    static let temperature: [Double] = [25, 25.5, 26, 26.5, 26.5]
    /// mode (bits 0–1), ox/red (bit 2), error (bit 3).
    static let flags: [UInt8] = [0x05, 0x05, 0x01, 0x01, 0x0F]

    /// The same data as an EC-Lab text export, which writes a Float32 column with 8 significant digits
    /// (3.4 stored as Float32 is written 3.4000001).
    static var gcplText: String {
        func single(_ x: Double) -> String { String(format: "%.8g", Double(Float(x))) }
        var text = "EC-Lab ASCII FILE\r\nNb header lines : 4\r\n\r\n"
        text += ["mode", "ox/red", "error", "time/s", "Ewe/V", "I/mA", "cycle number", "Ns", "Q charge/mA.h",
                 "Q discharge/mA.h", "Temperature/°C"].joined(separator: "\t") + "\t\r\n"
        for k in time.indices {
            let f = flags[k]
            text += "\(f & 3)\t\(f >> 2 & 1)\t\(f >> 3 & 1)\t\(time[k])\t\(single(voltage[k]))\t\(single(current_mA[k]))\t"
                + "\(Int(cycle[k]))\t\(ns[k])\t\(qCharge[k])\t\(qDischarge[k])\t\(single(temperature[k]))\t\r\n"
        }
        return text
    }

    static func le<T: FixedWidthInteger>(_ x: T) -> [UInt8] { withUnsafeBytes(of: x.littleEndian) { Array($0) } }

    static func padded(_ s: String, _ n: Int) -> [UInt8] { Array((Array(s.utf8) + Array(repeating: 0x20, count: n)).prefix(n)) }

    static func module(_ short: String, _ long: String, version: UInt32, data: [UInt8], extended: Bool) -> [UInt8] {
        var m = Array("MODULE".utf8) + padded(short, 10) + padded(long, 25)
        if extended {
            m += le(UInt32.max) + le(UInt32(data.count)) + le(version) + le(UInt32(10))
        } else {
            m += le(UInt32(data.count)) + le(version)
        }
        return m + Array("08/11/23".utf8) + data
    }

    /// A five-point GCPL file: flags, time/s, Ewe/V, I/mA, cycle number, Ns (+ Q counters and temperature, IDs > 255,
    /// for v2/v3 only).
    static func gcpl(layout: Layout, extended: Bool, temperature withTemperature: Bool) -> [UInt8] {
        var ids: [Int] = [1, 2, 3, 4, 6, 8, 24, 131]
        if withTemperature { ids += [498, 499, 462] }
        var data = le(UInt32(time.count)) + [UInt8(ids.count)]
        let version: UInt32
        switch layout {
        case .v0:
            data += ids.map { UInt8($0) }
            data += Array(repeating: 0, count: 100 - data.count)
            version = 0
        case .v0Wide:
            data += ids.flatMap { [0, UInt8($0)] }
            data += Array(repeating: 0, count: 1007 - data.count)
            version = 0
        case .v2, .v3:
            data += ids.flatMap { le(UInt16($0)) }
            version = layout == .v2 ? 2 : 3
            data += Array(repeating: 0, count: (layout == .v2 ? 405 : 406) - data.count)
        }
        for k in time.indices {
            data += [flags[k]] + le(time[k].bitPattern) + le(Float(voltage[k]).bitPattern)
                + le(Float(current_mA[k]).bitPattern) + le(cycle[k].bitPattern) + le(ns[k])
            if withTemperature {
                data += le(qCharge[k].bitPattern) + le(qDischarge[k].bitPattern) + le(Float(temperature[k]).bitPattern)
            }
        }
        let loops = le(UInt32(2)) + le(UInt32(0)) + le(UInt32(4)) + Array(repeating: 0, count: 16)
        return BioLogicMPR.magic
            + module("VMP Set", "VMP settings", version: 0, data: Array(repeating: 7, count: 40), extended: extended)
            + module("VMP data", "VMP data", version: version, data: data, extended: extended)
            + module("VMP loop", "VMP expt. loop indexes", version: 0, data: loops, extended: extended)
    }
}
