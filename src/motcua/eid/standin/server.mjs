// Máy chủ thử nghiệm – không phải VNeID thật.
//
// A real OpenID Provider (the certified `oidc-provider` package) standing in for the national
// e-ID in MotCua's tests and demo: authorization code with PKCE, acr values, RP-initiated and
// back-channel logout, demo citizens and one organisation. One relying party is registered,
// MotCua at RP_BASE_URL. It listens on VNEID_PORT (0: any free port) and prints one JSON line,
// {"issuer": ...}, once it answers.
//
// With VNEID_STANDIN_TEST_MODE=1 (the tests only), POST /test/forge {"iss", "aud", "expired",
// "foreign_key"} makes the next token response carry an ID token altered that way: the
// refusals of a wrong issuer, audience, expiry or signature are then met through the real flow.
import { createServer } from 'node:http';

import * as jose from 'jose';
import Provider from 'oidc-provider';

const RP = (process.env.RP_BASE_URL || 'http://127.0.0.1:8000').replace(/\/$/, '');
const CLIENT_ID = process.env.CLIENT_ID || 'motcua';
const CLIENT_SECRET = process.env.CLIENT_SECRET || 'motcua-standin-secret';
const TEST_MODE = process.env.VNEID_STANDIN_TEST_MODE === '1';
const LEVELS = ['urn:vneid:loa:1', 'urn:vneid:loa:2'];
const LABEL = 'Máy chủ thử nghiệm – không phải VNeID thật';

// Demo identities: level is the highest assurance their (imaginary) VNeID account reaches.
const IDENTITIES = {
  'cd-an': {
    level: 2,
    claims: {
      so_dinh_danh: '001090012345', name: 'Nguyễn Văn An', birthdate: '1990-05-12',
      address: { formatted: 'Số 12 phố Hàng Bài, phường Hoàn Kiếm, thành phố Hà Nội' }, phone_number: '0912345678',
    },
  },
  'cd-binh': {
    level: 2,
    claims: {
      so_dinh_danh: '079185067890', name: 'Trần Thị Bình', birthdate: '1985-11-03',
      address: { formatted: 'Số 45 đường Lê Lợi, phường Bến Thành, Thành phố Hồ Chí Minh' }, phone_number: '0987654321',
    },
  },
  'cd-cuong': {
    level: 1,
    claims: {
      so_dinh_danh: '036095011223', name: 'Lê Văn Cường', birthdate: '1995-02-20',
      address: { formatted: 'Thôn Đông, xã Nghĩa Hưng, tỉnh Ninh Bình' }, phone_number: '0905111222',
    },
  },
  'tc-hoa-sen': {
    level: 2,
    claims: {
      ma_so_thue: '0101234567', name: 'Công ty TNHH Thương mại Hoa Sen',
      address: { formatted: 'Số 8 phố Tràng Tiền, phường Hoàn Kiếm, thành phố Hà Nội' }, phone_number: '02439998888',
    },
  },
};

const { privateKey } = await jose.generateKeyPair('RS256', { extractable: true });
const signingKey = { ...(await jose.exportJWK(privateKey)), kid: 'standin-1', alg: 'RS256', use: 'sig' };
let forge = null;

const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const page = (title, body) => `<!doctype html><html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(title)} – ${LABEL}</title></head>
<body><p role="note"><strong>${LABEL}</strong></p><main><h1>${escape(title)}</h1>${body}</main></body></html>`;

async function formBody(req) {
  let raw = '';
  for await (const chunk of req) raw += chunk;
  return new URLSearchParams(raw);
}

function acrFor(requested, level) {
  const wanted = (requested || '').split(' ').map((value) => LEVELS.indexOf(value)).filter((index) => index >= 0);
  const reached = Math.min(wanted.length ? Math.max(...wanted) : 0, level - 1);
  return LEVELS[reached];
}

