//! The one list of the emulator's domains: their tables (in the order the database creates
//! them) and the handler of every operation. Registering a domain is a line in each.

use crate::db::Tables;
use crate::op::{Ctx, Reply};
use crate::{
    activation, alarms, configmaps, deployments, firmware, iam, nodes, orders, secrets, skills, tags, tasks, workspaces,
};

/// Every domain's tables, in an order where a table comes after those it refers to.
pub const TABLES: &[&Tables] = &[
    &iam::TABLES,
    &skills::TABLES,
    &orders::TABLES,
    &workspaces::TABLES,
    &firmware::TABLES,
    &configmaps::TABLES,
    &secrets::TABLES,
    &nodes::TABLES,
    &activation::TABLES,
    &firmware::UPGRADE_TABLES,
    &alarms::TABLES,
    &deployments::TABLES,
    &tasks::TABLES,
];

/// One line per operation: the match is exhaustive, so an operation without a handler does not
/// compile.
pub fn route(ctx: &Ctx) -> Reply {
    use hilens_model::OperationId as Op;
    match ctx.op.operation.id {
        Op::ShowSkillList => skills::list(ctx),
        Op::ShowSkillInfo => skills::show(ctx),
        Op::CreateOrderForm => orders::create(ctx),
        Op::ShowSkillOrderList => orders::list(ctx),
        Op::ShowSkillOrderInfo => orders::show(ctx),
        Op::SetDefaultOrderForm => orders::set_default(ctx),
        Op::ListFirmwares => firmware::list(ctx),
        Op::CreateNode => nodes::create(ctx),
        Op::ShowNodes => nodes::list(ctx),
        Op::ShowNode => nodes::show(ctx),
        Op::DeleteNode => nodes::delete(ctx),
        Op::ListDevices => nodes::list_basic(ctx),
        Op::ListResourceTags => tags::list(ctx),
        Op::ShowResourceTags => tags::show(ctx),
        Op::CreateResourceTags => tags::create(ctx),
        Op::DeleteResourceTag => tags::delete(ctx),
        Op::BatchCreateNodeTags => tags::batch_create(ctx),
        Op::UpdateNode => nodes::update(ctx),
        Op::UpdateNodeCert => nodes::update_cert(ctx),
        Op::SwitchNodeConnection => nodes::switch_connection(ctx),
        Op::ListConfigMaps => configmaps::list(ctx),
        Op::CreateConfigMap => configmaps::create(ctx),
        Op::ShowConfigMap => configmaps::show(ctx),
        Op::UpdateConfigMap => configmaps::update(ctx),
        Op::DeleteConfigMap => configmaps::delete(ctx),
        Op::ListSecrets => secrets::list(ctx),
        Op::CreateSecret => secrets::create(ctx),
        Op::ShowSecret => secrets::show(ctx),
        Op::UpdateSecret => secrets::update(ctx),
        Op::DeleteSecret => secrets::delete(ctx),
        Op::ListWorkSpaces => workspaces::list(ctx),
        Op::CreateWorkSpace => workspaces::create(ctx),
        Op::ShowWorkSpace => workspaces::show(ctx),
        Op::UpdateWorkSpace => workspaces::update(ctx),
        Op::DeleteWorkSpace => workspaces::delete(ctx),
        Op::UnfreezeNode => activation::activate(ctx),
        Op::FreezeNode => activation::deactivate_node(ctx),
        Op::ShowNodeActivationRecords => activation::records(ctx),
        Op::ListPlatformManager => activation::list_orders(ctx),
        Op::UpdateNodeFirmware => firmware::upgrade(ctx),
        Op::ShowUpgradeProgress => firmware::progress(ctx),
        Op::ListDeviceAlarms => alarms::list(ctx),
        Op::CreateDeployment => deployments::create(ctx),
        Op::ShowDeployments => deployments::list(ctx),
        Op::ShowDeployment => deployments::show(ctx),
        Op::UpdateDeployment => deployments::update(ctx),
        Op::UpdateDeploymentUsingPatch => deployments::patch(ctx),
        Op::DeleteDeployment => deployments::delete(ctx),
        Op::StartAndStopDeployment => deployments::start_and_stop(ctx),
        Op::AddDeploymentNodes => deployments::add_nodes(ctx),
        Op::ShowDeploymentPods => deployments::list_pods(ctx),
        Op::DeletePod => deployments::delete_pod(ctx),
        Op::StartAndStopDeploymentPod => deployments::start_and_stop_pod(ctx),
        Op::CreateTask => tasks::create(ctx),
        Op::ListTasks => tasks::list(ctx),
        Op::ShowTask => tasks::show(ctx),
        Op::UpdateTask => tasks::update(ctx),
        Op::DeleteTask => tasks::delete(ctx),
    }
}
