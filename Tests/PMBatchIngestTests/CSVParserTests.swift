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
    func unterminatedQuoteSetsAsideOnlyItsFirstLine(chunkSize: Int) throws {
        let text = "a,b\n1,2\n3,\"open\n4,5\n6,7"
        let sink = try CSVParser.parse(text, chunkSize: chunkSize)
        #expect(sink.rows.map(\.fields) == [["a", "b"], ["1", "2"], ["4", "5"], ["6", "7"]])
        #expect(sink.rows.map(\.line) == [1, 2, 4, 5])
        #expect(sink.rejected.map(\.line) == [3])
        #expect(sink.rejected.first?.reason == .unterminatedQuote)
        #expect(sink.rejected.first?.field == 1)
        #expect(sink.rejected.first?.raw == "3,\"open")
    }

    @Test(arguments: chunkSizes)
    func unterminatedQuoteOnTheLastLineWithoutNewline(chunkSize: Int) throws {
        let sink = try CSVParser.parse("a,b\n1,2\n3,\"open", chunkSize: chunkSize)
        #expect(sink.rows.map(\.line) == [1, 2])
        #expect(sink.rejected.map(\.line) == [3])
        #expect(sink.rejected.map(\.raw) == ["3,\"open"])
    }

    // A stray quote in line 3 pairs with the opening quote of line 5; the field it closes is followed by
    // text, which a real quoted field crossing lines never is: line 3 alone is set aside.
    @Test(arguments: chunkSizes)
    func strayQuotePairingWithALaterQuoteIsCaughtByTheTextAfterIt(chunkSize: Int) throws {
        let text = "a,b,c\n1,x,y\n2,\"x,y\n3,x,y\n4,\"quoted, text\",y\n5,x,y\n"
        let sink = try CSVParser.parse(text, chunkSize: chunkSize)
        #expect(sink.rows.map(\.line) == [1, 2, 4, 5, 6])
        #expect(sink.rows[3].fields == ["4", "quoted, text", "y"])
        #expect(sink.rejected.map(\.line) == [3])
        #expect(sink.rejected.map(\.reason) == [.unterminatedQuote])
    }

    // A stray quote in line 2 pairs with the inch mark ending line 3: the quoted field closes cleanly, but
    // into a record of 2 fields where the header has 3, which gives it away.
    @Test(arguments: chunkSizes)
    func strayQuoteMakingAWrongFieldCountIsSetAside(chunkSize: Int) throws {
        let header = FixedCountSink(expected: 3)
        let text = "a,b,c\n1,\"x,y\n2,z,5\"\n3,x,y\n"
        let sink = try CSVParser.parse(text, chunkSize: chunkSize, sink: header)
        #expect(sink.inner.rows.map(\.line) == [1, 3, 4])
        #expect(sink.inner.rows[1].fields == ["2", "z", "5\""])
        #expect(sink.inner.rejected.map(\.line) == [2])
        // Without a known field count the same text is one record over two lines (RFC 4180).
        let plain = try CSVParser.parse(text, chunkSize: chunkSize)
        #expect(plain.rows.map(\.line) == [1, 2, 4])
    }

    @Test(arguments: chunkSizes)
    func quotedFieldOverMoreLinesThanTheBoundIsSetAside(chunkSize: Int) throws {
        let text = "a,b\n1,\"one\ntwo\nthree\"\n2,\"one\ntwo\nthree\nfour\n5,6\n"
        let sink = try CSVParser.parse(text, chunkSize: chunkSize, maxQuotedLines: 2)
        #expect(sink.rows.map(\.fields) == [["a", "b"], ["1", "one\ntwo\nthree"], ["two"], ["three"], ["four"],
                                            ["5", "6"]])
        #expect(sink.rows.map(\.line) == [1, 2, 6, 7, 8, 9])
        #expect(sink.rejected.map(\.line) == [5])
        #expect(sink.rejected.map(\.reason) == [.unterminatedQuote])
    }

    @Test(arguments: chunkSizes)
    func quotedFieldOverTheByteBoundIsSetAside(chunkSize: Int) throws {
        let filler = (0..<20).map { "\($0),filler line\n" }.joined()
        let text = "a,b\n1,\"open\n" + filler
        let sink = try CSVParser.parse(text, chunkSize: chunkSize, maxRecordBytes: 100)
        #expect(sink.rows.count == 21)
        #expect(sink.rows.last?.line == 22)
        #expect(sink.rejected.map(\.line) == [2])
        #expect(sink.rejected.map(\.reason) == [.unterminatedQuote])
    }

    // Over-long first physical line: quarantined as too long; reading resumes at the next physical line,
    // whatever quotes the long line holds (here the quoted field it opens is cut: "q\"" is a line of its own).
    @Test(arguments: [3, 16, 1 << 20])
    func tooLongLineIsSkipped(chunkSize: Int) throws {
        let long = String(repeating: "x", count: 100)
        let text = "a,b\n1,2\n\(long),\"q\nq\"\n3,4\n"
        let sink = try CSVParser.parse(text, chunkSize: chunkSize, maxRecordBytes: 50)
        #expect(sink.rows.map(\.fields) == [["a", "b"], ["1", "2"], ["q\""], ["3", "4"]])
        #expect(sink.rows.map(\.line) == [1, 2, 4, 5])
        #expect(sink.rejected.map(\.line) == [3])
        #expect(sink.rejected.map(\.reason) == [.lineTooLong])
    }

    @Test(arguments: chunkSizes)
    func invalidUTF8InADataRowQuarantinesThatRow(chunkSize: Int) throws {
        var bytes = Array("a,b\n1,2\n3,".utf8)
        bytes += [0xFF, 0x0A] + Array("4,5\n".utf8)
        let sink = try CSVParser.parse(bytes, chunkSize: chunkSize)
        #expect(sink.rows.map(\.line) == [1, 2, 4])
        #expect(sink.rejected.map(\.line) == [3])
        #expect(sink.rejected.map(\.reason) == [.invalidUTF8])
    }

    @Test(arguments: chunkSizes)
    func nulByteInADataRowQuarantinesThatRow(chunkSize: Int) throws {
        let bytes: [UInt8] = Array("a,b\n1,".utf8) + [0, 0x0A] + Array("4,5\n".utf8)
        let sink = try CSVParser.parse(bytes, chunkSize: chunkSize)
        #expect(sink.rows.map(\.line) == [1, 3])
        #expect(sink.rejected.map(\.line) == [2])
        #expect(sink.rejected.map(\.reason) == [.invalidUTF8])
    }

    @Test func aHeaderThatIsNotUTF8RejectsTheFile() throws {
        #expect(throws: IngestError.notUTF8(file: "t.csv", line: 1)) {
            _ = try CSVParser.parse([0x61, 0xFF, 0x2C, 0x62, 0x0A, 0x31, 0x2C, 0x32, 0x0A])
        }
        #expect(throws: IngestError.notUTF8(file: "t.csv", line: 1)) {
            _ = try CSVParser.parse([0xFF, 0xFE, 0x61, 0x00, 0x0A, 0x00])
        }
    }

    @Test func nonASCIIText() throws {
        let sink = try CSVParser.parse("a,b\n黑屏,\"报警, offline\"\n", chunkSize: 4)
        #expect(sink.rows[1].fields == ["黑屏", "报警, offline"])
    }
}
