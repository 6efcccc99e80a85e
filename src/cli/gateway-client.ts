import { CliError } from './cli-error';

export interface GatewayAnswer<T> {
  readonly status: number;
  readonly body: T;
}

/** Minimal HTTP client for the gateway's own API; problem+json answers become readable errors. */
export class GatewayClient {
  constructor(
    readonly baseUrl: string,
    private readonly bearer: string | undefined,
  ) {}

  async request<T>(
    method: 'GET' | 'POST',
    path: string,
    options: { body?: string; contentType?: string; expect?: readonly number[] } = {},
  ): Promise<GatewayAnswer<T>> {
    let res: Response;
    try {
      res = await fetch(new URL(path, this.baseUrl), {
        method,
        headers: {
          ...(this.bearer ? { Authorization: `Bearer ${this.bearer}` } : {}),
          ...(options.body !== undefined
            ? { 'Content-Type': options.contentType ?? 'application/json' }
            : {}),
        },
        body: options.body,
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; errors?: Array<{ code?: string }> } })
        .cause;
      const code = cause?.code ?? cause?.errors?.[0]?.code ?? 'connection failed';
      throw new CliError(
        `Cannot reach the gateway at ${this.baseUrl} (${code}); is it running? (--url)`,
      );
    }
    const text = await res.text();
    const body = parseJson(text);
    if (!(options.expect ?? [200]).includes(res.status)) {
      const problem = body as { detail?: string; code?: string } | undefined;
      throw new CliError(
        `${method} ${path} answered ${res.status}${problem?.code ? ` ${problem.code}` : ''}: ${problem?.detail ?? text.slice(0, 200)}`,
      );
    }
    return { status: res.status, body: body as T };
  }
}

function parseJson(text: string): unknown {
  try {
    return text === '' ? undefined : (JSON.parse(text) as unknown);
  } catch {
    return undefined;
  }
}
