import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';

/**
 * Where `npm run build` puts the console (Vite's output). Resolved from this file, which sits one
 * folder below the project root both as source (src/console) and compiled (dist/console).
 */
export const CONSOLE_DIR = join(__dirname, '..', '..', 'dist', 'public', 'console');

/**
 * The console's own policy, stricter than helmet's default: scripts, styles and calls from this
 * origin only, no inline code of any kind, no frames, no plugins.
 */
export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

export interface ConsoleAsset {
  readonly body: Buffer;
  readonly contentType: string;
}

/** A file of the built console's assets folder; names are checked so no path leaves it. */
export async function readConsoleAsset(name: string): Promise<ConsoleAsset | undefined> {
  const contentType = CONTENT_TYPES[extname(name)];
  if (!/^[\w.-]+$/.test(name) || name.startsWith('.') || contentType === undefined) {
    return undefined;
  }
  try {
    return { body: await readFile(join(CONSOLE_DIR, 'assets', name)), contentType };
  } catch {
    return undefined;
  }
}

let indexHtml: Promise<Buffer> | undefined;

/** The console's page (every console path answers it; the app routes in the browser). */
export async function readConsoleIndex(): Promise<Buffer> {
  indexHtml ??= readFile(join(CONSOLE_DIR, 'index.html'));
  return indexHtml;
}
