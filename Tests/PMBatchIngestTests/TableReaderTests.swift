import Testing
import PMBatchCore
@testable import PMBatchIngest

@Suite struct TableReaderTests {
    @Test(arguments: [7, 1 << 20])
    func columnsOutOfOrderUnknownColumnsAndTrimming(chunkSize: Int) throws {
        let text = "extra, installed_on ,asset_id,site_id\nz,2020-05-01, EL-1 ,S-1\n\"q,\"\"x\"\"\",,EL-2,\n"
        let (records, bad) = try Helpers.table(text, kind: .assets, chunkSize: chunkSize)
        #expect(bad.isEmpty)
        #expect(records.map(\.0) == [2, 3])
        #expect(records[0].1 == .asset(Asset(assetID: "EL-1", siteID: "S-1", installedOn: LocalDate("2020-05-01"))))
        #expect(records[1].1 == .asset(Asset(assetID: "EL-2")))
    }

    @Test func columnMapAndSharedSourceColumn() throws {
        let columns = ColumnMap([.workOrderEvents: ["wo_id": "Case ID", "ts": "Complete Timestamp",
                                                   "status": "Activity", "actor": "Resource",
                                                   "customer_id": "Case ID"]])
        let text = "Case ID,Activity,Complete Timestamp,Resource\nC-9,Take in charge ticket,2026-11-24 08:00:00,E-1\n"
        let (records, bad) = try Helpers.table(text, kind: .workOrderEvents, context: ReadContext(columns: columns))
        #expect(bad.isEmpty)
        let ts = Helpers.instant("2026-11-24T08:00:00Z")
        #expect(records.first?.1 == .event(
            WorkOrderEvent(woID: "C-9", ts: ts, rawStatus: "Take in charge ticket", actor: "E-1"),
            header: WorkOrderHeader(woID: "C-9", createdAt: ts, customerID: "C-9")))
    }

    @Test func missingRequiredColumnNamesTheMappedSource() throws {
        let columns = ColumnMap([.workOrderEvents: ["wo_id": "Case ID"]])
        let path = try Helpers.file("wo,ts,status\n1,2026-11-24T00:00:00Z,submitted\n")
        #expect(throws: IngestError.missingColumns(file: "e.csv", columns: ["wo_id"], lookedFor: ["Case ID"])) {
            try TableReader.read(path: path, displayName: "e.csv", kind: .workOrderEvents,
                                 context: ReadContext(columns: columns), onRecord: { _, _ in }, onQuarantine: { _ in })
        }
        let error = IngestError.missingColumns(file: "e.csv", columns: ["wo_id"], lookedFor: ["Case ID"])
        #expect(error.description == "e.csv: required column missing: wo_id (looked for 'Case ID' for wo_id as set in the column map).")
    }

    // A registry is hashed while it is read (the manifest's hash, one pass over the file), across chunks.
    @Test(arguments: [7, 1 << 20])
    func contentHashIsComputedWhileReading(chunkSize: Int) throws {
        var text = "asset_id,site_id\n"
        for i in 0..<5_000 { text += "EL-\(i),S-\(i % 7)\n" }
        let path = try Helpers.file(text)
        let result = try TableReader.read(path: path, displayName: "a.csv", kind: .assets, context: ReadContext(),
                                          chunkSize: chunkSize, onRecord: { _, _ in }, onQuarantine: { _ in })
        #expect(result.rows == 5_000)
        #expect(result.contentHash == (try FileHasher.contentHash(path: path)))
    }

    @Test func duplicateNeededColumnAndEmptyFile() throws {
        let dup = try Helpers.file("asset_id,asset_id\nA,B\n")
        #expect(throws: IngestError.duplicateColumn(file: "a.csv", column: "asset_id")) {
            try TableReader.read(path: dup, displayName: "a.csv", kind: .assets, context: ReadContext(),
                                 onRecord: { _, _ in }, onQuarantine: { _ in })
        }
        let fine = try Helpers.table("asset_id,x,x\nA,1,2\n", kind: .assets)
        #expect(fine.records.count == 1)
        let empty = try Helpers.file("\n\n")
        #expect(throws: IngestError.noHeader(file: "a.csv")) {
            try TableReader.read(path: empty, displayName: "a.csv", kind: .assets, context: ReadContext(),
                                 onRecord: { _, _ in }, onQuarantine: { _ in })
        }
    }

    @Test func badRowsAreQuarantinedWithLinesAndReasons() throws {
        let text = """
        asset_id,slot,component_type,installed_on,part_number
        EL-1,door,door_operator,2020-01-01,P-1
        EL-1,door,door_operator,2020-13-01,P-1
        EL-1,,door_operator,2020-01-01,P-1
        EL-1,door,door_operator
        EL-9,door,door_operator,2020-01-01,P-1
        "EL-1","multi
        line",encoder,2021-02-03T10:00:00+08:00,P-2
        EL-1,door,door_operator,2020-02-30,P-1
        """
        let (records, bad) = try Helpers.table(text, kind: .components,
                                               context: ReadContext(knownAssets: ["EL-1"]), chunkSize: 5)
        #expect(records.map(\.0) == [2, 7])
        #expect(records.last?.1 == .component(ComponentInstallation(
            assetID: "EL-1", slot: "multi\nline", componentType: "encoder", installedOn: LocalDate("2021-02-03")!,
            partNumber: "P-2")))
        #expect(bad.map(\.line) == [3, 4, 5, 6, 9])
        #expect(bad.map(\.reason) == [.badDate, .missingField, .wrongColumnCount, .unknownAsset, .badDate])
        #expect(bad.map(\.field) == ["installed_on", "slot", "", "asset_id", "installed_on"])
        #expect(bad[0].raw == "EL-1,door,door_operator,2020-13-01,P-1")
        #expect(bad.allSatisfy { $0.file == "f.csv" })
    }

    @Test func engineersPartsFailuresWorkOrders() throws {
        let engineers = try Helpers.table("engineer_id,skills,daily_capacity\nE1, door-system ; ;brake-system,\nE2,,x\nE3,imaging,9\n",
                                          kind: .engineers)
        #expect(engineers.records.map(\.1) == [
            .engineer(Engineer(engineerID: "E1", skills: ["door-system", "brake-system"], dailyCapacity: 12)),
            .engineer(Engineer(engineerID: "E3", skills: ["imaging"], dailyCapacity: 9)),
        ])
        #expect(engineers.bad.map(\.reason) == [.badNumber])
        #expect(engineers.bad.map(\.field) == ["daily_capacity"])

        let parts = try Helpers.table("part_number,stock_on_hand,lead_time_days,unit_cost\nP1,3,14,9.5\nP2,,,\nP3,1,2,abc\nP4,x,1,1\n",
                                      kind: .parts)
        #expect(parts.records.map(\.1) == [
            .part(Part(partNumber: "P1", stockOnHand: 3, leadTimeDays: 14, unitCost: 9.5)),
            .part(Part(partNumber: "P2")),
        ])
        #expect(parts.bad.map(\.field) == ["unit_cost", "stock_on_hand"])

        let failures = try Helpers.table("asset_id,ts\nA,2026-11-24T01:00:00Z\nA,yesterday\nB,2026-11-24T01:00:00Z\n",
                                         kind: .failures, context: ReadContext(knownAssets: ["A"]))
        #expect(failures.records.count == 1)
        #expect(failures.bad.map(\.reason) == [.badTimestamp, .unknownAsset])

        let orders = try Helpers.table("wo_id,created_at,asset_id,channel,description\nW1,2026-11-24 08:00:00,,phone,\"黑屏, offline\"\nW2,2026-11-24 08:00:00,X,app,\nW3,2026-11-24 08:00:00,A,app,\n",
                                       kind: .workOrders,
                                       context: ReadContext(zone: ZoneRules(identifier: "Asia/Shanghai")!,
                                                            knownAssets: ["A"]))
        #expect(orders.records.map(\.0) == [2, 4])
        #expect(orders.records.first?.1 == .workOrder(WorkOrderHeader(
            woID: "W1", createdAt: Helpers.instant("2026-11-24T00:00:00Z"), channel: "phone",
            description: "黑屏, offline")))
        #expect(orders.bad.map(\.reason) == [.unknownAsset])
    }
}
