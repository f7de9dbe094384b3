import Foundation

/// A BioLogic EC-Lab binary data file (`.mpr`), read natively: its modules and the table of measured points.
///
/// The format is not published; this reader follows the layout reverse-engineered by galvani (`BioLogic.py`,
/// 0.5.0), whose column table it ports:
/// - bytes 0..<52: `BIO-LOGIC MODULAR FILE`, 0x1A, spaces up to byte 48, then four zero bytes (``magic``);
/// - then modules, each the tag `MODULE`, a header and `length` bytes of data. The header is the short name
///   (10 bytes, e.g. `VMP data`), the long name (25), the length and the version (UInt32 each) and the date
///   (8 bytes, `MM/DD/YY`). From EC-Lab 11.50 the four bytes after the long name are 0xFFFFFFFF and the header is
///   max length, length, version, an unknown UInt32, date;
/// - the data module (`VMP data`, required, as is `VMP Set`): the number of points (UInt32), the number of columns
///   (UInt8), the column IDs, zeros, then the records. The IDs are UInt8 with the records at byte 100 of the module
///   (version 0), UInt8 in the odd bytes of 2-byte slots with the records at byte 1007 (version 0 from EC-Lab 11.50,
///   when byte 5 is 0), UInt16 with the records at byte 405 (version 2) or 406 (version 3);
/// - a record holds the columns in the order of their IDs, packed, little-endian, with the types of
///   ``valueColumns``. The flag columns (``flagColumns``: `mode`, `ox/red`, `error`, …) share one byte, placed where
///   the first of them is listed;
/// - `VMP loop` (version 0, optional): the number of loops (UInt32), then the index of each loop's first point.
///
/// Everything is bounds-checked: a file cut short, a wrong magic or module tag, a module longer than the file, an
/// unknown column ID, an unknown data-module version, or a record area that does not hold points × record size
/// bytes is an ``InputError`` naming the file and the byte offset (``InputError/byteOffset``) of what is wrong.
public struct BioLogicMPR: Sendable {
    /// How a column is stored in a record.
    public enum ValueType: Sendable, Equatable {
        case float32, float64, uint8, uint16, uint32
        /// Bits of the flags byte: a one-bit flag reads 0 or 1, `mode` (two bits) the value of its bits (0–3).
        case flag(mask: UInt8)

        /// Bytes the column takes in a record (the flags byte is counted once, by the record layout).
        public var size_bytes: Int {
            switch self {
            case .float64: return 8
            case .float32, .uint32: return 4
            case .uint16: return 2
            case .uint8, .flag: return 1
            }
        }
    }

    /// A module of the file, with the byte offsets of its header and data.
    public struct Module: Sendable, Equatable {
        /// Short name without padding (`VMP Set`, `VMP data`, `VMP LOG`, `VMP loop`).
        public var shortName: String
        public var longName: String
        public var version: Int
        /// As written, `MM/DD/YY` (or with `-` or `.`).
        public var date: String
        /// Offset of the module's `MODULE` tag.
        public var offset: Int
        /// Offset of the module's data, and its length in bytes.
        public var dataOffset: Int
        public var length_bytes: Int
    }

    /// A column of the data table: its ID in the file, its name (galvani's; a repeated name gets " 2", " 3", …),
    /// how it is stored, and one value per point.
    public struct Column: Sendable, Equatable {
        public var id: Int
        public var name: String
        public var type: ValueType
        public var values: [Double]
    }

    /// The 52 bytes every `.mpr` starts with.
    public static let magic: [UInt8] = Array("BIO-LOGIC MODULAR FILE\u{1A}".utf8)
        + Array(repeating: 0x20, count: 48 - 23) + [0, 0, 0, 0]

    public let path: String
    public let modules: [Module]
    /// Version of the `VMP data` module (0, 2 or 3).
    public let dataVersion: Int
    /// The column IDs in file order.
    public let columnIDs: [Int]
    /// The data table, in file order (flag columns each decoded from the shared flags byte).
    public let columns: [Column]
    /// Number of points (records).
    public let pointCount: Int
    /// Offset of the column-ID list and of the first record.
    public let columnIDsOffset: Int
    public let recordsOffset: Int
    public let recordSize_bytes: Int
    /// 0-based index of the first point of each loop, from the `VMP loop` module (nil without one, or for a loop
    /// module version other than 0).
    public let loopStarts: [Int]?

