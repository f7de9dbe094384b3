import Foundation

/// `celltwin list`: the model files that load with their key numbers, and those that do not with their errors.
public struct ListingReport: Report {
    public let listing: Listing

    public init(_ listing: Listing) { self.listing = listing }

    public func files() -> [ReportFile] { [] }
    public func table() -> String { listing.table }
    public func csv() -> String { listing.csv }
    public func json() throws -> String { try SolutionReport.json(listing.document) }
    public var notesBesideCSV: [String] { listing.failures.map { "error: \($0.kind) \($0.id): \($0.error)" } }
}
