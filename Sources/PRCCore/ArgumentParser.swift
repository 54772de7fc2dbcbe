/// One option of a command: `--name VALUE` (or `--name=VALUE`), or a bare flag.
public struct OptionSpec: Sendable {
    /// The option name including the leading dashes, e.g. "--epochs".
    public let name: String
    /// Placeholder for the value in help ("E"); nil for a flag without value.
    public let value: String?
    /// One-line help text.
    public let help: String
    /// True when the option may be given several times (values are collected in order).
    public let repeated: Bool

    /// Declares an option taking a value.
    public static func value(_ name: String, _ placeholder: String, _ help: String, repeated: Bool = false) -> OptionSpec {
        OptionSpec(name: name, value: placeholder, help: help, repeated: repeated)
    }

    /// Declares a flag without value.
    public static func flag(_ name: String, _ help: String) -> OptionSpec {
        OptionSpec(name: name, value: nil, help: help, repeated: false)
    }
}

/// A command's name, synopsis, options and positional arguments, enough to parse and to print help.
public struct CommandSpec: Sendable {
    /// Full command name as typed, e.g. "prc train".
    public let name: String
    /// One-line description.
    public let summary: String
    /// Positional argument placeholders for the usage line, e.g. ["PATH..."].
    public let positionals: [String]
    /// Smallest and largest number of positional arguments accepted.
    public let positionalCount: ClosedRange<Int>
    /// The options it accepts (`--help` and `--quiet` are always accepted).
    public let options: [OptionSpec]

    /// Declares a command.
    public init(name: String, summary: String, positionals: [String] = [], positionalCount: ClosedRange<Int> = 0...0, options: [OptionSpec]) {
        self.name = name; self.summary = summary; self.positionals = positionals
        self.positionalCount = positionalCount; self.options = options
    }

    /// The help text: usage line, summary and one line per option.
    public var helpText: String {
        var lines = ["usage: \(name) \((positionals + ["[options]"]).joined(separator: " "))", "", summary, "", "options:"]
        let all = options + [.flag("--quiet", "no progress or notices on stderr"), .flag("--help", "show this help")]
        let width = all.map { $0.name.count + ($0.value.map { $0.count + 1 } ?? 0) }.max() ?? 0
        for o in all {
            let head = o.name + (o.value.map { " " + $0 } ?? "")
            lines.append("  " + head + String(repeating: " ", count: width - head.count + 2) + o.help)
        }
        return lines.joined(separator: "\n")
    }
}

/// Parsed command-line arguments with typed, validated accessors that throw `UsageError`.
public struct ParsedArguments: Sendable {
    /// The command these arguments belong to (for messages).
    public let command: String
    /// Positional arguments in order.
    public let positionals: [String]
    private let values: [String: [String]]
    private let flags: Set<String>

    init(command: String, positionals: [String], values: [String: [String]], flags: Set<String>) {
        self.command = command; self.positionals = positionals; self.values = values; self.flags = flags
    }

    /// True when the flag was given.
    public func flag(_ name: String) -> Bool { flags.contains(name) }

    /// True when the option (flag or valued) was given at all.
    public func has(_ name: String) -> Bool { flags.contains(name) || values[name] != nil }

    /// The last value of an option, or nil.
    public func string(_ name: String) -> String? { values[name]?.last }

    /// All values of a repeated option, in order.
    public func strings(_ name: String) -> [String] { values[name] ?? [] }

    /// `--quiet` was given.
    public var quiet: Bool { flag("--quiet") }

    /// An integer option checked against `range`; nil when absent.
    public func int(_ name: String, in range: ClosedRange<Int> = Int.min...Int.max) throws -> Int? {
        guard let s = string(name) else { return nil }
        guard let v = Int(s) else { throw UsageError("\(command): \(name) expects a whole number, got '\(s)'") }
        guard range.contains(v) else { throw UsageError("\(command): \(name) must be \(describe(range)), got \(v)") }
        return v
    }

    /// A finite floating-point option checked against `range`; nil when absent.
    public func double(_ name: String, in range: ClosedRange<Double> = -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude) throws -> Double? {
        guard let s = string(name) else { return nil }
        guard let v = Double(s), v.isFinite else { throw UsageError("\(command): \(name) expects a number, got '\(s)'") }
        guard range.contains(v) else { throw UsageError("\(command): \(name) must be in [\(range.lowerBound), \(range.upperBound)], got \(s)") }
        return v
    }

    /// An option restricted to a set of words; nil when absent.
    public func choice(_ name: String, _ allowed: [String]) throws -> String? {
        guard let s = string(name) else { return nil }
        guard allowed.contains(s) else {
            throw UsageError("\(command): \(name) must be one of \(allowed.joined(separator: ", ")), got '\(s)'")
        }
        return s
    }

    private func describe(_ r: ClosedRange<Int>) -> String {
        if r.upperBound == Int.max { return "\(r.lowerBound) or more" }
        return "in \(r.lowerBound)…\(r.upperBound)"
    }
}

/// Parses `args` (without the command words) against `spec`.
/// Unknown options, missing values and wrong positional counts throw `UsageError` (exit 2);
/// `--help` throws `HelpRequested`.
public func parseArguments(_ args: [String], spec: CommandSpec) throws -> ParsedArguments {
    var byName: [String: OptionSpec] = [:]
    for o in spec.options { byName[o.name] = o }
    byName["--quiet"] = .flag("--quiet", "")
    byName["--help"] = .flag("--help", "")
    var values: [String: [String]] = [:]
    var flags = Set<String>()
    var positionals: [String] = []
    var i = 0
    var onlyPositionals = false
    while i < args.count {
        let a = args[i]
        i += 1
        if onlyPositionals || !a.hasPrefix("-") || a == "-" {
            positionals.append(a)
            continue
        }
        if a == "--" { onlyPositionals = true; continue }
        if a == "-h" { throw HelpRequested(text: spec.helpText) }
        var name = a
        var inline: String? = nil
        if let eq = a.firstIndex(of: "=") {
            name = String(a[..<eq]); inline = String(a[a.index(after: eq)...])
        }
        guard let o = byName[name] else {
            throw UsageError("\(spec.name): unknown option '\(name)' (see '\(spec.name) --help')")
        }
        if name == "--help" { throw HelpRequested(text: spec.helpText) }
        if o.value == nil {
            if inline != nil { throw UsageError("\(spec.name): \(name) takes no value") }
            flags.insert(name)
            continue
        }
        let v: String
        if let inline { v = inline } else {
            guard i < args.count else { throw UsageError("\(spec.name): \(name) needs a value (\(o.value ?? "VALUE"))") }
            v = args[i]; i += 1
        }
        if o.repeated { values[name, default: []].append(v) } else { values[name] = [v] }
    }
    guard spec.positionalCount.contains(positionals.count) else {
        if positionals.count > spec.positionalCount.upperBound, let extra = positionals.last {
            throw UsageError("\(spec.name): unexpected argument '\(extra)' (see '\(spec.name) --help')")
        }
        throw UsageError("\(spec.name): missing \(spec.positionals.joined(separator: " ")) (see '\(spec.name) --help')")
    }
    return ParsedArguments(command: spec.name, positionals: positionals, values: values, flags: flags)
}