    /// The date of the `VMP Set` module (when the experiment was set up), as written.
    public var startDate: String? { modules.first { $0.shortName == "VMP Set" }?.date }

    /// The column named `name` (exactly as in ``columns``), or nil.
    public func column(_ name: String) -> Column? { columns.first { $0.name == name } }

    /// Whether `data` starts with the `BIO-LOGIC MODULAR FILE` magic (how readers tell an `.mpr` from text).
    public static func isMPR(_ data: Data) -> Bool { data.starts(with: magic.prefix(22)) }

    /// Reads the file at `path`; a missing or unreadable file is an ``InputError`` too.
    public init(path: String) throws {
        try self.init(data: DelimitedText.contents(path: path), path: path)
    }

    /// Parses the bytes of an `.mpr` file; `path` names it in errors.
    public init(data: Data, path: String) throws {
        let bytes = Bytes(bytes: [UInt8](data), path: path)
        self.path = path

        try bytes.require(0, Self.magic.count, "the 52-byte 'BIO-LOGIC MODULAR FILE' header")
        if let k = Self.magic.indices.first(where: { bytes[$0] != Self.magic[$0] }) {
            throw bytes.error(k, "not a BioLogic .mpr file: byte \(k) of the header is \(bytes[k]), expected "
                + "\(Self.magic[k]) (a file starts 'BIO-LOGIC MODULAR FILE', 0x1A, spaces to byte 48, four zeros)")
        }
        modules = try Self.modules(bytes, from: Self.magic.count)

        _ = try Self.single("VMP Set", in: modules, bytes)
        let module = try Self.single("VMP data", in: modules, bytes)
        let layout = try Self.dataLayout(module, bytes)
        dataVersion = module.version
        columnIDs = layout.ids
        pointCount = layout.points
        columnIDsOffset = layout.idsOffset
        recordsOffset = layout.recordsOffset
        recordSize_bytes = layout.recordSize

        let area = module.dataOffset + module.length_bytes - layout.recordsOffset
        let needed = layout.points * layout.recordSize
        guard area == needed else {
            throw bytes.error(layout.recordsOffset, "the data module's record area holds \(area) bytes (to byte "
                + "\(module.dataOffset + module.length_bytes)), but \(layout.points) points × \(layout.recordSize) bytes "
                + "per record = \(needed) bytes (the point count at byte \(module.dataOffset), or the module, is wrong)")
        }
        columns = layout.fields.map { field in
            var values: [Double] = []
            values.reserveCapacity(layout.points)
            var at = layout.recordsOffset + field.offset
            for _ in 0..<layout.points {
                values.append(bytes.value(at, field.type))
                at += layout.recordSize
            }
            return Column(id: field.id, name: field.name, type: field.type, values: values)
        }
        loopStarts = try Self.loops(in: modules, bytes)
    }

    // MARK: - Column table (galvani 0.5.0 `VMPdata_colID_dtype_map` and `VMPdata_colID_flag_map`)

