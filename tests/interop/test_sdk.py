"""The official Python SDK (huaweicloudsdkhilens, from PyPI) against a standalone
hilens-emulator on 127.0.0.1, signing with AK/SK exactly as it does against the cloud.

Needs HILENS_EMULATOR_BIN; scripts/test sets it and installs the SDK in a venv.
Every one of the 58 operations of ../shared/sdk/operations.tsv is called (the last test checks
that against the file); each one's results are checked, and rule violations must come back as
ClientRequestException with status 400, error_code and error_msg.
"""
import os
import re
import subprocess
import tempfile
import time

import pytest
from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.exceptions.exceptions import ClientRequestException
from huaweicloudsdkcore.http.http_config import HttpConfig
from huaweicloudsdkhilens import v3

AK = "HPUAINTEROPAK0000001"
SK = "InteropSecretKey0123456789abcdefghijklm"
PROJECT = "7e4c2b1a9f8d4e6c8b5a3d2f1e0c9b8a"


#: The SDK methods the tests called, to prove that every operation was driven.
CALLED = set()


class Recording:
    """An SDK client that notes the name of every operation called through it."""

    def __init__(self, inner):
        self._inner = inner

    def __getattr__(self, name):
        attr = getattr(self._inner, name)
        if callable(attr) and not name.startswith("_"):
            CALLED.add(name)
        return attr


def build(base, sk=SK, module=v3):
    config = HttpConfig.get_default_config()
    config.timeout = (5, 30)
    return Recording(module.HiLensClient.new_builder()
                     .with_http_config(config)
                     .with_credentials(BasicCredentials(AK, sk, PROJECT))
                     .with_endpoints([base])
                     .build())


