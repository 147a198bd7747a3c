//! The audit log as CSV (`/portal/audit?format=csv`): RFC 4180 quoting, and a cell that a
//! spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage
//! return) is prefixed with `'` (what OWASP advises against CSV injection).

use hilens_model::portal::{AuditRecord, AUDIT_CSV_COLUMNS};

pub fn csv(records: &[AuditRecord]) -> String {
    let mut out = AUDIT_CSV_COLUMNS.join(",");
    out.push_str("\r\n");
    for r in records {
        let params = serde_json::to_string(&r.params).unwrap_or_default();
        let opt = |v: &Option<String>| v.clone().unwrap_or_default();
        let cells = [
            r.seq.to_string(),
            r.kind.clone(),
            r.intent.map(|i| i.to_string()).unwrap_or_default(),
            r.ts.clone(),
            r.user.clone(),
            r.auth_method.clone(),
            r.role.clone(),
            r.operation.clone(),
            r.method.clone(),
            r.path.clone(),
            params,
            opt(&r.resource_id),
            opt(&r.resource_name),
            opt(&r.workspace_id),
            r.status.map(|s| s.to_string()).unwrap_or_default(),
            opt(&r.upstream_error_code),
            r.request_id.clone(),
            r.client_address.clone(),
            r.user_agent.clone(),
            r.prev_hash.clone(),
            r.hash.clone(),
        ];
        for (i, cell) in cells.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            push_cell(&mut out, cell);
        }
        out.push_str("\r\n");
    }
    out
}

fn push_cell(out: &mut String, cell: &str) {
    let formula = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let quote = formula || cell.contains([',', '"', '\n', '\r']);
    if !quote {
        out.push_str(cell);
        return;
    }
    out.push('"');
    if formula {
        out.push('\'');
    }
    out.push_str(&cell.replace('"', "\"\""));
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_quoted_and_formulas_defused() {
        let r = AuditRecord {
            seq: 3,
            user: "=cmd|' /C calc'!A0".into(),
            user_agent: "curl/8, \"quoted\"".into(),
            status: Some(403),
            ..Default::default()
        };
        let text = csv(&[r]);
        let mut lines = text.split("\r\n");
        assert_eq!(lines.next().unwrap(), AUDIT_CSV_COLUMNS.join(","));
        let row = lines.next().unwrap();
        assert!(row.starts_with("3,,,,\"'=cmd|' /C calc'!A0\","), "{row}");
        assert!(row.contains(",\"curl/8, \"\"quoted\"\"\","), "{row}");
        assert!(row.contains(",403,"), "{row}");
    }
}
