// An OpenID provider for the proxy's OIDC sign-in test: oidc-provider (certified) on
// 127.0.0.1, one confidential client, accounts with a `groups` claim, and a login that a test
// completes with one POST (no browser): POST /interaction/<uid>?account=<name>.
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
  if (finish && req.method === 'POST') {
    try {
      const details = await provider.interactionDetails(req, res);
      const accountId = url.searchParams.get('account');
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
