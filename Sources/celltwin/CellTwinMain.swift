import CellTwinCLI

@main enum CellTwinMain { static func main() { CellTwinCommand.main() } }
