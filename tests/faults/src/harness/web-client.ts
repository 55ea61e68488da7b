/**
 * A browser-like HTTP client of the web for the security sweeps: it keeps its cookies, reads the
 * CSRF token out of each page's forms, and never follows redirects (the sweep looks at each answer).
 */
export class WebClient {
  readonly cookies = new Map<string, string>();
  csrf: string | undefined;

  constructor(readonly baseUrl: string) {}

  private remember(response: Response): void {
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(";");
      const at = pair?.indexOf("=") ?? -1;
      if (!pair || at < 0) continue;
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      if (value === "" || /max-age=0/i.test(header)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  get cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  async request(path: string, init: RequestInit = {}): Promise<{ status: number; body: string; headers: Headers }> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0 && !headers.has("cookie")) headers.set("cookie", this.cookieHeader);
    const response = await fetch(`${this.baseUrl}${path}`, { ...init, headers, redirect: "manual" });
    this.remember(response);
    const body = await response.text();
    const token =
      /name="csrf"[^>]*value="([^"]+)"/.exec(body)?.[1] ?? /value="([^"]+)"[^>]*name="csrf"/.exec(body)?.[1];
    if (token) this.csrf = token;
    return { status: response.status, body, headers: response.headers };
  }

  get(path: string, headers: Record<string, string> = {}) {
    return this.request(path, { headers });
  }

  /** Posts a form as the page would (same origin, with the CSRF token unless `csrf: false`). */
  async postForm(
    path: string,
    fields: Record<string, string>,
    options: { csrf?: boolean | string; headers?: Record<string, string> } = {},
  ) {
    const form = new URLSearchParams(fields);
    if (options.csrf !== false) form.set("csrf", typeof options.csrf === "string" ? options.csrf : (this.csrf ?? ""));
    return this.request(path, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: this.baseUrl, ...options.headers },
      body: form.toString(),
    });
  }

  /**
   * Signs up and then logs in, as a newcomer does: sign-up never signs anyone in (decision 011),
   * it sends every accepted form to the log-in page. Answers the log-in's answer, or the sign-up's
   * when it was refused.
   */
  async signUp(email: string, password: string, businessName: string) {
    await this.get("/signup");
    const signedUp = await this.postForm("/signup", { email, password, businessName });
    if (signedUp.status !== 302) return signedUp;
    return this.logIn(email, password);
  }

  async logIn(email: string, password: string) {
    await this.get("/login");
    return this.postForm("/login", { email, password, redirectTo: "/inbox" });
  }
}
