import PRCCore

/// One subcommand of an executable: how to parse it and what it does.
public struct Subcommand: Sendable {
    /// Parsing and help specification.
    public let spec: CommandSpec
    /// The action, given parsed arguments; throws user-facing errors.
    public let run: @Sendable (ParsedArguments) throws -> Void

    /// Declares a subcommand.
    public init(spec: CommandSpec, run: @escaping @Sendable (ParsedArguments) throws -> Void) {
        self.spec = spec; self.run = run
    }

    /// The word that selects it ("train" for "prc train").
    public var word: String { String(spec.name.split(separator: " ").last ?? "") }
}

/// Dispatches `args` to a subcommand of `tool`, printing help or a one-line error; returns the exit status.
public func runTool(_ tool: String, summary: String, subcommands: [Subcommand], args: [String]) -> Int32 {
    let width = (subcommands.map(\.word.count).max() ?? 0) + 2
    let overview = (["usage: \(tool) COMMAND [options]", "", summary, "", "commands:"]
        + subcommands.map { "  " + $0.word.padding(width) + $0.spec.summary }
        + ["", "'\(tool) COMMAND --help' shows the options of a command."]).joined(separator: "\n")
    guard let word = args.first else {
        Console.err(overview)
        return 2
    }
    if word == "--help" || word == "-h" || word == "help" {
        Console.out(overview)
        return 0
    }
    guard let command = subcommands.first(where: { $0.word == word }) else {
        Console.err("\(tool): error: unknown command '\(word)' (commands: \(subcommands.map(\.word).joined(separator: ", ")))")
        return 2
    }
    do {
        let parsed = try parseArguments(Array(args.dropFirst()), spec: command.spec)
        try command.run(parsed)
        return 0
    } catch let help as HelpRequested {
        Console.out(help.text)
        return 0
    } catch let e as UserFacingError {
        Console.err("\(tool): error: \(e.description)")
        return e.exitCode
    } catch {
        Console.err("\(tool): error: \(describeForUser(error))")
        return 1
    }
}

extension String {
    /// Pads with spaces on the right to at least `width` characters.
    func padding(_ width: Int) -> String { count >= width ? self + " " : self + String(repeating: " ", count: width - count) }
}
