// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "CellTwin",
    products: [
        .library(name: "CellTwin", targets: ["CellTwin"]),
        .executable(name: "celltwin", targets: ["celltwin"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/swiftcsv/SwiftCSV", from: "0.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/JohnSundell/Plot", from: "0.14.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CGSL",
            pkgConfig: "gsl",
            providers: [.apt(["libgsl-dev"])]
        ),
        .target(
            name: "CellTwin",
            dependencies: [
                "CGSL",
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "SwiftCSV", package: "SwiftCSV"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Plot", package: "Plot"),
            ],
            // The integrator's hot loop reads and writes class state on every right-hand-side call; dynamic
            // exclusivity checks (swift_beginAccess) cost ~7 % of a release run there. Debug builds keep them.
            swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]
        ),
        // Workloads timed by `celltwin bench`: not part of the library.
        .target(name: "CellTwinBenchmarks", dependencies: ["CellTwin"]),
        // The command line: every command's options, checks and output (tested in process).
        .target(
            name: "CellTwinCLI",
            dependencies: [
                "CellTwin",
                "CellTwinBenchmarks",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "celltwin", dependencies: ["CellTwinCLI"]),
        .testTarget(
            name: "CellTwinTests",
            dependencies: [
                "CellTwin",
                "CellTwinBenchmarks",
                "CellTwinCLI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            // Data files the tests find by #filePath (not bundle resources).
            exclude: ["Fixtures"]
        ),
    ]
)
