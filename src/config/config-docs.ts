import type { SectionId, Variable } from './variable';
import { SECTIONS, VARIABLES } from './variables';

/**
 * docs/configuration.md and .env.example, rendered from the catalog (variables.ts) by
 * `npm run docs:config`. config-docs.spec.ts fails when a committed file differs from these.
 */

type AnyVariable = Variable<string | number>;

const GENERATED =
  'Generated from src/config/variables.ts by `npm run docs:config`: edit that file, not this one.';

function bySection(): Array<[SectionId, Array<[string, AnyVariable]>]> {
  return (Object.keys(SECTIONS) as SectionId[]).map((id) => [
    id,
    Object.entries(VARIABLES as Record<string, AnyVariable>).filter(([, v]) => v.section === id),
  ]);
}

function defaultCell(variable: AnyVariable): string {
  if (variable.defaultText !== undefined) {
    return variable.defaultText;
  }
  return variable.default === undefined ? '' : `\`${String(variable.default)}\``;
}

const cell = (text: string): string => text.replaceAll('|', '\\|');

export function renderConfigurationDoc(): string {
  const lines = [
    '# Configuration',
    '',
    `<!-- ${GENERATED} -->`,
    '',
    'Every variable is validated at start-up. A missing or malformed one stops the gateway with a',
    'message that names it (secret values are never printed), and every problem is listed at once.',
    'A blank value means unset. A `.env` file in the working directory is read too (the real',
    'environment wins). The `*_FILE` variants read a secret from a file (Kubernetes secrets); set',
    'one or the other. [.env.example](../.env.example) lists every variable.',
    '',
  ];
  for (const [id, variables] of bySection()) {
    const { title, intro } = SECTIONS[id];
    lines.push(`## ${title}`, '');
    if (intro) {
      lines.push(intro, '');
    }
    lines.push('| variable | default | meaning |', '|---|---|---|');
    for (const [name, variable] of variables) {
      lines.push(`| \`${name}\` | ${cell(defaultCell(variable))} | ${cell(variable.doc)} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

/** Markdown to plain text for comments: links keep their words, code loses its backticks. */
function plain(markdown: string): string {
  return markdown.replace(/\[([^\]]+)\]\([^)]+\)/g, '$1').replaceAll('`', '');
}

function comment(text: string, width = 100): string[] {
  const lines: string[] = [];
  let line = '#';
  for (const word of plain(text).split(/\s+/)) {
    if (line.length + 1 + word.length > width && line !== '#') {
      lines.push(line);
      line = '#';
    }
    line += ` ${word}`;
  }
  lines.push(line);
  return lines;
}

export function renderEnvExample(): string {
  const lines = [
    `# genesys-event-gateway configuration. ${GENERATED.replaceAll('`', '')}`,
    '# Copy to .env (the real environment wins over .env). Blank means unset: the default applies.',
    ...comment(
      'With no GENESYS_CLIENT_ID / GENESYS_CLIENT_SECRET the gateway runs in SANDBOX MODE: it starts a local imitation of Genesys, creates a dev key pair in DATA_DIR/dev-keys and delivers nothing to Genesys Cloud. Sandbox mode is refused when NODE_ENV=production. Every variable: docs/configuration.md.',
    ),
  ];
  for (const [id, variables] of bySection()) {
    const { title, intro } = SECTIONS[id];
    lines.push('', `# --- ${title} ${'-'.repeat(Math.max(3, 93 - title.length))}`);
    if (intro) {
      lines.push(...comment(intro));
    }
    for (const [name, variable] of variables) {
      const shown =
        variable.defaultText ??
        (variable.default === undefined ? undefined : `default: ${String(variable.default)}`);
      lines.push(...comment(shown === undefined ? variable.doc : `${variable.doc} [${shown}]`));
      const example =
        variable.example ?? (variable.default === undefined ? '' : String(variable.default));
      lines.push(`${name}=${example}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** The generated files, relative to the project root. */
export const GENERATED_CONFIG_FILES: ReadonlyArray<{ path: string; render: () => string }> = [
  { path: 'docs/configuration.md', render: renderConfigurationDoc },
  { path: '.env.example', render: renderEnvExample },
];
