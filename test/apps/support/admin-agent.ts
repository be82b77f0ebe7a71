import { CookieAgent, hiddenField } from './cookie-agent';
import { ADMIN } from './provider-harness';

/** An agent signed in to the provider's admin UI, with helpers to post its CSRF-protected forms. */
export class AdminAgent extends CookieAgent {
  constructor(private readonly issuer: string) {
    super();
  }

  async signIn(user = ADMIN.user, password = ADMIN.password): Promise<Response> {
    const page = await (await this.get(`${this.issuer}/admin/login`)).text();
    return this.post(`${this.issuer}/admin/login`, {
      _csrf: hiddenField(page, '_csrf'),
      username: user,
      password,
    });
  }

  /** GETs `pagePath` for a fresh CSRF token, then posts `form` to `action`. */
  async submit(pagePath: string, action: string, form: Record<string, string>): Promise<Response> {
    const page = await (await this.get(`${this.issuer}${pagePath}`)).text();
    return this.post(`${this.issuer}${action}`, { _csrf: hiddenField(page, '_csrf'), ...form });
  }
}
