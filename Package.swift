// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "coventure",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "coventure", targets: ["coventure"]),
        .library(name: "CoventureCore", targets: ["CoventureCore"]),
        .library(name: "CoventureServer", targets: ["CoventureServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.3"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-kit.git", from: "1.57.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/JohnSundell/Plot.git", from: "0.14.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
    ],
    targets: [
        .target(
            name: "CoventureCore",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")]
        ),
        .target(
            name: "CoventureServer",
            dependencies: [
                "CoventureCore",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Plot", package: "Plot"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // The story demo, the large benchmark dataset and the bulk ledger writer: they write rows beside the recorder on
        // purpose, so they live outside the product's server target, whose one write path is the `Recorder`. What they
        // need of the server is `package` (visible to this package's targets only).
        .target(
            name: "CoventureDemo",
            dependencies: [
                "CoventureCore",
                "CoventureServer",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "SQLKit", package: "sql-kit"),
            ]
        ),
        .executableTarget(
            name: "coventure",
            dependencies: [
                "CoventureDemo",
                "CoventureServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "CoventureCoreTests",
            dependencies: [
                "CoventureCore",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "CoventureServerTests",
            dependencies: [
                "CoventureDemo",
                "CoventureServer",
                .product(name: "VaporTesting", package: "vapor"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