const configuration = {
  clients: [{
    client_id: CLIENT_ID,
    client_secret: CLIENT_SECRET,
    redirect_uris: [`${RP}/dinh-danh/tra-ve/`],
    post_logout_redirect_uris: [`${RP}/dinh-danh/da-dang-xuat/`],
    backchannel_logout_uri: `${RP}/dinh-danh/dang-xuat-kenh-sau/`,
    backchannel_logout_session_required: true,
  }],
  jwks: { keys: [signingKey] },
  cookies: { keys: [jose.base64url.encode(crypto.getRandomValues(new Uint8Array(32)))] },
  acrValues: LEVELS,
  claims: {
    acr: null, auth_time: null, iss: null, sid: null, openid: ['sub'],
    profile: ['name', 'birthdate'], address: ['address'], phone: ['phone_number'], vneid: ['so_dinh_danh', 'ma_so_thue'],
  },
  // The claims ride in the ID token, the one thing the relying party verifies.
  conformIdTokenClaims: false,
  pkce: { required: () => true },
  // The back-channel logout goes to MotCua on this machine, a loopback address the provider's
  // guard against server-side request forgery refuses: the stand-in only calls its one client.
  fetch: (url, { dispatcher, ...options }) => globalThis.fetch(url, options),
  features: {
    devInteractions: { enabled: false },
    backchannelLogout: { enabled: true },
    rpInitiatedLogout: {
      enabled: true,
      logoutSource: async (ctx, form) => {
        ctx.body = page('Đăng xuất', `${form}<p>Bạn có muốn đăng xuất khỏi tài khoản định danh điện tử không?</p>
<button type="submit" form="op.logoutForm" name="logout" value="yes">Có, đăng xuất</button>
<button type="submit" form="op.logoutForm">Không</button>`);
      },
      postLogoutSuccessSource: async (ctx) => {
        ctx.body = page('Đã đăng xuất', '<p>Bạn đã đăng xuất khỏi tài khoản định danh điện tử.</p>');
      },
    },
  },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  findAccount: async (ctx, id) => (IDENTITIES[id] ? { accountId: id, claims: async () => ({ sub: id, ...IDENTITIES[id].claims }) } : undefined),
  renderError: async (ctx, out) => {
    ctx.type = 'html';
    ctx.body = page('Có lỗi', `<p>${escape(out.error)}: ${escape(out.error_description || '')}</p>`);
  },
};

async function interaction(provider, ctx) {
  const [, uid, action] = ctx.path.split('/').filter(Boolean).concat([undefined]);
  const details = await provider.interactionDetails(ctx.req, ctx.res);
  if (details.uid !== uid) ctx.throw(400);
  if (ctx.method === 'GET') {
    const choices = Object.entries(IDENTITIES).map(([id, { level, claims }], index) => `<p><label>
<input type="radio" name="identity" value="${id}"${index ? '' : ' checked'}> ${escape(claims.name)}
(${claims.so_dinh_danh ? `số định danh ${claims.so_dinh_danh}` : `mã số thuế ${claims.ma_so_thue}`}, tài khoản mức ${level})</label></p>`);
    ctx.type = 'html';
    ctx.body = page('Đăng nhập bằng tài khoản định danh điện tử', `
<form method="post" action="/interaction/${uid}/login"><fieldset><legend>Chọn danh tính thử nghiệm</legend>${choices.join('')}</fieldset>
<p>MotCua sẽ nhận: họ tên, ngày sinh, địa chỉ, số điện thoại, số định danh cá nhân hoặc mã số thuế.</p>
<button type="submit">Đồng ý và đăng nhập</button></form>
<form method="post" action="/interaction/${uid}/abort"><button type="submit">Hủy</button></form>`);
    return;
  }
  if (action === 'abort') {
    await provider.interactionFinished(ctx.req, ctx.res, {
      error: 'access_denied', error_description: 'Người dùng đã hủy đăng nhập',
    }, { mergeWithLastSubmission: false });
    return;
  }
  const accountId = (await formBody(ctx.req)).get('identity');
  if (!IDENTITIES[accountId]) ctx.throw(400, 'Danh tính không có');
  const { params } = details;
  const grant = new provider.Grant({ accountId, clientId: params.client_id });
  grant.addOIDCScope(params.scope);
  await provider.interactionFinished(ctx.req, ctx.res, {
    login: { accountId, acr: acrFor(params.acr_values, IDENTITIES[accountId].level), amr: ['pwd'] },
    consent: { grantId: await grant.save() },
  }, { mergeWithLastSubmission: false });
}

async function forged(idToken) {
  const claims = jose.decodeJwt(idToken);
  const now = Math.floor(Date.now() / 1000);
  if (forge.iss) claims.iss = forge.iss;
  if (forge.aud) claims.aud = forge.aud;
  if (forge.expired) Object.assign(claims, { iat: now - 7200, exp: now - 3600 });
  const key = forge.foreign_key ? (await jose.generateKeyPair('RS256')).privateKey : privateKey;
  return new jose.SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'standin-1' }).sign(key);
}

const server = createServer();
server.listen(Number(process.env.VNEID_PORT || 0), '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, configuration);
  provider.use(async (ctx, next) => {
    if (ctx.path.startsWith('/interaction/')) return interaction(provider, ctx);
    if (TEST_MODE && ctx.path === '/test/forge' && ctx.method === 'POST') {
      forge = JSON.parse((await formBody(ctx.req)).get('forge'));
      ctx.status = 204;
      return undefined;
    }
    await next();
    if (forge && ctx.path === '/token' && ctx.body && ctx.body.id_token) {
      ctx.body = { ...ctx.body, id_token: await forged(ctx.body.id_token) };
      forge = null;
    }
    return undefined;
  });
  for (const event of ['backchannel.error', 'server_error', 'end_session.error']) {
    provider.on(event, (...args) => process.stderr.write(`${event}: ${args.map((arg) => arg && ((arg.cause && arg.cause.message) || arg.message || arg.error_description || arg.client_id || '')).join(' ')}\n`));
  }
  server.on('request', provider.callback());
  process.stdout.write(`${JSON.stringify({ issuer })}\n`);
});
