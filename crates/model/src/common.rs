//! Shapes several operations share: the small queries (`provider`, `force_delete`, paging) that
//! are not a domain's own, and `{"id": …}` answers.

use serde::{Deserialize, Serialize};

use crate::query::{self, OneOf};

/// `{"id": "…"}`, inside the answers of the config-map and secret deletes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdOnly {
    pub id: String,
}

/// The two providers of devices and what runs on them.
pub const PROVIDERS: &[&str] = &["hilens", "ief"];

crate::query_type! {
    /// `?provider=` (the operations that act on one resource of either provider).
    pub struct ProviderQuery {
        "provider" => provider: Option<String> = OneOf(PROVIDERS),
    }
}

crate::query_type! {
    /// The query of the deletes that can be forced (`force_delete=true`) and name a provider.
    pub struct DeleteQuery {
        "force_delete" => force_delete: Option<String> = OneOf(&["true", "false"]),
        "provider" => provider: Option<String> = OneOf(PROVIDERS),
    }
}

crate::query_type! {
    /// `?force_delete=` alone (devices, instances).
    pub struct ForceDeleteQuery {
        "force_delete" => force_delete: Option<String> = OneOf(&["true", "false"]),
    }
}

crate::query_type! {
    /// `offset` and `limit` (1–100) alone.
    pub struct PageQuery {
        "offset" => offset: Option<u32> = query::OFFSET,
        "limit" => limit: Option<u32> = query::limit(100),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::Params;

    #[test]
    fn small_queries_round_trip_and_keep_their_rules() {
        let q = DeleteQuery { force_delete: Some("true".into()), provider: Some("ief".into()) };
        let pairs: Vec<(String, String)> = q.to_pairs().into_iter().map(|(k, v)| (k.to_string(), v)).collect();
        assert_eq!(DeleteQuery::from_pairs(&pairs).unwrap(), q);
        let bad = vec![("force_delete".to_string(), "yes".to_string())];
        assert_eq!(DeleteQuery::from_pairs(&bad).unwrap_err().field, "force_delete");
        assert_eq!(PageQuery::default().to_query_string(), "");
    }
}