    /// Column ID → name and stored type.
    public static let valueColumns: [Int: (name: String, type: ValueType)] = [
        4: ("time/s", .float64), 5: ("control/V/mA", .float32), 6: ("Ewe/V", .float32), 7: ("dq/mA.h", .float64),
        8: ("I/mA", .float32), // either I or <I>
        9: ("Ece/V", .float32), 11: ("<I>/mA", .float64), 13: ("(Q-Qo)/mA.h", .float64),
        16: ("Analog IN 1/V", .float32), 17: ("Analog IN 2/V", .float32), 19: ("control/V", .float32),
        20: ("control/mA", .float32), 23: ("dQ/mA.h", .float64), 24: ("cycle number", .float64),
        26: ("Rapp/Ohm", .float32), 27: ("Ewe-Ece/V", .float32), 32: ("freq/Hz", .float32), 33: ("|Ewe|/V", .float32),
        34: ("|I|/A", .float32), 35: ("Phase(Z)/deg", .float32), 36: ("|Z|/Ohm", .float32), 37: ("Re(Z)/Ohm", .float32),
        38: ("-Im(Z)/Ohm", .float32), 39: ("I Range", .uint16), 69: ("R/Ohm", .float32), 70: ("P/W", .float32),
        74: ("|Energy|/W.h", .float64), 75: ("Analog OUT/V", .float32), 76: ("<I>/mA", .float32),
        77: ("<Ewe>/V", .float32), 78: ("Cs-2/µF-2", .float32), 96: ("|Ece|/V", .float32),
        98: ("Phase(Zce)/deg", .float32), 99: ("|Zce|/Ohm", .float32), 100: ("Re(Zce)/Ohm", .float32),
        101: ("-Im(Zce)/Ohm", .float32), 123: ("Energy charge/W.h", .float64), 124: ("Energy discharge/W.h", .float64),
        125: ("Capacitance charge/µF", .float64), 126: ("Capacitance discharge/µF", .float64), 131: ("Ns", .uint16),
        163: ("|Estack|/V", .float32), 168: ("Rcmp/Ohm", .float32), 169: ("Cs/µF", .float32), 172: ("Cp/µF", .float32),
        173: ("Cp-2/µF-2", .float32), 174: ("<Ewe>/V", .float32), 178: ("(Q-Qo)/C", .float32), 179: ("dQ/C", .float32),
        182: ("step time/s", .float64), 211: ("Q charge/discharge/mA.h", .float64), 212: ("half cycle", .uint32),
        213: ("z cycle", .uint32), 217: ("THD Ewe/%", .float32), 218: ("THD I/%", .float32), 220: ("NSD Ewe/%", .float32),
        221: ("NSD I/%", .float32), 223: ("NSR Ewe/%", .float32), 224: ("NSR I/%", .float32),
        230: ("|Ewe h2|/V", .float32), 231: ("|Ewe h3|/V", .float32), 232: ("|Ewe h4|/V", .float32),
        233: ("|Ewe h5|/V", .float32), 234: ("|Ewe h6|/V", .float32), 235: ("|Ewe h7|/V", .float32),
        236: ("|I h2|/A", .float32), 237: ("|I h3|/A", .float32), 238: ("|I h4|/A", .float32), 239: ("|I h5|/A", .float32),
        240: ("|I h6|/A", .float32), 241: ("|I h7|/A", .float32), 242: ("|E2|/V", .float32),
        271: ("Phase(Z1) / deg", .float32), 272: ("Phase(Z2) / deg", .float32), 301: ("|Z1|/Ohm", .float32),
        302: ("|Z2|/Ohm", .float32), 331: ("Re(Z1)/Ohm", .float32), 332: ("Re(Z2)/Ohm", .float32),
        361: ("-Im(Z1)/Ohm", .float32), 362: ("-Im(Z2)/Ohm", .float32), 391: ("<E1>/V", .float32),
        392: ("<E2>/V", .float32), 422: ("Phase(Zstack)/deg", .float32), 423: ("|Zstack|/Ohm", .float32),
        424: ("Re(Zstack)/Ohm", .float32), 425: ("-Im(Zstack)/Ohm", .float32), 426: ("<Estack>/V", .float32),
        430: ("Phase(Zwe-ce)/deg", .float32), 431: ("|Zwe-ce|/Ohm", .float32), 432: ("Re(Zwe-ce)/Ohm", .float32),
        433: ("-Im(Zwe-ce)/Ohm", .float32), 434: ("(Q-Qo)/C", .float32), 435: ("dQ/C", .float32),
        438: ("step time/s", .float64), 441: ("<Ecv>/V", .float32), 462: ("Temperature/°C", .float32),
        467: ("Q charge/discharge/mA.h", .float64), 468: ("half cycle", .uint32), 469: ("z cycle", .uint32),
        471: ("<Ece>/V", .float32), 473: ("THD Ewe/%", .float32), 474: ("THD I/%", .float32), 476: ("NSD Ewe/%", .float32),
        477: ("NSD I/%", .float32), 479: ("NSR Ewe/%", .float32), 480: ("NSR I/%", .float32),
        486: ("|Ewe h2|/V", .float32), 487: ("|Ewe h3|/V", .float32), 488: ("|Ewe h4|/V", .float32),
        489: ("|Ewe h5|/V", .float32), 490: ("|Ewe h6|/V", .float32), 491: ("|Ewe h7|/V", .float32),
        492: ("|I h2|/A", .float32), 493: ("|I h3|/A", .float32), 494: ("|I h4|/A", .float32), 495: ("|I h5|/A", .float32),
        496: ("|I h6|/A", .float32), 497: ("|I h7|/A", .float32), 498: ("Q charge/mA.h", .float64),
        499: ("Q discharge/mA.h", .float64), 500: ("step time/s", .float64), 501: ("Efficiency/%", .float64),
        502: ("Capacity/mA.h", .float64), 505: ("Rdc/Ohm", .float32), 509: ("Acir/Dcir Control", .uint8),
    ]

