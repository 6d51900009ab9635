import PMBatchCore

/// The CSV exports beside the report (RFC 4180 quoting, LF line endings, header row, sorted by ID):
/// every row carries the WD ID so CRM, ERP and the field app can join on it.
public enum CSVExport {
    /// `preventive_work_orders.csv`: id, night, rule_id, asset_id, site_id, customer_id, related_assets
    /// (`;`-separated), skill, evidence, action, priority, engineer_id, due_date.
    public static func preventiveWorkOrdersCSV(_ orders: [PreventiveWorkOrder]) -> String {
        var out = "id,night,rule_id,asset_id,site_id,customer_id,related_assets,skill,evidence,action,priority,"
            + "engineer_id,due_date\n"
        for o in orders.sorted(by: { $0.id < $1.id }) {
            appendRow([o.id, o.night.description, o.ruleID, o.assetID, o.siteID, o.customerID,
                       o.relatedAssets.joined(separator: ";"), o.skill, o.evidence, o.action, o.priority,
                       o.engineerID, o.dueDate.description], to: &out)
        }
        return out
    }

    /// `spare_part_requests.csv`: id, work_order, night, part_number, batch_code, quantity, stock_on_hand,
    /// shortfall, needed_by.
    public static func sparePartRequestsCSV(_ requests: [SparePartRequest]) -> String {
        var out = "id,work_order,night,part_number,batch_code,quantity,stock_on_hand,shortfall,needed_by\n"
        for r in requests.sorted(by: { $0.id < $1.id }) {
            appendRow([r.id, r.workOrderID, r.night.description, r.partNumber, r.batchCode, String(r.quantity),
                       String(r.stockOnHand), String(r.shortfall), r.neededBy.description], to: &out)
        }
        return out
    }

    static func appendRow(_ fields: [String], to out: inout String) {
        for (i, field) in fields.enumerated() {
            if i > 0 { out += "," }
            out += quoted(field)
        }
        out += "\n"
    }

    /// A field quoted when it holds a comma, quote, CR or LF (quotes doubled), else as is.
    static func quoted(_ field: String) -> String {
        let needsQuotes = field.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"")
            || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }
        guard needsQuotes else { return field }
        var out = "\""
        for ch in field.unicodeScalars {
            if ch == "\"" { out += "\"\"" } else { out.unicodeScalars.append(ch) }
        }
        return out + "\""
    }
}
