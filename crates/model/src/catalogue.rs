//! The operation catalogue: every operation of the official SDK, and the one function that
//! decides whether a method + path is one of them. The proxy forwards only what matches here,
//! the emulator routes by it, and the console's client is named after it.

pub use crate::catalogue_data::OperationId;
pub use crate::catalogue_data::OPERATIONS as ALL;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl OperationId {
    /// The SDK's method name (`show_skill_list`), as logs and messages say it.
    pub fn name(self) -> &'static str {
        Operation::get(self).name
    }
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }

    pub fn parse(s: &str) -> Option<Method> {
        Some(match s {
            "GET" => Method::Get,
            "POST" => Method::Post,
            "PUT" => Method::Put,
            "PATCH" => Method::Patch,
            "DELETE" => Method::Delete,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamKind {
    Int,
    Str,
    Bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Param {
    pub name: &'static str,
    pub kind: ParamKind,
}

#[derive(Debug, PartialEq, Eq)]
pub struct Operation {
    /// What code names it by (its index in [`ALL`]).
    pub id: OperationId,
    /// The SDK's method name, e.g. `show_skill_list`.
    pub name: &'static str,
    pub summary_zh: &'static str,
    pub method: Method,
    /// Path template with `{name}` parameters, e.g. `/v1/skill-market/skills/{skill_id}`.
    pub path: &'static str,
    pub query: &'static [Param],
    pub headers: &'static [Param],
}

/// One piece of a path template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Segment<'a> {
    Literal(&'a str),
    Param(&'a str),
}

impl Operation {
    pub fn segments(&self) -> impl Iterator<Item = Segment<'static>> {
        self.path[1..].split('/').map(|s| match s.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(name) => Segment::Param(name),
            None => Segment::Literal(s),
        })
    }

    pub fn path_params(&self) -> Vec<&'static str> {
        self.segments()
            .filter_map(|s| match s {
                Segment::Param(p) => Some(p),
                Segment::Literal(_) => None,
            })
            .collect()
    }

    /// Operations under `/v*/{project_id}/...` belong to one project.
    pub fn is_project_scoped(&self) -> bool {
        self.path_params().contains(&"project_id")
    }

    /// The catalogue entry of `id`.
    pub fn get(id: OperationId) -> &'static Operation {
        &ALL[id as usize]
    }

    pub fn by_name(name: &str) -> Option<&'static Operation> {
        ALL.iter().find(|op| op.name == name)
    }

    /// Fills the template with already-safe values (the console's client uses this).
    pub fn build_path(&self, params: &[(&str, &str)]) -> String {
        let mut out = String::new();
        for seg in self.segments() {
            out.push('/');
            match seg {
                Segment::Literal(l) => out.push_str(l),
                Segment::Param(p) => {
                    let value = params.iter().find(|(k, _)| *k == p).map(|(_, v)| *v).unwrap_or("");
                    out.push_str(&crate::query::encode_component(value));
                }
            }
        }
        out
    }
}

/// A request path that matched an operation, with its decoded path parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperationMatch {
    pub operation: &'static Operation,
    pub params: Vec<(&'static str, String)>,
}

impl OperationMatch {
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params.iter().find(|(k, _)| *k == name).map(|(_, v)| v.as_str())
    }
}

/// Finds the operation for `method` + `path` (the path without its query string, as sent on the
/// wire, percent-encoded). Matching is exact: every segment must be present, no extra segment,
/// no empty segment, no `.`/`..`, and a parameter must decode to a safe value (no `/`, `\`,
/// control characters). Where two templates match, the one with more literal segments wins
/// (`/v3/{p}/ai-mgr/nodes/{id}` over `/v3/{p}/{resource_type}/{resource_id}/...`).
pub fn match_operation(method: Method, path: &str) -> Option<OperationMatch> {
    let rest = path.strip_prefix('/')?;
    let parts: Vec<&str> = rest.split('/').collect();
    if parts.iter().any(|p| p.is_empty()) {
        return None;
    }
    // First the template by shape alone (cheap: no decoding), then its parameters. A
    // parameter that is not a safe value refuses the path rather than trying a looser template.
    let mut best: Option<(usize, &'static Operation)> = None;
    'ops: for (op, template) in templates().iter().filter(|(op, t)| op.method == method && t.len() == parts.len()) {
        let mut literals = 0;
        for (seg, part) in template.iter().zip(&parts) {
            match seg {
                Segment::Literal(l) if l == part => literals += 1,
                Segment::Param(_) => {}
                Segment::Literal(_) => continue 'ops,
            }
        }
        if best.is_none_or(|(n, _)| literals > n) {
            best = Some((literals, op));
        }
    }
    let (_, operation) = best?;
    let mut params = Vec::new();
    for (seg, part) in operation.segments().zip(&parts) {
        if let Segment::Param(name) = seg {
            params.push((name, decode_param(part)?));
        }
    }
    Some(OperationMatch { operation, params })
}

/// Every operation with its path template split into segments, once (the proxy matches every
/// request against them).
fn templates() -> &'static [(&'static Operation, Vec<Segment<'static>>)] {
    static TEMPLATES: std::sync::OnceLock<Vec<(&'static Operation, Vec<Segment<'static>>)>> =
        std::sync::OnceLock::new();
    TEMPLATES.get_or_init(|| ALL.iter().map(|op| (op, op.segments().collect())).collect())
}

/// Percent-decodes one path segment and refuses anything that could change which resource
/// the path names.
fn decode_param(raw: &str) -> Option<String> {
    let value = crate::query::decode_component(raw, false)?;
    let unsafe_char = |c: char| c == '/' || c == '\\' || c.is_control();
    if value.is_empty() || value == "." || value == ".." || value.chars().any(unsafe_char) {
        return None;
    }
    Some(value)
}