    /// Column ID → name and bit mask in the shared flags byte.
    public static let flagColumns: [Int: (name: String, mask: UInt8)] = [
        1: ("mode", 0x03), 2: ("ox/red", 0x04), 3: ("error", 0x08), 21: ("control changes", 0x10),
        31: ("Ns changes", 0x20), 65: ("counter inc.", 0x80),
    ]

    // MARK: - Modules

    /// The modules from `start` to the end of the file.
    static func modules(_ bytes: Bytes, from start: Int) throws -> [Module] {
        var modules: [Module] = []
        var at = start
        while at < bytes.count {
            let n = modules.count + 1
            try bytes.require(at, 6, "the 'MODULE' tag of module \(n)")
            guard bytes.text(at, 6) == "MODULE" else {
                throw bytes.error(at, "expected the tag 'MODULE' of module \(n), found '\(bytes.text(at, 6))'")
            }
            let header = at + 6
            try bytes.require(header, 51, "the header of module \(n)")
            let extended = bytes.uint32(header + 35) == 0xFFFF_FFFF // EC-Lab ≥ 11.50
            if extended { try bytes.require(header, 59, "the header of module \(n) (EC-Lab ≥ 11.50 layout)") }
            let lengthAt = header + (extended ? 39 : 35)
            let dataOffset = header + (extended ? 59 : 51)
            let module = Module(shortName: bytes.text(header, 10), longName: bytes.text(header + 10, 25),
                                version: Int(bytes.uint32(lengthAt + 4)),
                                date: bytes.text(header + (extended ? 51 : 43), 8), offset: at,
                                dataOffset: dataOffset, length_bytes: Int(bytes.uint32(lengthAt)))
            guard module.length_bytes <= bytes.count - dataOffset else {
                throw bytes.error(lengthAt, "module '\(module.shortName)' declares \(module.length_bytes) bytes of data from "
                    + "byte \(dataOffset), past the end of the file at byte \(bytes.count)")
            }
            modules.append(module)
            at = dataOffset + module.length_bytes
        }
        return modules
    }

    /// The one module named `name`: none, or more than one, is an error.
    static func single(_ name: String, in modules: [Module], _ bytes: Bytes) throws -> Module {
        let found = modules.filter { $0.shortName == name }
        guard found.count == 1 else {
            if found.count > 1 { throw bytes.error(found[1].offset, "a second '\(name)' module (one expected)") }
            let present = modules.map { "'\($0.shortName)'" }.joined(separator: ", ")
            throw bytes.error(bytes.count, "no '\(name)' module (the file has \(present.isEmpty ? "none" : present))")
        }
        return found[0]
    }

    /// Where a column sits in a record.
    struct Field {
        var id: Int
        var name: String
        var type: ValueType
        var offset: Int
    }

