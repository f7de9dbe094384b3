import Foundation
import Testing
@testable import CellTwin

/// `@Nullable` keeps a missing value's key as JSON null, where a plain optional drops the key.
@Suite struct NullableTests {
    struct Row: Encodable, Sendable {
        var name: String
        @Nullable var value: Double?
        var plain: Int?
    }

    static func json(_ row: Row) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(row), as: UTF8.self)
    }

    @Test func aMissingValueIsNullAndAPresentOneIsItself() throws {
        #expect(try Self.json(Row(name: "a", value: nil, plain: nil)) == #"{"name":"a","value":null}"#)
        #expect(try Self.json(Row(name: "b", value: 2.5, plain: 3)) == #"{"name":"b","plain":3,"value":2.5}"#)
    }
}
