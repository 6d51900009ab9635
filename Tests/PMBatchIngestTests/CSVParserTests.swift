import Testing
import PMBatchCore
@testable import PMBatchIngest

@Suite struct CSVParserTests {
    static let chunkSizes = [1, 2, 3, 5, 7, 64, 1 << 20]

    @Test(arguments: chunkSizes)
    func quotedFieldsAndLineNumbers(chunkSize: Int) throws {
        let text = "a,b,c\n1,\"x,y\",\"say \"\"hi\"\"\"\n2,\"multi\nline\r\nfield\",z\n\n3,,\"\"\n"
        let sink = try CSVParser.parse(text, chunkSize: chunkSize)
        #expect(sink.rows.map(\.line) == [1, 2, 3, 7])
        #expect(sink.rows[1].fields == ["1", "x,y", "say \"hi\""])
        #expect(sink.rows[2].fields == ["2", "multi\nline\r\nfield", "z"])
        #expect(sink.rows[3].fields == ["3", "", ""])
    }

    @Test(arguments: chunkSizes)
    func bomCRLFAndNoFinalNewline(chunkSize: Int) throws {
        let text = "\u{FEFF}a,b\r\n1,2\r\n\r\n3,4"
        let sink = try CSVParser.parse(text, chunkSize: max(chunkSize, 3))
        #expect(sink.rows.map(\.fields) == [["a", "b"], ["1", "2"], ["3", "4"]])
        #expect(sink.rows.map(\.line) == [1, 2, 4])
    }

    @Test(arguments: chunkSizes)
    func unterminatedQuoteIsRejectedAndStops(chunkSize: Int) throws {
        let text = "a,b\n1,2\n3,\"open\n4,5\n"
        let sink = try CSVParser.parse(text, chunkSize: chunkSize)
        #expect(sink.rows.count == 2)
        #expect(sink.rejected.count == 1)
        #expect(sink.rejected.first?.line == 3)
        #expect(sink.rejected.first?.reason == .unterminatedQuote)
        #expect(sink.rejected.first?.raw == "3,\"open\n4,5\n")
    }

    @Test(arguments: [3, 16, 1 << 20])
    func tooLongLineIsSkipped(chunkSize: Int) throws {
        let long = String(repeating: "x", count: 100)
        let text = "a,b\n1,2\n\(long),\"q\nq\"\n3,4\n"
        let sink = try CSVParser.parse(text, chunkSize: chunkSize, maxRecordBytes: 50)
        #expect(sink.rows.map(\.fields) == [["a", "b"], ["1", "2"], ["3", "4"]])
        #expect(sink.rows.last?.line == 5)
        #expect(sink.rejected.map(\.line) == [3])
        #expect(sink.rejected.map(\.reason) == [.lineTooLong])
    }

    @Test func invalidUTF8RejectsTheFileNamingTheLine() throws {
        var bytes = Array("a,b\n1,2\n3,".utf8)
        bytes += [0xFF, 0x0A]
        let parser = CSVParser(displayName: "bad.csv")
        var sink = CollectingSink()
        #expect(throws: IngestError.notUTF8(file: "bad.csv", line: 3)) {
            try bytes.withUnsafeBytes { try parser.consume($0, into: &sink) }
        }
    }

    @Test func nulByteRejectsTheFile() throws {
        let parser = CSVParser(displayName: "nul.csv")
        var sink = CollectingSink()
        let bytes: [UInt8] = Array("a,b\n1,".utf8) + [0, 0x0A]
        #expect(throws: IngestError.notUTF8(file: "nul.csv", line: 2)) {
            try bytes.withUnsafeBytes { try parser.consume($0, into: &sink) }
        }
    }

    @Test func nonASCIIText() throws {
        let sink = try CSVParser.parse("a,b\n黑屏,\"报警, offline\"\n", chunkSize: 4)
        #expect(sink.rows[1].fields == ["黑屏", "报警, offline"])
    }
}