    /// The data module's point count, column IDs and record layout.
    static func dataLayout(_ module: Module, _ bytes: Bytes)
        throws -> (points: Int, ids: [Int], idsOffset: Int, recordsOffset: Int, recordSize: Int, fields: [Field]) {
        let base = module.dataOffset, end = base + module.length_bytes
        func require(_ offset: Int, _ count: Int, _ what: String) throws {
            guard offset + count <= end else {
                throw bytes.error(offset, "the data module (\(module.length_bytes) bytes from byte \(base)) ends before "
                    + "\(what) (\(count) bytes from byte \(offset))")
            }
        }
        try require(base, 5, "its point and column counts")
        let points = Int(bytes.uint32(base)), n = Int(bytes[base + 4])
        guard n > 0 else { throw bytes.error(base + 4, "the data module lists no columns") }

        let idsOffset = base + 5
        // Offset of each column ID, the header bytes that must be zero, and where the records start.
        let idOffsets: [Int], zerosFrom: Int, zerosTo: Int, recordsOffset: Int
        switch module.version {
        case 0 where bytes[base + 5] != 0:
            try require(idsOffset, n, "its \(n) one-byte column IDs")
            idOffsets = (0..<n).map { idsOffset + $0 }
            (zerosFrom, zerosTo, recordsOffset) = (idsOffset + n, base + 100, base + 100)
        case 0: // EC-Lab ≥ 11.50: [0, id] pairs; bytes 5 + 2n and 1006 may be 1
            try require(idsOffset, 2 * n, "its \(n) two-byte column-ID slots")
            idOffsets = (0..<n).map { idsOffset + 2 * $0 + 1 }
            (zerosFrom, zerosTo, recordsOffset) = (idsOffset + 2 * n + 1, base + 1006, base + 1007)
        case 2, 3:
            try require(idsOffset, 2 * n, "its \(n) UInt16 column IDs")
            idOffsets = (0..<n).map { idsOffset + 2 * $0 }
            (zerosFrom, zerosTo, recordsOffset) = (idsOffset + 2 * n, base + 405, base + (module.version == 3 ? 406 : 405))
        default:
            throw bytes.error(module.offset, "data module version \(module.version) is not known (0, 2 and 3 are)")
        }
        let wide = module.version != 0
        let ids = idOffsets.map { wide ? Int(bytes.uint16($0)) : Int(bytes[$0]) }
        guard zerosFrom <= recordsOffset else {
            throw bytes.error(idsOffset, "\(n) column IDs run past the start of the records (byte \(recordsOffset))")
        }
        try require(zerosFrom, recordsOffset - zerosFrom, "the start of its records")
        if zerosFrom < zerosTo, let k = (zerosFrom..<zerosTo).first(where: { bytes[$0] != 0 }) {
            throw bytes.error(k, "the data module's header holds \(bytes[k]) where zeros follow the column IDs "
                + "(a layout this reader does not know)")
        }

        var fields: [Field] = []
        var flagsOffset: Int?
        var size = 0
        var counts: [String: Int] = [:]
        for (k, id) in ids.enumerated() {
            if let flag = flagColumns[id] {
                if flagsOffset == nil { flagsOffset = size; size += 1 }
                guard !fields.contains(where: { $0.id == id }) else { continue } // one flags byte, one column per flag
                fields.append(Field(id: id, name: flag.name, type: .flag(mask: flag.mask), offset: flagsOffset ?? 0))
            } else if let column = valueColumns[id] {
                counts[column.name, default: 0] += 1
                let count = counts[column.name] ?? 1
                fields.append(Field(id: id, name: count > 1 ? "\(column.name) \(count)" : column.name, type: column.type,
                                    offset: size))
                size += column.type.size_bytes
            } else {
                let after = fields.last.map { ", after '\($0.name)'" } ?? ""
                throw bytes.error(idOffsets[k], "column ID \(id) (column \(k + 1) of \(n)\(after)) is not a known "
                    + "BioLogic column")
            }
        }
        return (points, ids, idsOffset, recordsOffset, size, fields)
    }

    /// The loop starts of the `VMP loop` module, if any (version 0 only).
    static func loops(in modules: [Module], _ bytes: Bytes) throws -> [Int]? {
        guard let module = modules.first(where: { $0.shortName == "VMP loop" }), module.version == 0 else { return nil }
        let base = module.dataOffset
        guard module.length_bytes >= 4 else {
            throw bytes.error(base, "the loop module (\(module.length_bytes) bytes) is too short for its loop count")
        }
        let n = Int(bytes.uint32(base))
        guard n <= (module.length_bytes - 4) / 4 else {
            throw bytes.error(base, "the loop module lists \(n) loops but holds room for \((module.length_bytes - 4) / 4)")
        }
        let starts = (0..<n).map { Int(bytes.uint32(base + 4 + 4 * $0)) }
        if let k = starts.indices.dropFirst().first(where: { starts[$0] < starts[$0 - 1] }) {
            throw bytes.error(base + 4 + 4 * k, "loop \(k + 1) starts at point \(starts[k]), before loop \(k) "
                + "(\(starts[k - 1]))")
        }
        return starts
    }

