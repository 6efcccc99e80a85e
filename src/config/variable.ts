import { Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';

/**
 * One environment variable: its type and rules (class-validator decorators), its default, and the
 * words that document it. The catalog in variables.ts is built from these, and everything else is
 * derived from the catalog: the validated values, docs/configuration.md and .env.example.
 */
export interface Variable<T, D extends T | undefined = T | undefined> {
  readonly section: SectionId;
  /** Applied when the variable is unset or blank. */
  readonly default: D;
  /** What the variable does: its row in docs/configuration.md and its comment in .env.example. */
  readonly doc: string;
  /** The default as the docs state it, when it is not one plain value (it depends on the mode). */
  readonly defaultText: string | undefined;
  /** The value .env.example shows; otherwise the default, or blank. */
  readonly example: string | undefined;
  readonly decorators: readonly PropertyDecorator[];
  /** Only carries the value's type. */
  readonly type?: T;
}

export type SectionId =
  | 'server'
  | 'legacy'
  | 'admin'
  | 'metrics'
  | 'genesys'
  | 'contracts'
  | 'mapping'
  | 'outbox'
  | 'delivery';

/** The value a variable holds after validation: never undefined when it has a default. */
export type ValueOf<V> =
  V extends Variable<infer T, infer D> ? (undefined extends D ? T | undefined : T) : never;

interface Words<D> {
  readonly default?: D;
  readonly doc: string;
  readonly defaultText?: string;
  readonly example?: string;
}

/** Blank means unset, as in .env.example's empty lines. */
const blankToUndefined = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

/** Digits become a number; blank is unset; anything else is left for IsInt to refuse. */
const toInt = ({ value }: { value: unknown }): unknown => {
  const given = blankToUndefined({ value });
  if (typeof given !== 'string') {
    return given;
  }
  return /^-?\d+$/.test(given.trim()) ? Number(given.trim()) : given;
};

function variable<T, D extends T | undefined>(
  section: SectionId,
  words: Words<D>,
  rules: readonly PropertyDecorator[],
  transform = blankToUndefined,
): Variable<T, D> {
  return {
    section,
    default: words.default as D,
    doc: words.doc,
    defaultText: words.defaultText,
    example: words.example,
    decorators: [IsOptional(), Transform(transform), ...rules],
  };
}

/** Builders of one section's variables, so the catalog reads as a table. */
export function section(id: SectionId) {
  return {
    integer<D extends number | undefined = undefined>(
      range: { readonly min: number; readonly max?: number },
      words: Words<D>,
    ): Variable<number, D> {
      const rules = [IsInt(), Min(range.min)];
      return variable(
        id,
        words,
        range.max === undefined ? rules : [...rules, Max(range.max)],
        toInt,
      );
    },

    oneOf<const V extends string, D extends V | undefined = undefined>(
      values: readonly V[],
      words: Words<D>,
    ): Variable<V, D> {
      return variable(id, words, [IsIn(values)]);
    },

    text<D extends string | undefined = undefined>(
      words: Words<D> & {
        readonly minLength?: number;
        readonly maxLength?: number;
        /** A pattern and the message that explains it. */
        readonly pattern?: readonly [RegExp, string];
      },
    ): Variable<string, D> {
      const rules: PropertyDecorator[] = [];
      if (words.minLength !== undefined) {
        rules.push(MinLength(words.minLength));
      }
      if (words.maxLength !== undefined) {
        rules.push(MaxLength(words.maxLength));
      }
      if (words.pattern) {
        rules.push(Matches(words.pattern[0], { message: words.pattern[1] }));
      }
      return variable(id, words, rules);
    },

    /** An http(s) URL; hosts without a dot (localhost, a Kubernetes service) are allowed. */
    url<D extends string | undefined = undefined>(words: Words<D>): Variable<string, D> {
      const options = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };
      return variable(id, words, [IsUrl(options)]);
    },
  };
}
