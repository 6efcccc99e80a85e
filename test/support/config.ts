import { ConfigError } from '../../src/config/config-error';
import { parseConfig } from '../../src/config/parse-config';

/** Real-Genesys mode without the legacy-key variables, for config specs to complete. */
export const PRODUCTION_ENV = {
  NODE_ENV: 'production',
  GENESYS_REGION: 'mypurecloud.ie',
  GENESYS_CLIENT_ID: 'client',
  GENESYS_CLIENT_SECRET: 'secret',
  GENESYS_EXTERNAL_EVENTS_CONFIGURATION_ID: 'cfg-1',
  GENESYS_EXTERNAL_SOURCE_ID: 'erp',
};

/** The problems parseConfig names for this environment; fails the test if it accepts it. */
export function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      return [...error.problems];
    }
    throw error;
  }
  throw new Error('parseConfig accepted the environment');
}
