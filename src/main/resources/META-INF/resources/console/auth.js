// Sign-in with Keycloak in the browser: the authorization code flow with PKCE (S256) of the realm's public console
// client. Tokens stay in this tab's sessionStorage; the access token is refreshed shortly before it expires.

const STORE = 'anquanli.console.tokens';
const FLOW = 'anquanli.console.flow';

function base64url(bytes) {
  return btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomString(n) {
  return base64url(crypto.getRandomValues(new Uint8Array(n)));
}

export class Auth {
  constructor(config) {
    this.realm = config.realmUrl;
    this.clientId = config.clientId;
    this.redirectUri = `${location.origin}${location.pathname}`;
    this.tokens = JSON.parse(sessionStorage.getItem(STORE) || 'null');
  }

  endpoint(name) {
    return `${this.realm}/protocol/openid-connect/${name}`;
  }

  /** Sends the browser to Keycloak's sign-in page; it comes back to this page with a code. */
  async login() {
    const verifier = randomString(48);
    const state = randomString(16);
    const challenge = base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
    sessionStorage.setItem(FLOW, JSON.stringify({ verifier, state, hash: location.hash }));
    const params = new URLSearchParams({
      client_id: this.clientId, response_type: 'code', scope: 'openid', redirect_uri: this.redirectUri,
      state, code_challenge: challenge, code_challenge_method: 'S256',
    });
    location.assign(`${this.endpoint('auth')}?${params}`);
  }

  /** On the way back from Keycloak: trades the code for tokens. True when the page was such a return. */
  async completeLogin() {
    const params = new URLSearchParams(location.search);
    if (!params.has('code') && !params.has('error')) return false;
    const flow = JSON.parse(sessionStorage.getItem(FLOW) || 'null');
    sessionStorage.removeItem(FLOW);
    history.replaceState(null, '', this.redirectUri + ((flow && flow.hash) || ''));
    if (params.has('error')) throw new Error(`登录失败：${params.get('error_description') || params.get('error')}`);
    if (!flow || flow.state !== params.get('state')) throw new Error('登录状态不匹配，请重新登录');
    await this.grant({ grant_type: 'authorization_code', code: params.get('code'),
      redirect_uri: this.redirectUri, code_verifier: flow.verifier });
    return true;
  }

  async grant(form) {
    const res = await fetch(this.endpoint('token'), {
      method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: this.clientId, ...form }),
    });
    const data = await res.json().catch(() => ({}));
    if (!res.ok) {
      this.clear();
      throw new Error(`登录已失效，请重新登录（${data.error_description || data.error || res.status}）`);
    }
    this.tokens = { access: data.access_token, refresh: data.refresh_token, id: data.id_token,
      expiresAt: Date.now() + data.expires_in * 1000 };
    sessionStorage.setItem(STORE, JSON.stringify(this.tokens));
  }

  signedIn() {
    return !!this.tokens;
  }

  /** A valid access token, refreshed when it has less than 30 s left. */
  async token() {
    if (!this.tokens) return null;
    if (Date.now() > this.tokens.expiresAt - 30000) {
      await this.grant({ grant_type: 'refresh_token', refresh_token: this.tokens.refresh });
    }
    return this.tokens.access;
  }

  clear() {
    this.tokens = null;
    sessionStorage.removeItem(STORE);
  }

  logout() {
    const idToken = this.tokens && this.tokens.id;
    this.clear();
    const params = new URLSearchParams({ client_id: this.clientId, post_logout_redirect_uri: this.redirectUri });
    if (idToken) params.set('id_token_hint', idToken);
    location.assign(`${this.endpoint('logout')}?${params}`);
  }
}
