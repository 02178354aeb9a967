// A small REST client for arranging what a scenario needs (users, channels, posts) through the
// public API v4, as a second person or an admin would, with a bearer token. Failures name the
// call and carry the server's message.

export class Api {
  /** @param {string} base the server's URL; @param {string} [token] a session token */
  constructor(base, token = '') {
    this.base = base;
    this.token = token;
  }

  async request(method, path, body) {
    const headers = { Accept: 'application/json' };
    if (this.token) headers.Authorization = `Bearer ${this.token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(`${this.base}/api/v4${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    let parsed;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = text;
    }
    if (!response.ok) {
      const message = parsed && typeof parsed === 'object' ? parsed.message : text;
      const error = new Error(`${method} /api/v4${path} answered ${response.status}: ${message}`);
      error.status = response.status;
      throw error;
    }
    return { body: parsed, headers: response.headers };
  }

  get = async (path) => (await this.request('GET', path)).body;
  post = async (path, body) => (await this.request('POST', path, body)).body;

  /** Signs in and returns a client acting as that user, with its user record as `.user`. */
  async login(loginId, password) {
    const { body, headers } = await this.request('POST', '/users/login', { login_id: loginId, password });
    const client = new Api(this.base, headers.get('Token') ?? '');
    client.user = body;
    return client;
  }
}
