import PMBatchCore
import Testing

@Suite("CSV field quoting")
struct CSVFieldTests {
    @Test("RFC 4180: quoted only when needed, inner quotes doubled", arguments: [
        ("plain", "plain"),
        ("", ""),
        ("a,b", "\"a,b\""),
        ("say \"hi\"", "\"say \"\"hi\"\"\""),
        ("\"", "\"\"\"\""),
        ("line\nbreak", "\"line\nbreak\""),
        ("cr\r", "\"cr\r\""),
        ("crlf\r\n", "\"crlf\r\n\""),
        ("=1+1", "=1+1"),
        ("Zürich; 电梯", "Zürich; 电梯"),
        ("a\"\u{301}b", "\"a\"\"\u{301}b\""),
    ])
    func quoting(field: String, expected: String) {
        #expect(CSVField.quoted(field) == expected)
    }
}
