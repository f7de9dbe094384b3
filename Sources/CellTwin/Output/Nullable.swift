import Foundation

/// An optional that JSON writes as `null` when absent. Synthesized `Encodable` leaves a nil optional's key out; the
/// records of the command line keep every key, so a property that may be missing is declared `@Nullable`.
@propertyWrapper
public struct Nullable<Value: Encodable & Sendable>: Encodable, Sendable {
    public var wrappedValue: Value?

    public init(wrappedValue: Value?) { self.wrappedValue = wrappedValue }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        if let wrappedValue { try c.encode(wrappedValue) } else { try c.encodeNil() }
    }
}
