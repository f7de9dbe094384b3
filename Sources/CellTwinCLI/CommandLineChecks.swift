import ArgumentParser
import CellTwin
import Foundation

/// Checks on the raw arguments that ArgumentParser does not make.
enum CommandLineChecks {
    /// The `--name` of each option argument (`--name=value` too), up to a `--` terminator.
    static func optionNames(_ arguments: [String]) -> [String] {
        var names: [String] = []
        for a in arguments {
            if a == "--" { break }
            guard a.hasPrefix("--"), a.count > 2 else { continue }
            names.append(String(a.split(separator: "=", maxSplits: 1)[0]))
        }
        return names
    }

    /// The value of `--name value` or `--name=value`, if given.
    static func value(of name: String, in arguments: [String]) -> String? {
        for (k, a) in arguments.enumerated() {
            if a == name, k + 1 < arguments.count { return arguments[k + 1] }
            if a.hasPrefix(name + "=") { return String(a.dropFirst(name.count + 1)) }
        }
        return nil
    }

    /// A repeated option (`--c-rate 1 --c-rate 2`) is refused instead of silently taking the last value.
    static func refuseRepeatedOptions(_ arguments: [String]) throws {
        var seen = Set<String>()
        for name in optionNames(arguments) where !seen.insert(name).inserted {
            throw ValidationError("option \(name) is given more than once; give it once")
        }
    }

    /// The subcommand names at the start of `arguments` (`["eis", "fit"]`).
    static func commandPath(_ arguments: [String]) -> [String] {
        var path: [String] = []
        var type: ParsableCommand.Type = CellTwinCommand.self
        for a in arguments {
            guard let sub = type.configuration.subcommands.first(where: { $0._commandName == a }) else { break }
            path.append(a)
            type = sub
        }
        return path
    }

    /// The command type the arguments select (a default subcommand included).
    static func commandType(_ arguments: [String]) -> ParsableCommand.Type {
        var type: ParsableCommand.Type = CellTwinCommand.self
        for a in arguments {
            guard let sub = type.configuration.subcommands.first(where: { $0._commandName == a }) else { break }
            type = sub
        }
        if let d = type.configuration.defaultSubcommand { type = d }
        return type
    }

    /// The first `--option` the selected command does not know (read from its help, aliases included), so that a
    /// misspelt option is named rather than a required one it hid.
    static func unknownOption(_ arguments: [String]) -> String? {
        let type = commandType(arguments)
        guard type != CellTwinCommand.self else { return nil }
        let help = CellTwinCommand.helpMessage(for: type, columns: 400)
        var known: Set<String> = ["--help", "--version"]
        var word = ""
        for c in help + " " {
            if c.isLetter || c.isNumber || c == "-" { word.append(c) } else {
                if word.hasPrefix("--"), word.count > 2 { known.insert(word) }
                word = ""
            }
        }
        return optionNames(arguments).first { !known.contains($0) }
    }

    /// Commands that take the common options but write no files yet: `--output` is refused rather than ignored.
    static func refuseIgnoredOutput(_ command: ParsableCommand) throws {
    }

    /// The `--output` folder of a parsed command, when it writes one.
    static func outputDirectory(of command: ParsableCommand) -> String? {
        for child in Mirror(reflecting: command).children {
            if let group = child.value as? OptionGroup<CommonOptions> { return group.wrappedValue.output }
        }
        return nil
    }
}
