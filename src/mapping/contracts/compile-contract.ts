import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { FieldError } from '../../common';
import { formatEventTime, parseEventTime } from '../event-time';
import type { AttributeValue, ExternalId, MappedEvent } from '../mapped-event';
import { asIs, CONVERTERS } from './attribute-conversions';
import type { AttributeSpec, ContractDefinition } from './contract-definition';
import { compilePointer, type PointerGetter } from './json-pointer';

/** At most this many errors in one answer: enough to fix a body, bounded for a hostile one. */
const MAX_ERRORS = 20;

export type ContractOutcome =
  | { readonly ok: true; readonly event: MappedEvent; readonly identity: readonly string[] }
  | { readonly ok: false; readonly errors: readonly FieldError[] };

/** A contract turned into plain functions at load: nothing of the definition is read per event. */
export interface CompiledContract {
  readonly name: string;
  readonly configurationId: string;
  readonly definition: ContractDefinition;
  matches(body: unknown): boolean;
  /** Validates the body against the contract's schema, then maps it to the entity. */
  apply(body: unknown): ContractOutcome;
}

/** Writes one attribute into `out`, or its error into `errors`. */
type AttributeWriter = (
  body: unknown,
  out: Record<string, AttributeValue>,
  errors: FieldError[],
) => void;

/** One Ajv per contract set, so a reload compiles into a fresh one and the old set stays whole. */
export function createSchemaCompiler(): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    // Unknown keywords are typos in a contract: refuse them at load. Type hints stay quiet.
    strict: true,
    strictTypes: false,
    strictTuples: false,
    logger: false,
  });
  addFormats(ajv);
  return ajv;
}

/** Compiles one definition; throws with the schema's problem when Ajv cannot compile it. */
export function compileContract(definition: ContractDefinition, ajv: Ajv): CompiledContract {
  const validate = ajv.compile(definition.schema);
  const matchers = definition.match.map(([pointer, value]) => {
    const get = compilePointer(pointer);
    return (body: unknown) => get(body) === value;
  });
  const map = compileMapping(definition);
  return {
    name: definition.name,
    configurationId: definition.genesys.configurationId,
    definition,
    matches: (body) => matchers.every((matches) => matches(body)),
    apply: (body) => {
      if (!validate(body)) {
        return { ok: false, errors: schemaErrors(validate) };
      }
      return map(body);
    },
  };
}

function compileMapping(definition: ContractDefinition): (body: unknown) => ContractOutcome {
  const { name, genesys } = definition;
  const time = definition.eventTime;
  const getTime = compilePointer(time);
  const identity = definition.identity.map((pointer) => ({
    pointer,
    get: compilePointer(pointer),
  }));
  const customer = genesys.customer.map((spec) => ({
    get: compilePointer(spec.from),
    externalSourceId: spec.externalSourceId,
  }));
  const customerPointers = genesys.customer.map((c) => c.from).join(', ');
  const writers = Object.entries(genesys.attributes).map(([attribute, spec]) =>
    compileAttribute(attribute, spec),
  );
  const configurationId = genesys.configurationId;

  return (body) => {
    // Filled only by a failing event; a valid one leaves it empty (writers push, never read it).
    const errors: FieldError[] = [];
    const parsedTime = parseEventTime(getTime(body));
    if (!parsedTime.ok) {
      errors.push({ field: time, message: `${time} ${parsedTime.reason} (the event time)` });
    }
    const keys: string[] = [];
    for (const part of identity) {
      const value = part.get(body);
      if (isKeyValue(value)) {
        keys.push(String(value));
      } else {
        errors.push({
          field: part.pointer,
          message: `${part.pointer} must hold a string or number (part of the event's identity)`,
        });
      }
    }
    const externalIds: ExternalId[] = [];
    for (const ref of customer) {
      const value = ref.get(body);
      if (isKeyValue(value)) {
        externalIds.push({ value: String(value), externalSourceId: ref.externalSourceId });
      }
    }
    if (externalIds.length === 0) {
      errors.push({
        field: genesys.customer[0].from,
        message: `no customer reference: none of ${customerPointers} holds a string or number`,
      });
    }
    const attributes: Record<string, AttributeValue> = {};
    for (const write of writers) {
      write(body, attributes, errors);
    }
    if (errors.length > 0 || !parsedTime.ok) {
      return { ok: false, errors: errors.slice(0, MAX_ERRORS) };
    }
    return {
      ok: true,
      identity: keys,
      event: {
        kind: 'contract',
        eventType: name,
        configurationId,
        dateCreated: formatEventTime(parsedTime.epochMs),
        externalIds,
        attributes,
      },
    };
  };
}

/**
 * `const` writes its value; a pointer reads, then `map`s, then converts (`as`). A missing value
 * (absent or null) takes the default or leaves the attribute out; a value `map` does not list takes
 * the default or is an error. Defaults and map results are converted here, once.
 */
function compileAttribute(attribute: string, spec: AttributeSpec): AttributeWriter {
  if (spec.kind === 'const') {
    const value = spec.value;
    return (_body, out) => {
      out[attribute] = value;
    };
  }
  const from = spec.from;
  const get: PointerGetter = compilePointer(from);
  const convert = spec.as ? CONVERTERS[spec.as] : asIs;
  const fallback = spec.default === undefined ? undefined : convertedOrThrow(spec.default);
  const map = spec.map
    ? new Map(Object.entries(spec.map).map(([key, value]) => [key, convertedOrThrow(value)]))
    : undefined;

  function convertedOrThrow(value: AttributeValue): AttributeValue {
    const result = convert(value);
    if (!result.ok) {
      throw new Error(`attribute ${attribute}: ${JSON.stringify(value)} ${result.reason}`);
    }
    return result.value;
  }

  return (body, out, errors) => {
    const value = get(body);
    if (value === undefined || value === null) {
      if (fallback !== undefined) {
        out[attribute] = fallback;
      }
      return;
    }
    if (map) {
      const mapped =
        isKeyValue(value) || typeof value === 'boolean' ? map.get(String(value)) : undefined;
      if (mapped !== undefined) {
        out[attribute] = mapped;
      } else if (fallback !== undefined) {
        out[attribute] = fallback;
      } else {
        errors.push({
          field: from,
          message: `${from} value ${JSON.stringify(value)} is not one the contract maps (attribute ${attribute})`,
        });
      }
      return;
    }
    const result = convert(value);
    if (result.ok) {
      out[attribute] = result.value;
    } else {
      errors.push({ field: from, message: `${from} ${result.reason} (attribute ${attribute})` });
    }
  };
}

function isKeyValue(value: unknown): value is string | number {
  return (
    (typeof value === 'string' && value.length > 0) ||
    (typeof value === 'number' && Number.isFinite(value))
  );
}

/** Ajv's errors as fields named by JSON pointer: `/customer/id must be string`. */
function schemaErrors(validate: ValidateFunction): FieldError[] {
  return (validate.errors ?? []).slice(0, MAX_ERRORS).map((error: ErrorObject) => {
    const params = error.params as { missingProperty?: string; additionalProperty?: string };
    const child = params.missingProperty ?? params.additionalProperty;
    const field =
      child === undefined ? error.instancePath || '/' : `${error.instancePath}/${escape(child)}`;
    const message =
      error.keyword === 'required'
        ? 'is required'
        : error.keyword === 'additionalProperties'
          ? 'is not allowed by the contract'
          : (error.message ?? 'is invalid');
    return { field, message: `${field} ${message}` };
  });
}

function escape(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}
