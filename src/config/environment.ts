import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'dotenv';

export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * The one place that reads process.env. A `.env` file in the working directory fills in variables
 * that the real environment does not set (the real environment wins, as in 12-factor apps).
 */
export function loadEnvironment(cwd = process.cwd()): Environment {
  const file = resolve(cwd, '.env');
  const fromFile = existsSync(file) ? parse(readFileSync(file)) : {};
  return { ...fromFile, ...process.env };
}
