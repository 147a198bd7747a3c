// Every page of issue 22 (its routes, each device tab) on an emulator seeded with one of each
// resource: shared by tests/e2e/phones.test.mjs (phones, tablets, screenshots) and
// bench/lighthouse/run (accessibility), so both look at the same pages.

/**
 * Makes what the pages show (devices, a deployment and its job, a config map, a secret, a
 * workspace, a free skill's order) in `project` through `api(method, path, body)` →
 * `{ status, body }` (path after `/api`), and answers the ids the routes need.
 */
export async function seed(api, project) {
  const ok = (r, what) => {
    if (r.status >= 300) throw new Error(`seeding ${what}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const ai = `/v3/${project}/ai-mgr`;
  const ids = {};
  ok(await api('POST', `${ai}/nodes`, { node: { name: 'cam', batch: 3, tags: [{ key: 'site', value: 'north' }] } }), 'devices');
  const nodes = ok(await api('GET', `${ai}/nodes?limit=10&name=cam`), 'devices').nodes;
  ids.device = nodes[0].id;
  ids.deployment = ok(await api('POST', `${ai}/deployments`, {
    name: 'gate-detector', source: 'userdefined', node_ids: [nodes[0].id, nodes[1].id],
    deployment: { replicas: 1, template: { configs: { host_network: false, restart_policy: 'Always' },
      apps: [{ name: 'detector', app_url: 'https://swr.cn-north-4.myhuaweicloud.com/hilens/detector', version: '1.0.0',
        resources: { limits: { cpu: '0.25', memory: '128' }, requests: {} } }] } },
  }), 'a deployment').id;
  const stream = { input: { type: 'camera', data: { rtsp: 'rtsp://10.0.0.9/1' } }, outputs: [{ type: 'dis', data: { streamName: 'counts' } }] };
  ids.pod = ok(await api('GET', `${ai}/pods?deployment_id=${ids.deployment}&limit=1`), 'instances').pods[0].id;
  ids.task = ok(await api('POST', `${ai}/deployments/${ids.deployment}/tasks`, { name: 'gate-count', data: { streams: [stream] } }), 'a job').task_id;
  ok(await api('POST', `${ai}/configmaps`, { configmap: { name: 'app-settings', configs: [{ key: 'LOG_LEVEL', value: 'info' }] } }), 'a config map');
  ids.configmap = ok(await api('GET', `${ai}/configmaps?limit=1`), 'config maps').configmaps[0].id;
  ok(await api('POST', `${ai}/secrets`, { secret: { name: 'db-cred', secrets: [{ key: 'DB_PASS', value: 'not-shown' }] } }), 'a secret');
  ids.secret = ok(await api('GET', `${ai}/secrets?limit=1`), 'secrets').secrets[0].id;
  ids.workspace = ok(await api('POST', `${ai}/workspaces`, { name: 'staging', description: 'the line before production' }), 'a workspace').workspace_id;
  ids.skill = ok(await api('GET', '/v1/skill-market/skills?charge_model=0&limit=1'), 'skills').data[0].skill_id;
  ids.order = ok(await api('POST', `/v1/${project}/skill-market/skill-order`, { skill_id: ids.skill, amount: 1, commission_flag: 0 }), 'an order').order_id;
  return ids;
}

/** The pages: a name (for files) and the path, given the seeded ids; sign-in is outside the
 *  shell (no navigation there). */
export function routes(ids) {
  const deviceTabs = ['overview', 'tags', 'certificate', 'activation', 'firmware', 'alarms', 'instances'];
  return [
    { name: 'login', path: '/login', shell: false },
    { name: 'overview', path: '/' },
    { name: 'devices', path: '/devices' },
    { name: 'devices-new', path: '/devices/new' },
    ...deviceTabs.map((tab) => ({ name: `device-${tab}`, path: `/devices/${ids.device}${tab === 'overview' ? '' : `?tab=${tab}`}` })),
    { name: 'firmware', path: '/firmware' },
    { name: 'service-orders', path: '/service-orders' },
    { name: 'alarms', path: '/alarms' },
    { name: 'deployments', path: '/deployments' },
    { name: 'deployments-new', path: '/deployments/new' },
    { name: 'deployment', path: `/deployments/${ids.deployment}` },
    { name: 'deployment-edit', path: `/deployments/${ids.deployment}/edit` },
    { name: 'instances', path: '/instances' },
    { name: 'instance', path: `/instances/${ids.deployment}/${ids.pod}` },
    { name: 'jobs', path: `/jobs?deployment_id=${ids.deployment}` },
    { name: 'job', path: `/jobs/${ids.deployment}/${ids.task}` },
    { name: 'configmaps', path: '/configmaps' },
    { name: 'configmap', path: `/configmaps/${ids.configmap}` },
    { name: 'secrets', path: '/secrets' },
    { name: 'secret', path: `/secrets/${ids.secret}` },
    { name: 'tags', path: '/tags' },
    { name: 'workspaces', path: '/workspaces' },
    { name: 'workspace', path: `/workspaces/${ids.workspace}` },
    { name: 'skills', path: '/skills' },
    { name: 'skill', path: `/skills/${ids.skill}` },
    { name: 'orders', path: '/orders' },
    { name: 'order', path: `/orders/${ids.order}` },
    { name: 'access', path: '/access' },
    { name: 'audit', path: '/audit' },
  ];
}
