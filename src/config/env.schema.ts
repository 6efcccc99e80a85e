import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { Environment } from './environment';
import { VARIABLES, type VariableName, type Variables } from './variables';

/** The class-validator schema of the environment, decorated from the catalog in variables.ts. */
export class EnvironmentVariables {
  [name: string]: unknown;
}
for (const [name, variable] of Object.entries(VARIABLES)) {
  for (const decorate of variable.decorators) {
    decorate(EnvironmentVariables.prototype, name);
  }
}

export interface ReadVariables {
  /** Validated and converted, with the catalog's defaults filled in. */
  readonly values: Variables;
  /** The variables the environment sets (not blank): e.g. to tell a default from a given value. */
  readonly given: ReadonlySet<VariableName>;
  /** One line per broken rule, each starting with the variable's name. */
  readonly problems: string[];
}

/** Validates every variable of the catalog, collecting all problems instead of stopping at one. */
export function readVariables(env: Environment): ReadVariables {
  const names = Object.keys(VARIABLES) as VariableName[];
  const instance = plainToInstance(EnvironmentVariables, { ...env });
  // One problem per variable: 'PORT must be an integer number', not that and its range too.
  const problems = validateSync(instance, { stopAtFirstError: true }).flatMap((error) =>
    Object.values(error.constraints ?? {}).map((message) =>
      message.startsWith(error.property) ? message : `${error.property}: ${message}`,
    ),
  );
  const given = new Set(names.filter((name) => instance[name] !== undefined));
  const values = Object.fromEntries(
    names.map((name) => [name, instance[name] ?? VARIABLES[name].default]),
  ) as Variables;
  return { values, given, problems };
}
