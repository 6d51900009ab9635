import Testing
@testable import PMBatchConfig

@Suite("TOML string quoting")
struct TOMLTextTests {
    @Test("a TOML basic string: quote and backslash escaped, controls and DEL as \\uXXXX", arguments: [
        ("door-7d", #""door-7d""#),
        ("", #""""#),
        (#"say "hi""#, #""say \"hi\"""#),
        (#"C:\dumps"#, #""C:\\dumps""#),
        ("a\nb\tc\rd", #""a\nb\tc\rd""#),
        ("esc\u{1B}del\u{7F}", #""esc\u001Bdel\u007F""#),
        ("Zürich 电梯", #""Zürich 电梯""#),
    ])
    func quoting(text: String, expected: String) {
        #expect(TOMLText.quoted(text) == expected)
    }
}