    // MARK: - As a table for the text readers

    /// The data as a table for the readers that take one (``ImpedanceFile``, ``BioLogicCyclerReader``): the column
    /// names as header and one row per point, whose `line` is the point's 1-based record number. Each value is
    /// written as EC-Lab's text export writes it (a Float32 with 8 significant digits, a Float64 in full, integers
    /// and flags as integers), so the readers see the numbers a text export of the same data gives.
    func table() -> DelimitedText {
        let text: [[Substring]] = columns.map { column in
            column.values.map { x in
                switch column.type {
                case .float32: return Substring(String(format: "%.8g", x))
                case .float64: return Substring(x.description)
                case .uint8, .uint16, .uint32, .flag: return Substring(String(Int(x)))
                }
            }
        }
        let rows = (0..<pointCount).map { k in DelimitedText.Row(line: k + 1, fields: text.map { $0[k] }) }
        return DelimitedText(path: path, header: columns.map(\.name), rows: rows)
    }

    /// `error` from a reader of ``table()`` placed in the file: a row's `line` (a record number) becomes the byte
    /// offset of that record, line 0 (the column names) the offset of the column IDs.
    func located(_ error: InputError) -> InputError {
        guard error.file == path, let line = error.line, error.byteOffset == nil else { return error }
        var e = error
        e.line = nil
        if line >= 1, line <= pointCount {
            e.byteOffset = recordsOffset + (line - 1) * recordSize_bytes
            e.message = "record \(line): " + e.message.replacingOccurrences(of: "at line ", with: "at record ")
        } else {
            e.byteOffset = columnIDsOffset
        }
        return e
    }
}

extension BioLogicMPR {
    /// The bytes of a file with bounds-checked little-endian loads (byte by byte, no unaligned pointer casts).
    struct Bytes {
        let bytes: [UInt8]
        let path: String

        var count: Int { bytes.count }

        /// Call before reading `count` bytes from `offset`: an error naming `what` when the file ends first.
        func require(_ offset: Int, _ count: Int, _ what: String) throws {
            guard offset >= 0, count >= 0, offset <= bytes.count - count else {
                throw error(offset, "the file ends at byte \(bytes.count), inside \(what) (\(count) bytes from byte \(offset))")
            }
        }

        func error(_ offset: Int, _ message: String) -> InputError {
            InputError(file: path, byteOffset: offset, message: message)
        }

        subscript(_ offset: Int) -> UInt8 { bytes[offset] }

        func uint16(_ at: Int) -> UInt16 { UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8 }

        func uint32(_ at: Int) -> UInt32 {
            UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
        }

        func uint64(_ at: Int) -> UInt64 { UInt64(uint32(at)) | UInt64(uint32(at + 4)) << 32 }

        /// The value of a column at `at` (checked by the caller against the record area).
        func value(_ at: Int, _ type: BioLogicMPR.ValueType) -> Double {
            switch type {
            case .float32: return Double(Float(bitPattern: uint32(at)))
            case .float64: return Double(bitPattern: uint64(at))
            case .uint8: return Double(bytes[at])
            case .uint16: return Double(uint16(at))
            case .uint32: return Double(uint32(at))
            case .flag(let mask):
                let bits = bytes[at] & mask
                return mask.nonzeroBitCount > 1 ? Double(bits) : (bits != 0 ? 1 : 0)
            }
        }

        /// `count` bytes from `offset` as Latin-1 text, without the padding (spaces, NULs) at the end.
        func text(_ offset: Int, _ count: Int) -> String {
            let s = DelimitedText.decode(Data(bytes[offset..<offset + count]))
            return String(s.reversed().drop { $0 == " " || $0 == "\0" }.reversed())
        }
    }
}