@pytest.fixture(scope="module")
def emulator():
    """The emulator's base URL."""
    binary = os.environ["HILENS_EMULATOR_BIN"]
    with tempfile.TemporaryDirectory() as data:
        env = dict(os.environ, HILENS_EMULATOR_KEYS=f"{AK}:{SK}:{PROJECT}")
        # Devices connect after 0.3 s and firmware upgrades take 1.5 s, so life cycles finish.
        proc = subprocess.Popen([binary, "--listen", "127.0.0.1:0", "--db", os.path.join(data, "sdk.db"),
                                 "--connect-delay-ms", "300", "--upgrade-ms", "1500"],
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
        try:
            base = None
            for line in proc.stdout:
                m = re.search(r"listening on (http://127\.0\.0\.1:\d+)", line)
                if m:
                    base = m.group(1)
                    break
            assert base, "the emulator did not start"
            yield base
        finally:
            proc.terminate()
            proc.wait(timeout=10)


@pytest.fixture(scope="module")
def client(emulator):
    return build(emulator)


def refused(call, field):
    """The call fails with 400 and an error naming `field`."""
    with pytest.raises(ClientRequestException) as info:
        call()
    err = info.value
    assert err.status_code == 400, err
    assert err.error_code and err.error_msg, err
    assert field in err.error_msg, err.error_msg
    assert err.request_id, "X-Request-Id is read by the SDK"


def test_show_skill_list_with_filters_and_paging(client):
    page = client.show_skill_list(v3.ShowSkillListRequest(limit=5, chip="Arm"))
    assert page.total > 0 and len(page.data) == 5
    assert all(s.chip == "Arm" for s in page.data)
    second = client.show_skill_list(v3.ShowSkillListRequest(limit=5, offset=5, chip="Arm"))
    assert {s.skill_id for s in page.data}.isdisjoint({s.skill_id for s in second.data})
    everything = client.show_skill_list(v3.ShowSkillListRequest(limit=100))
    assert everything.total >= 200


def test_show_skill_info_with_versions(client):
    skills = client.show_skill_list(v3.ShowSkillListRequest(limit=100)).data
    multi = next(s for s in skills if s.version_num > 1)
    info = client.show_skill_info(v3.ShowSkillInfoRequest(skill_id=multi.skill_id))
    assert info.name == multi.name and len(info.versions) == multi.version_num
    old = client.show_skill_info(v3.ShowSkillInfoRequest(skill_id=multi.skill_id, version=info.versions[0]))
    assert old.version == info.versions[0]
    with pytest.raises(ClientRequestException) as missing:
        client.show_skill_info(v3.ShowSkillInfoRequest(skill_id="0000000000000000000000000000dead"))
    assert missing.value.status_code == 404


def test_skill_orders_create_list_show_default(client):
    free = client.show_skill_list(v3.ShowSkillListRequest(limit=1, charge_model=0)).data[0]
    created = client.create_order_form(v3.CreateOrderFormRequest(
        body=v3.CreateSkillOrderFrom(skill_id=free.skill_id, amount=4, commission_flag=0)))
    assert len(created.order_id) == 32
    listed = client.show_skill_order_list(v3.ShowSkillOrderListRequest(limit=10))
    assert listed.total >= 1 and any(o.order_id == created.order_id for o in listed.data)
    order = client.show_skill_order_info(v3.ShowSkillOrderInfoRequest(order_id=created.order_id))
    assert (order.skill_id, order.amount, order.used_amount, order.skill_name) == (free.skill_id, 4, 0, free.name)
    default = client.set_default_order_form(v3.SetDefaultOrderFormRequest(order_id=created.order_id))
    assert default.order_id == created.order_id


def test_workspaces_lifecycle(client):
    spaces = client.list_work_spaces(v3.ListWorkSpacesRequest())
    assert any(w.name == "default" for w in spaces.workspaces)
    created = client.create_work_space(v3.CreateWorkSpaceRequest(body=v3.RequestWorkspace(
        name="sdk-team", enterprise_project_id="0", enterprise_project_name="default", description="from the SDK")))
    shown = client.show_work_space(v3.ShowWorkSpaceRequest(workspace_id=created.workspace_id))
    assert (shown.name, shown.description, shown.project_id) == ("sdk-team", "from the SDK", PROJECT)
    updated = client.update_work_space(v3.UpdateWorkSpaceRequest(
        workspace_id=created.workspace_id, body=v3.UpdateDescription(description="changed")))
    assert updated.workspace_id == created.workspace_id
    assert client.show_work_space(v3.ShowWorkSpaceRequest(workspace_id=created.workspace_id)).description == "changed"
    deleted = client.delete_work_space(v3.DeleteWorkSpaceRequest(workspace_id=created.workspace_id))
    assert deleted.workspace_id == created.workspace_id
    assert all(w.workspace_id != created.workspace_id
               for w in client.list_work_spaces(v3.ListWorkSpacesRequest()).workspaces)


def test_rule_violations_are_400_with_error_code_and_message(client):
    free = client.show_skill_list(v3.ShowSkillListRequest(limit=1, charge_model=0)).data[0]
    refused(lambda: client.show_skill_list(v3.ShowSkillListRequest(limit=101)), "limit")
    refused(lambda: client.show_skill_list(v3.ShowSkillListRequest(chip="M1")), "chip")
    refused(lambda: client.show_skill_list(v3.ShowSkillListRequest(skill_name="bad name!")), "skill_name")
    refused(lambda: client.show_skill_list(v3.ShowSkillListRequest(platform="linux")), "platform")
    refused(lambda: client.show_skill_list(v3.ShowSkillListRequest(charge_models="0 9")), "charge_models")
    refused(lambda: client.show_skill_order_list(v3.ShowSkillOrderListRequest(skill_form="none")), "skill_form")
    refused(lambda: client.create_order_form(v3.CreateOrderFormRequest(
        body=v3.CreateSkillOrderFrom(skill_id=free.skill_id, amount=0, commission_flag=0))), "amount")
    refused(lambda: client.create_order_form(v3.CreateOrderFormRequest(
        body=v3.CreateSkillOrderFrom(skill_id=free.skill_id, amount=1, commission_flag=7))), "commission_flag")
    refused(lambda: client.create_work_space(v3.CreateWorkSpaceRequest(body=v3.RequestWorkspace(
        name="bad name", enterprise_project_id="0", enterprise_project_name="default"))), "name")
    refused(lambda: client.create_work_space(v3.CreateWorkSpaceRequest(body=v3.RequestWorkspace(
        name="fine", enterprise_project_id="0", enterprise_project_name="default", description="a<b"))), "description")
    refused(lambda: client.list_work_spaces(v3.ListWorkSpacesRequest(limit=0)), "limit")


def test_a_wrong_secret_is_refused(emulator):
    with pytest.raises(ClientRequestException) as info:
        build(emulator, sk="not-the-secret").show_skill_list(v3.ShowSkillListRequest(limit=1))
    assert info.value.status_code == 401
    assert info.value.error_code == "APIGW.0301"


def test_list_firmwares(client):
    listed = client.list_firmwares(v3.ListFirmwaresRequest(device_type="HiLens Kit"))
    assert listed.count >= 3 and all(f.device_type == "HiLens Kit" for f in listed.firmwares)
    assert all(re.fullmatch(r"\d+\.\d+\.\d+", f.version) for f in listed.firmwares)
    refused(lambda: client.list_firmwares(v3.ListFirmwaresRequest(device_type="HiLens Kit", limit=500)), "limit")


def test_config_maps_lifecycle(client):
    body = v3.ConfigMapModelBoxDTO(configmap=v3.ConfigMap(
        name="sdk-config", configs=[v3.Config(key="MODE", value="fast")], tags=[v3.Tag(key="env", value="test")]))
    created = client.create_config_map(v3.CreateConfigMapRequest(body=body))
    cid = created.configmap.id
    assert created.configmap.name == "sdk-config" and created.workspace_id == "0"
    listed = client.list_config_maps(v3.ListConfigMapsRequest(tag_key="env=test"))
    assert listed.count == 1 and listed.configmaps[0].id == cid
    body.configmap.configs = [v3.Config(key="MODE", value="slow")]
    updated = client.update_config_map(v3.UpdateConfigMapRequest(config_map_id=cid, body=body))
    assert updated.configmap.configs[0].value == "slow"
    shown = client.show_config_map(v3.ShowConfigMapRequest(config_map_id=cid))
    assert shown.configmap.configs[0].value == "slow"
    deleted = client.delete_config_map(v3.DeleteConfigMapRequest(config_map_id=cid))
    assert deleted.configmap.id == cid
    refused(lambda: client.create_config_map(v3.CreateConfigMapRequest(body=v3.ConfigMapModelBoxDTO(
        configmap=v3.ConfigMap(name="Bad", configs=[], tags=[])))), "configmap.name")
    refused(lambda: client.list_config_maps(v3.ListConfigMapsRequest(sort="size")), "sort")


def test_secrets_lifecycle(client):
    body = v3.SecretRequestBody(secret=v3.SecretObjectInSecretRequestBody(
        name="sdk-secret", secrets=[v3.Secret(key="TOKEN", value="abc123")], tags=[v3.Tag(key="env", value="test")]))
    created = client.create_secret(v3.CreateSecretRequest(body=body))
    sid = created.secret.id
    assert created.workspace_id == "0" and created.secret.name == "sdk-secret"
    listed = client.list_secrets(v3.ListSecretsRequest(tags="env.test"))
    assert listed.count == 1 and listed.secrets[0].id == sid
    body.secret.secrets = [v3.Secret(key="TOKEN", value="rotated")]
    assert client.update_secret(v3.UpdateSecretRequest(secret_id=sid, body=body)).secret.secrets[0].value == "rotated"
    assert client.show_secret(v3.ShowSecretRequest(secret_id=sid)).secret.secrets[0].value == "rotated"
    assert client.delete_secret(v3.DeleteSecretRequest(secret_id=sid)).secret.id == sid
    refused(lambda: client.create_secret(v3.CreateSecretRequest(body=v3.SecretRequestBody(
        secret=v3.SecretObjectInSecretRequestBody(name="sdk-secret-2", secrets=[v3.Secret(key="9X", value="v")], tags=[])))),
        "secret.secrets[0].key")


def test_devices_register_show_list_delete(client):
    import base64
    import io
    import tarfile
    created = client.create_node(v3.CreateNodeRequest(body=v3.NodeRequest(node=v3.NodeReqDetail(
        name="sdk-device", enable_npu=True, tags=[v3.TagObject(key="site", value="lab")],
        log_configs=[v3.LogConfig(component="app", type="local", size=50, rotate_num=5)]))))
    assert created.id.startswith("hilens-") and created.name == "sdk-device"
    with tarfile.open(fileobj=io.BytesIO(base64.b64decode(created.package)), mode="r:gz") as tar:
        names = sorted(tar.getnames())
        cert = tar.extractfile("cert/node.crt").read().decode()
    assert names == ["cert/node.crt", "cert/node.key", "node.conf"]
    assert cert.startswith("-----BEGIN CERTIFICATE-----")
    shown = client.show_node(v3.ShowNodeRequest(node_id=created.id))
    assert shown.name == "sdk-device" and shown.state in ("UNCONNECTED", "RUNNING")
    reissued = client.update_node_cert(v3.UpdateNodeCertRequest(node_id=created.id))
    assert reissued.id == created.id and reissued.package != created.package
    listed = client.show_nodes(v3.ShowNodesRequest(tags="site.lab"))
    assert listed.count == 1 and listed.nodes[0].id == created.id
    client.delete_node(v3.DeleteNodeRequest(node_id=created.id))
    assert client.show_nodes(v3.ShowNodesRequest(tags="site.lab")).count == 0
    refused(lambda: client.create_node(v3.CreateNodeRequest(body=v3.NodeRequest(node=v3.NodeReqDetail(
        name="sdk-device-2", batch=200000)))), "node.batch")


def test_devices_stop_start_update(client):
    node = client.create_node(v3.CreateNodeRequest(body=v3.NodeRequest(node=v3.NodeReqDetail(name="sdk-switch"))))
    client.switch_node_connection(v3.SwitchNodeConnectionRequest(node_id=node.id, action="stop"))
    assert client.show_node(v3.ShowNodeRequest(node_id=node.id)).state == "STOPPED"
    client.switch_node_connection(v3.SwitchNodeConnectionRequest(node_id=node.id, action="start"))
    assert client.show_node(v3.ShowNodeRequest(node_id=node.id)).state != "STOPPED"
    client.update_node(v3.UpdateNodeRequest(node_id=node.id, body=v3.UpdateNodeRequestBody(
        node=v3.UpdateNodeReqDetail(description="updated by the SDK"))))
    assert client.show_node(v3.ShowNodeRequest(node_id=node.id)).description == "updated by the SDK"
    refused(lambda: client.switch_node_connection(v3.SwitchNodeConnectionRequest(node_id=node.id, action="pause")), "action")


def test_basic_console_device_list(emulator):
    from huaweicloudsdkhilens import v1
    basic = build(emulator, module=v1)
    v3client = build(emulator)
    v3client.create_node(v3.CreateNodeRequest(body=v3.NodeRequest(node=v3.NodeReqDetail(name="basic-kit"))))
    listed = basic.list_devices(v1.ListDevicesRequest(name="basic-kit"))
    assert listed.total == 1 and listed.data[0].name == "basic-kit" and listed.data[0].status in (0, 1)


def test_resource_tags(client):
    node = client.create_node(v3.CreateNodeRequest(body=v3.NodeRequest(node=v3.NodeReqDetail(name="sdk-tagged"))))
    client.create_resource_tags(v3.CreateResourceTagsRequest(resource_type="node", resource_id=node.id,
                                                             body=v3.TagRequestDetail(tags=[v3.TagObject(key="zone", value="a")])))
    shown = client.show_resource_tags(v3.ShowResourceTagsRequest(resource_type="node", resource_id=node.id))
    assert shown.count == 1 and shown.tags[0].key == "zone"
    client.batch_create_node_tags(v3.BatchCreateNodeTagsRequest(body=v3.MultiResourcesMultiTags(
        resources=[v3.NodeResource(resource_type="node", resource_id=node.id)], tags=[v3.NodeTag(key="rack", value="r1")])))
    listed = client.list_resource_tags(v3.ListResourceTagsRequest(resource_type="node"))
    assert {(t.resource_id, t.key) for t in listed.tags} >= {(node.id, "zone"), (node.id, "rack")}
    client.delete_resource_tag(v3.DeleteResourceTagRequest(resource_type="node", resource_id=node.id, key="zone"))
    assert [t.key for t in client.show_resource_tags(v3.ShowResourceTagsRequest(resource_type="node", resource_id=node.id)).tags] == ["rack"]
    refused(lambda: client.create_resource_tags(v3.CreateResourceTagsRequest(resource_type="node", resource_id=node.id,
            body=v3.TagRequestDetail(tags=[v3.TagObject(key="bad key", value="v")]))), "tags[0].key")


def wait_running(client, node_id):
    for _ in range(50):
        if client.show_node(v3.ShowNodeRequest(node_id=node_id)).state == "RUNNING":
            return
        time.sleep(0.1)
    raise AssertionError(f"device {node_id} never connected")


def test_activation_with_running_service_orders(client):
    node = client.create_node(v3.CreateNodeRequest(body=v3.NodeRequest(node=v3.NodeReqDetail(name="sdk-activated"))))
    small = client.list_platform_manager(v3.ListPlatformManagerRequest(device_type="small_device", type="running_service"))
    assert small.total == 1 and small.data[0].used_amount == 0
    order = small.data[0]
    done = client.unfreeze_node(v3.UnfreezeNodeRequest(node_id=node.id, body=v3.ActivateNodeRequestBody(order_id=order.id)))
    assert done.node_id == node.id
    shown = client.show_node(v3.ShowNodeRequest(node_id=node.id))
    assert shown.active_status == "ACTIVATED" and shown.active_content == [order.id]
    assert client.list_platform_manager(v3.ListPlatformManagerRequest(id=order.id)).data[0].used_amount == 1
    assert client.freeze_node(v3.FreezeNodeRequest(node_id=node.id)).node_id == node.id
    records = client.show_node_activation_records(v3.ShowNodeActivationRecordsRequest(node_id=node.id))
    assert records.count == 2 and [r.active_status for r in records.records] == ["ACTIVATED", "INACTIVE"]
    assert client.list_platform_manager(v3.ListPlatformManagerRequest(id=order.id)).data[0].used_amount == 0
    refused(lambda: client.unfreeze_node(v3.UnfreezeNodeRequest(node_id=node.id, body=v3.ActivateNodeRequestBody())),
            "order_id")
    refused(lambda: client.list_platform_manager(v3.ListPlatformManagerRequest(type="monthly")), "type")


def test_firmware_upgrade_progress_and_alarms(emulator, client):
    from huaweicloudsdkhilens import v1
    node = client.create_node(v3.CreateNodeRequest(body=v3.NodeRequest(node=v3.NodeReqDetail(name="sdk-upgraded"))))
    wait_running(client, node.id)
    kit = client.list_firmwares(v3.ListFirmwaresRequest(device_type="HiLens Kit")).firmwares[0]
    started = client.update_node_firmware(v3.UpdateNodeFirmwareRequest(node_id=node.id, firmware_id=kit.id, x_expired_time=60))
    assert started.firmware_id == kit.id and started.firmware_name == kit.name
    progress = client.show_upgrade_progress(v3.ShowUpgradeProgressRequest(node_id=node.id))
    assert progress.status == 1 and progress.version == kit.version
    time.sleep(1.6)
    progress = client.show_upgrade_progress(v3.ShowUpgradeProgressRequest(node_id=node.id))
    assert (progress.status, progress.progress) == (3, "100")
    shown = client.show_node(v3.ShowNodeRequest(node_id=node.id))
    assert shown.firmware_version == kit.version and len(shown.firmware_upgrade_record) == 1
    # An x86_64 firmware on this aarch64 device fails, with a cause and an alarm.
    x86 = client.list_firmwares(v3.ListFirmwaresRequest(device_type="Edge Server")).firmwares[0]
    client.update_node_firmware(v3.UpdateNodeFirmwareRequest(node_id=node.id, firmware_id=x86.id))
    time.sleep(0.8)
    failed = client.show_upgrade_progress(v3.ShowUpgradeProgressRequest(node_id=node.id))
    assert failed.status == 2 and "x86_64" in failed.cause
    alarms = build(emulator, module=v1).list_device_alarms(v1.ListDeviceAlarmsRequest(device_id=node.id))
    assert alarms.total == 1 and alarms.data[0].level == "major"
    refused(lambda: client.update_node_firmware(v3.UpdateNodeFirmwareRequest(
        node_id=node.id, firmware_id=kit.id, x_expired_time=86401)), "X-Expired-Time")


def app_def(**extra):
    fields = dict(name="sdk-counter", app_url="swr.cn-north-4.myhuaweicloud.com/demo/counter:1.0", version="1.0.0",
                  envs=[v3.Env(name="LOG_LEVEL", value="info"), v3.Env(name="HOST", field_path="status.hostIP")],
                  ports=[v3.HostContainerPortMapping(container_port=8080, host_port=18080)],
                  liveness_probe=v3.Probe(http_get=v3.HttpGet(path="/health", port=8080), initial_delay_seconds=5),
                  resources=v3.ResQuest(limits=v3.Res(cpu="1", memory="512")),
                  volumes=[v3.Volume(name="tmp", type="emptyDir", source="memory", destination="/tmp", read_only=False)])
    fields.update(extra)
    return v3.AppDef(**fields)


def deployment_request(apps):
    return v3.DeploymentRequest(replicas=1, template=v3.PodRequest(
        apps=apps, configs=v3.PodConfig(host_network=False, restart_policy="Always")))


def test_deployments_pods_and_jobs(client):
    nodes = [client.create_node(v3.CreateNodeRequest(body=v3.NodeRequest(node=v3.NodeReqDetail(
        name=f"sdk-edge-{i}", tags=[v3.TagObject(key="rack", value=f"edge{i % 2}")])))) for i in range(3)]
    created = client.create_deployment(v3.CreateDeploymentRequest(x_expired_time=60, body=v3.DeploymentCreateRequest(
        name="sdk-counter", source="userdefined", node_ids=[nodes[0].id],
        tags=[v3.DeploymentTag(key="team", value="sdk")], deployment=deployment_request([app_def(channel_limit=2)]))))
    assert created.state == "CREATING" and created.node_ids == [nodes[0].id]
    assert created.template.apps[0].ports[0].host_port == 18080
    time.sleep(0.4)
    shown = client.show_deployment(v3.ShowDeploymentRequest(deployment_id=created.id))
    assert (shown.state, shown.ready_replicas) == ("RUNNING", 1)
    listed = client.show_deployments(v3.ShowDeploymentsRequest(name="sdk-count", sort="created_at:desc"))
    assert listed.count == 1 and listed.deployments[0].id == created.id
    added = client.add_deployment_nodes(v3.AddDeploymentNodesRequest(deployment_id=created.id, body=v3.DeploymentAddNodesRequest(
        deployment_id=created.id, node_tags=[v3.DeploymentTag(key="rack", value="edge1")], node_num=1)))
    assert added.node_num == 2 and nodes[1].id in added.node_ids
    pods = client.show_deployment_pods(v3.ShowDeploymentPodsRequest(deployment_id=created.id))
    assert pods.count == 2
    pod = pods.pods[0]
    assert client.start_and_stop_deployment_pod(v3.StartAndStopDeploymentPodRequest(
        deployment_id=created.id, pod_id=pod.id, action="pause")).pod_id == pod.id
    assert client.start_and_stop_deployment(v3.StartAndStopDeploymentRequest(
        deployment_id=created.id, action="pause")).deployment_id == created.id
    assert client.show_deployment(v3.ShowDeploymentRequest(deployment_id=created.id)).state == "HIBERNATED"
    client.start_and_stop_deployment(v3.StartAndStopDeploymentRequest(deployment_id=created.id, action="resume"))
    patched = client.update_deployment_using_patch(v3.UpdateDeploymentUsingPatchRequest(
        deployment_id=created.id, body=v3.DeploymentPatchRequest(
            version="1.1.0", patch=v3.Patch(envs=[v3.Env(name="LOG_LEVEL", value="debug")]))))
    assert patched.template.apps[0].version == "1.1.0" and patched.template.apps[0].envs[0].value == "debug"
    updated = client.update_deployment(v3.UpdateDeploymentRequest(deployment_id=created.id, body=v3.DeploymentUpdateRequest(
        description="counts people", deployment=deployment_request([app_def(channel_limit=2, command=["run"])]))))
    assert updated.description == "counts people" and updated.template.apps[0].command == ["run"]

    stream = v3.TaskStream(input=v3.TaskInput(type="camera", data={"rtsp": "rtsp://10.0.0.9/1"}),
                           outputs=[v3.TaskOutputs(type="dis", data={"streamName": "counts"})])
    task = client.create_task(v3.CreateTaskRequest(deployment_id=created.id, body=v3.TaskRequest(
        name="sdk-job", data=v3.TaskData(streams=[stream]))))
    jobs = client.list_tasks(v3.ListTasksRequest(deployment_id=created.id))
    assert jobs.count == 1 and jobs.tasks[0].task_id == task.task_id and jobs.tasks[0].sum_pod_number == 2
    client.update_task(v3.UpdateTaskRequest(deployment_id=created.id, task_id=task.task_id, body=v3.TaskRequest(
        name="sdk-job-2", data=v3.TaskData(streams=[stream, stream]))))
    job = client.show_task(v3.ShowTaskRequest(deployment_id=created.id, task_id=task.task_id))
    assert job.name == "sdk-job-2" and len(job.streams) == 2
    refused(lambda: client.create_task(v3.CreateTaskRequest(deployment_id=created.id, body=v3.TaskRequest(
        name="sdk-job-3", data=v3.TaskData(streams=[stream, stream, stream])))), "data.streams")
    assert client.delete_task(v3.DeleteTaskRequest(deployment_id=created.id, task_id=task.task_id)).task_id == task.task_id

    assert client.delete_pod(v3.DeletePodRequest(deployment_id=created.id, pod_id=pod.id)).pod_id == pod.id
    assert client.show_deployment_pods(v3.ShowDeploymentPodsRequest(deployment_id=created.id)).count == 1
    tags = client.show_resource_tags(v3.ShowResourceTagsRequest(resource_type="deployment", resource_id=created.id))
    assert [t.key for t in tags.tags] == ["team"]
    assert client.delete_deployment(v3.DeleteDeploymentRequest(deployment_id=created.id)).deployment_id == created.id
    assert client.show_deployments(v3.ShowDeploymentsRequest()).count == 0

    def create(apps=None, **body):
        fields = dict(name="sdk-bad", source="userdefined", node_ids=[nodes[0].id],
                      deployment=deployment_request(apps or [app_def()]))
        fields.update(body)
        return lambda: client.create_deployment(v3.CreateDeploymentRequest(body=v3.DeploymentCreateRequest(**fields)))
    refused(create(name="Bad_Name"), "name")
    refused(create(source="github"), "source")
    refused(create(cluster_id="c1"), "cluster_id")
    refused(create([app_def(envs=[v3.Env(name="A")])]), "deployment.template.apps[0].envs[0]")
    refused(create([app_def(ports=[v3.HostContainerPortMapping(container_port=80, host_port=1,
                                                                  host_port_range=v3.HostPortRange(min_port=1, max_port=9))])]),
            "deployment.template.apps[0].ports[0].host_port")
    refused(create([app_def(volumes=[v3.Volume(name="conf", type="configMap", source="app-conf",
                                               destination="/etc/app", read_only=False)])]),
            "deployment.template.apps[0].volumes[0].read_only")
    refused(create([app_def(resources=v3.ResQuest(limits=v3.Res(memory="2")))]),
            "deployment.template.apps[0].resources.limits.memory")
    refused(create([app_def(liveness_probe=v3.Probe(_exec=v3.ModelExec(command="true"),
                                                    http_get=v3.HttpGet(path="/", port=80)))]),
            "deployment.template.apps[0].liveness_probe")
    assert client.show_deployments(v3.ShowDeploymentsRequest()).count == 0, "refused requests stored nothing"


def test_every_operation_of_the_sdk_was_driven():
    """Runs last (pytest keeps file order): the operations called are all of the catalogue's
    (crates/model/src/catalogue_data.rs, which the model's tests prove equal to the SDK's
    operations.tsv)."""
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "..", "..", "crates", "model", "src", "catalogue_data.rs"), encoding="utf-8") as f:
        operations = set(re.findall(r'^        name: "(\w+)",$', f.read(), re.M))
    assert len(operations) == 58
    assert operations - CALLED == set(), "operations no test drove"
