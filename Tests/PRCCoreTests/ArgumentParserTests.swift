import Testing
@testable import PRCCore

@Suite struct ArgumentParserTests {
    let spec = CommandSpec(name: "prc train", summary: "train", options: [
        .value("--epochs", "E", "epochs"), .value("--lr", "F", "rate"), .flag("--no-bias", "no biases"),
        .value("--mirror", "URL", "mirror", repeated: true),
    ])

    @Test func valuesFlagsAndRepeats() throws {
        let p = try parseArguments(["--epochs", "12", "--lr=0.5", "--no-bias", "--mirror", "a", "--mirror", "b", "--quiet"], spec: spec)
        #expect(try p.int("--epochs") == 12)
        #expect(try p.double("--lr") == 0.5)
        #expect(p.flag("--no-bias"))
        #expect(p.strings("--mirror") == ["a", "b"])
        #expect(p.quiet)
        #expect(try p.int("--missing") == nil)
    }

    @Test func unknownOptionIsAUsageError() {
        #expect(throws: UsageError.self) { try parseArguments(["--epoch", "3"], spec: spec) }
        do { _ = try parseArguments(["--epoch", "3"], spec: spec) } catch let e as UsageError {
            #expect(e.description == "prc train: unknown option '--epoch' (see 'prc train --help')")
            #expect(e.exitCode == 2)
        } catch { Issue.record("wrong error \(error)") }
    }

    @Test func missingValue() {
        do { _ = try parseArguments(["--epochs"], spec: spec); Issue.record("no error") } catch let e as UsageError {
            #expect(e.description.contains("--epochs needs a value"))
        } catch { Issue.record("wrong error \(error)") }
    }

    @Test func malformedNumbers() throws {
        let p = try parseArguments(["--epochs", "ten", "--lr", "nan"], spec: spec)
        #expect(throws: UsageError.self) { try p.int("--epochs") }
        #expect(throws: UsageError.self) { try p.double("--lr") }
        let q = try parseArguments(["--epochs", "-1"], spec: spec)
        #expect(throws: UsageError.self) { try q.int("--epochs", in: 0...Int.max) }
    }

    @Test func helpCarriesOptions() {
        do { _ = try parseArguments(["--help"], spec: spec); Issue.record("no help") } catch let h as HelpRequested {
            #expect(h.text.contains("--epochs E"))
            #expect(h.text.contains("--quiet"))
        } catch { Issue.record("wrong error \(error)") }
    }

    @Test func unexpectedPositional() {
        #expect(throws: UsageError.self) { try parseArguments(["stray"], spec: spec) }
    }
}
