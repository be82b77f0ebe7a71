/**
 * A tiny browser stand-in for e2e tests and the benchmarks' scripted logins: keeps cookies per host name
 * (like a browser, ignoring the port, the path and the Secure flag), never follows redirects by itself, and
 * can follow a chain on request.
 */
export class CookieAgent {
  private readonly jar = new Map<string, Map<string, string>>();

  async request(url: string, init: RequestInit = {}): Promise<Response> {
    const target = new URL(url);
    const headers = new Headers(init.headers);
    const cookies = this.jar.get(target.hostname);
    if (cookies && cookies.size > 0) {
      headers.set('cookie', [...cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    }
    const res = await fetch(target, { ...init, headers, redirect: 'manual' });
    this.store(target.hostname, res.headers.getSetCookie());
    return res;
  }

  get(url: string): Promise<Response> {
    return this.request(url);
  }

  post(url: string, form: Record<string, string>): Promise<Response> {
    return this.request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });
  }

  /** Follows 3xx responses with GET until a non-redirect (or `stopAt` matches the next URL). */
  async follow(
    res: Response,
    from: string,
    stopAt?: (url: string) => boolean,
  ): Promise<{ res: Response; url: string }> {
    let current = res;
    let url = from;
    for (let hops = 0; current.status >= 300 && current.status < 400; hops++) {
      if (hops > 20) throw new Error('too many redirects');
      url = new URL(current.headers.get('location') ?? '', url).toString();
      await current.arrayBuffer();
      if (stopAt?.(url)) return { res: current, url };
      current = await this.get(url);
    }
    return { res: current, url };
  }

  cookie(host: string, name: string): string | undefined {
    return this.jar.get(host)?.get(name);
  }

  private store(host: string, setCookies: string[]): void {
    const cookies = this.jar.get(host) ?? new Map<string, string>();
    for (const line of setCookies) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attrs.some(
        (a) => /^\s*expires=Thu, 01 Jan 1970/i.test(a) || /^\s*max-age=0/i.test(a),
      );
      if (expired || value === '') cookies.delete(name);
      else cookies.set(name, value);
    }
    this.jar.set(host, cookies);
  }
}

/** The value of a hidden input in a server-rendered form. */
export function hiddenField(html: string, name: string): string {
  const match = new RegExp(`name="${name}"[^>]*value="([^"]*)"`).exec(html);
  if (!match) throw new Error(`no hidden field ${name} in page`);
  return match[1]
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');
}
