// A real OpenID Connect provider for the console's browser tests (the npm package
// oidc-provider). Usage: node provider.mjs PORT REDIRECT_URI
// Accounts: any login; its groups come from GROUPS below (unknown logins have none).
// Prints "ready ISSUER" once it listens.
import Provider from 'oidc-provider';

const [port, redirect] = [Number(process.argv[2]), process.argv[3]];
const issuer = `http://127.0.0.1:${port}`;
const GROUPS = {
  dpo: ['staff', 'dpo-group'],
  sar: ['staff', 'sar'],
  board: ['board-members'],
  admin: ['it-admins'],
  recorder: ['case-system'],
  nobody: ['staff'],
};

const provider = new Provider(issuer, {
  clients: [{
    client_id: 'console',
    client_secret: 'console-test-secret',
    redirect_uris: [redirect],
    grant_types: ['authorization_code'],
    response_types: ['code'],
  }],
  pkce: { required: () => true, methods: ['S256'] },
  scopes: ['openid', 'profile', 'groups'],
  claims: { openid: ['sub'], profile: ['name', 'preferred_username'], groups: ['groups'] },
  conformIdTokenClaims: false,
  cookies: { keys: ['console-test-cookie-key'] },
  findAccount: async (ctx, id) => ({
    accountId: id,
    claims: async () => ({
      sub: id, name: id, preferred_username: `${id}@council.test`, groups: GROUPS[id] ?? [],
    }),
  }),
  features: { devInteractions: { enabled: true } },
});
provider.proxy = false;
provider.listen(port, '127.0.0.1', () => console.log(`ready ${issuer}`));
