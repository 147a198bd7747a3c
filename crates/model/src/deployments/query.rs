//! The queries of `show_deployments` and `show_deployment_pods`.

use crate::error::FieldError;
use crate::query::{self, OneOf, Sort, SortParam, Text};
use crate::rules;

crate::query_type! {
    /// The query of `show_deployments`.
    pub struct DeploymentListQuery {
        "cluster_id" => cluster_id: Option<String> = Text(|f, v| rules::length(f, v, 1, 64)),
        "node_id" => node_id: Option<String> = Text(|f, v| rules::length(f, v, 1, 64)),
        "provider" => provider: Option<String> = OneOf(crate::nodes::PROVIDERS),
        "name" => name: Option<String> = Text(|f, v| rules::length(f, v, 1, 32)),
        "sort" => sort: Option<Sort> = SortParam,
        "limit" => limit: Option<u32> = query::limit(100),
        "offset" => offset: Option<u32> = query::OFFSET,
    }
    check = DeploymentListQuery::one_target;
}

impl DeploymentListQuery {
    fn one_target(&self) -> Result<(), FieldError> {
        cluster_or_node(&self.cluster_id, &self.node_id)
    }
}

crate::query_type! {
    /// The query of `show_deployment_pods`.
    pub struct PodListQuery {
        "cluster_id" => cluster_id: Option<String> = Text(|f, v| rules::length(f, v, 1, 64)),
        "node_id" => node_id: Option<String> = Text(|f, v| rules::length(f, v, 1, 64)),
        "provider" => provider: Option<String> = OneOf(crate::nodes::PROVIDERS),
        "deployment_id" => deployment_id: Option<String> = Text(|f, v| rules::length(f, v, 1, 64)),
        "workspace_id" => workspace_id: Option<String> = Text(|f, v| rules::length(f, v, 1, 64)),
        "limit" => limit: Option<u32> = query::limit(100),
        "offset" => offset: Option<u32> = query::OFFSET,
    }
    check = PodListQuery::one_target;
}

impl PodListQuery {
    fn one_target(&self) -> Result<(), FieldError> {
        cluster_or_node(&self.cluster_id, &self.node_id)
    }
}

/// `cluster_id` and `node_id` are not given together.
fn cluster_or_node(cluster: &Option<String>, node: &Option<String>) -> Result<(), FieldError> {
    if cluster.is_some() && node.is_some() {
        return Err(FieldError::new(
            "node_id",
            "one_of",
            "cluster_id 与 node_id 不能同时给出",
            "cannot be given together with cluster_id",
        ));
    }
    Ok(())
}
