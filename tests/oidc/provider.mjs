// An OpenID provider for the proxy's OIDC sign-in tests: oidc-provider (certified) on
// 127.0.0.1, one confidential client, accounts with a `groups` claim, and a login completed
// with one POST: /interaction/<uid>?account=<name> without a browser, or the sign-in form that
// GET /interaction/<uid> shows a browser (tests/e2e/portal.test.mjs), posting `account`.
//
//   node provider.mjs <port> <client_id> <client_secret> <redirect_uri>
//
// Prints `ready <issuer>` once it listens.
import http from 'node:http';
import Provider from 'oidc-provider';

const [port, clientId, clientSecret, redirectUri] = process.argv.slice(2);
const issuer = `http://127.0.0.1:${port}`;
const groups = { mei: ['line-ops', 'staff'], ann: ['auditors'], bob: ['staff'] };

const provider = new Provider(issuer, {
  clients: [{ client_id: clientId, client_secret: clientSecret, redirect_uris: [redirectUri], grant_types: ['authorization_code'], response_types: ['code'] }],
  claims: { openid: ['sub'], profile: ['preferred_username', 'name'], groups: ['groups'] },
  scopes: ['openid', 'profile', 'groups'],
  // Every claim of the granted scopes in the ID token (the proxy reads groups from it).
  conformIdTokenClaims: false,
  pkce: { required: () => true },
  features: { devInteractions: { enabled: false } },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(ctx, id) {
    if (!groups[id]) return undefined;
    return { accountId: id, async claims() { return { sub: id, preferred_username: id, name: id, groups: groups[id] }; } };
  },
});
provider.proxy = false;

const callback = provider.callback();
const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, issuer);
  const finish = url.pathname.match(/^\/interaction\/([^/]+)$/);
  if (finish && req.method === 'GET') {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Test provider: sign in</title></head>
<body><main><h1>Sign in to the test provider</h1>
<form method="post"><label>Account <input name="account" autocomplete="username"></label>
<button type="submit">Continue</button></form></main></body></html>`);
    return;
  }
  if (finish && req.method === 'POST') {
    try {
      const details = await provider.interactionDetails(req, res);
      let body = '';
      for await (const chunk of req) body += chunk;
      const accountId = url.searchParams.get('account') ?? new URLSearchParams(body).get('account');
      if (!groups[accountId]) { res.writeHead(400).end('no such account'); return; }
      const grant = new provider.Grant({ accountId, clientId: details.params.client_id });
      grant.addOIDCScope(details.params.scope);
      const grantId = await grant.save();
      await provider.interactionFinished(req, res, { login: { accountId }, consent: { grantId } }, { mergeWithLastSubmission: false });
    } catch (e) {
      res.writeHead(500).end(String(e));
    }
    return;
  }
  callback(req, res);
});
server.listen(Number(port), '127.0.0.1', () => console.log(`ready ${issuer}`));
