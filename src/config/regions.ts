/**
 * Genesys Cloud regions: SDK key -> domain (JS SDK PureCloudRegionHosts). Tokens come from
 * https://login.<domain>, API calls go to https://api.<domain>.
 */
export const GENESYS_REGIONS: Readonly<Record<string, string>> = {
  us_east_1: 'mypurecloud.com',
  eu_west_1: 'mypurecloud.ie',
  ap_southeast_2: 'mypurecloud.com.au',
  ap_northeast_1: 'mypurecloud.jp',
  eu_central_1: 'mypurecloud.de',
  us_west_2: 'usw2.pure.cloud',
  ca_central_1: 'cac1.pure.cloud',
  ap_northeast_2: 'apne2.pure.cloud',
  eu_west_2: 'euw2.pure.cloud',
  ap_south_1: 'aps1.pure.cloud',
  us_east_2: 'use2.us-gov-pure.cloud',
  sa_east_1: 'sae1.pure.cloud',
  me_central_1: 'mec1.pure.cloud',
  ap_northeast_3: 'apne3.pure.cloud',
  eu_central_2: 'euc2.pure.cloud',
  mx_central_1: 'mxc1.pure.cloud',
  ap_southeast_1: 'apse1.pure.cloud',
  eusc_de_east_1: 'edee1.eusc-pure.cloud',
};

const DOMAINS = new Set(Object.values(GENESYS_REGIONS));

/** Accepts a region domain (`mypurecloud.ie`) or an SDK key (`eu_west_1`); undefined when unknown. */
export function resolveRegionDomain(value: string): string | undefined {
  const trimmed = value.trim().toLowerCase();
  if (DOMAINS.has(trimmed)) {
    return trimmed;
  }
  return GENESYS_REGIONS[trimmed.replace(/-/g, '_')];
}

export function describeRegions(): string {
  return Object.entries(GENESYS_REGIONS)
    .map(([key, domain]) => `${domain} (${key})`)
    .join(', ');
}

/** Whether a URL is a real Genesys Cloud platform API host (`https://api.<region domain>`). */
export function isGenesysApiUrl(url: string): boolean {
  try {
    const host = new URL(url).hostname.toLowerCase();
    return host.startsWith('api.') && DOMAINS.has(host.slice(4));
  } catch {
    return false;
  }
}
