import PMBatchCore

/// The CSV exports beside the report (RFC 4180 quoting, LF line endings, header row, sorted by ID):
/// every row carries the WD ID so CRM, ERP and the field app can join on it.
///
/// Input values are data, never formulas (SPEC §1 "Bad input"; OWASP "CSV Injection"): a text cell that
/// begins with `=`, `+`, `-`, `@`, tab or CR — or with `'`, so the rule can be undone exactly — gets a `'`
/// in front before it is quoted. pmbatch's own numbers (quantities, stock, shortfall) are written as is.
public enum CSVExport {
    /// `preventive_work_orders.csv`: id, night, rule_id, asset_id, site_id, customer_id, related_assets
    /// (`;`-separated), skill, evidence, action, priority, engineer_id, due_date.
    public static func preventiveWorkOrdersCSV(_ orders: [PreventiveWorkOrder]) -> String {
        var out = "id,night,rule_id,asset_id,site_id,customer_id,related_assets,skill,evidence,action,priority,"
            + "engineer_id,due_date\n"
        for o in orders.sorted(by: { $0.id < $1.id }) {
            appendRow([.text(o.id), .text(o.night.description), .text(o.ruleID), .text(o.assetID), .text(o.siteID),
                       .text(o.customerID), .text(o.relatedAssets.joined(separator: ";")), .text(o.skill),
                       .text(o.evidence), .text(o.action), .text(o.priority), .text(o.engineerID),
                       .text(o.dueDate.description)], to: &out)
        }
        return out
    }

    /// `spare_part_requests.csv`: id, work_order, night, part_number, batch_code, quantity, stock_on_hand,
    /// shortfall, needed_by.
    public static func sparePartRequestsCSV(_ requests: [SparePartRequest]) -> String {
        var out = "id,work_order,night,part_number,batch_code,quantity,stock_on_hand,shortfall,needed_by\n"
        for r in requests.sorted(by: { $0.id < $1.id }) {
            appendRow([.text(r.id), .text(r.workOrderID), .text(r.night.description), .text(r.partNumber),
                       .text(r.batchCode), .number(r.quantity), .number(r.stockOnHand), .number(r.shortfall),
                       .text(r.neededBy.description)], to: &out)
        }
        return out
    }

    /// One cell of an export row: text (input values, IDs, dates — neutralised) or a number pmbatch counted
    /// (written as is, so a negative shortfall stays `-2`).
    enum Field {
        case text(String)
        case number(Int)
    }

    static func appendRow(_ fields: [Field], to out: inout String) {
        for (i, field) in fields.enumerated() {
            if i > 0 { out += "," }
            out += cell(field)
        }
        out += "\n"
    }

    /// The cell text as written: a text field neutralised, then quoted (`CSVField.quoted`, RFC 4180); a number
    /// as its decimal digits.
    static func cell(_ field: Field) -> String {
        switch field {
        case .text(let text): CSVField.quoted(neutralised(text))
        case .number(let value): String(value)
        }
    }

    /// The characters that make a spreadsheet read a cell as a formula when it begins with one (OWASP), and
    /// `'`, which is prefixed too so that stripping one leading `'` always gives the input value back.
    static let formulaLeads: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r", "'"]

    /// `text` with a `'` in front when it begins with a formula lead (`=1+1` → `'=1+1`), else as is.
    static func neutralised(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, formulaLeads.contains(first) else { return text }
        return "'" + text
    }
}
