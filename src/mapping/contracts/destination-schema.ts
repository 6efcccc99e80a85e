import type { FieldError } from '../../common';
import type { AttributeValue } from '../mapped-event';
import { conversionType } from './attribute-conversions';
import type { AttributeSpec, ContractDefinition } from './contract-definition';
import { parsePointer } from './json-pointer';

type JsonType = 'string' | 'number' | 'integer' | 'boolean';

/** What an external-events schema says about attributes (its `jsonSchema`, draft-04, flat). */
export interface DestinationSchema {
  readonly required: readonly string[];
  readonly properties: Readonly<Record<string, DestinationProperty>>;
}

export interface DestinationProperty {
  readonly type?: string | readonly string[];
  readonly enum?: readonly unknown[];
}

/** A Genesys `jsonSchema` (untrusted JSON) as a DestinationSchema; undefined when it has no properties. */
export function readDestinationSchema(jsonSchema: unknown): DestinationSchema | undefined {
  const schema = jsonSchema as { required?: unknown; properties?: unknown } | null | undefined;
  if (typeof schema?.properties !== 'object' || schema.properties === null) {
    return undefined;
  }
  return {
    required: Array.isArray(schema.required)
      ? schema.required.filter((r): r is string => typeof r === 'string')
      : [],
    properties: schema.properties as Record<string, DestinationProperty>,
  };
}

/**
 * Why a contract cannot fit its destination, one line per attribute: not in the schema, of a type
 * the schema refuses, a constant or mapped value outside its enum, or a required attribute the
 * contract never maps. Empty when it fits.
 */
export function destinationMisfits(
  definition: ContractDefinition,
  schema: DestinationSchema,
): string[] {
  const problems: string[] = [];
  const where = `contract ${definition.name} (configuration ${definition.genesys.configurationId})`;
  const attributes = definition.genesys.attributes;
  for (const [name, spec] of Object.entries(attributes)) {
    const property = schema.properties[name];
    if (!property) {
      problems.push(`${where}: attribute ${name} is not in the destination schema`);
      continue;
    }
    const allowed = typesOf(property);
    const produced = producedTypes(spec, definition.schema);
    const refused = produced.filter((type) => allowed && !accepts(allowed, type));
    if (refused.length > 0) {
      problems.push(
        `${where}: attribute ${name} is ${refused.join(' or ')} but the destination schema wants ${[...(allowed ?? [])].join(' or ')}`,
      );
    }
    const values = producedValues(spec);
    const outside = property.enum ? values.filter((v) => !property.enum?.includes(v)) : [];
    if (outside.length > 0) {
      problems.push(
        `${where}: attribute ${name} can be ${outside.map((v) => JSON.stringify(v)).join(', ')}, not in the destination enum`,
      );
    }
  }
  for (const name of schema.required) {
    if (!(name in attributes)) {
      problems.push(`${where}: required attribute ${name} is not mapped by the contract`);
    }
  }
  return problems;
}

/** Per event: the mapped attributes against the destination schema, compiled once per schema. */
export function compileDestinationCheck(
  schema: DestinationSchema,
): (attributes: Readonly<Record<string, AttributeValue>>) => FieldError[] {
  const checks = Object.entries(schema.properties).map(([name, property]) => ({
    name,
    types: typesOf(property),
    values: property.enum,
  }));
  const known = new Set(Object.keys(schema.properties));
  const required = schema.required;
  return (attributes) => {
    const errors: FieldError[] = [];
    for (const name of required) {
      if (attributes[name] === undefined) {
        errors.push(error(name, 'is required by the destination schema'));
      }
    }
    for (const check of checks) {
      const value = attributes[check.name];
      if (value === undefined) {
        continue;
      }
      if (check.types && !accepts(check.types, typeOfValue(value))) {
        errors.push(error(check.name, `must be ${[...check.types].join(' or ')}`));
      } else if (check.values && !check.values.includes(value)) {
        errors.push(
          error(
            check.name,
            `must be one of ${check.values.map((v) => JSON.stringify(v)).join(', ')}`,
          ),
        );
      }
    }
    for (const name of Object.keys(attributes)) {
      if (!known.has(name)) {
        errors.push(error(name, 'is not in the destination schema'));
      }
    }
    return errors;
  };
}

function error(attribute: string, message: string): FieldError {
  return { field: `attributes.${attribute}`, message: `attributes.${attribute} ${message}` };
}

function typesOf(property: DestinationProperty): ReadonlySet<string> | undefined {
  if (property.type === undefined) {
    return undefined;
  }
  return new Set(Array.isArray(property.type) ? property.type : [property.type as string]);
}

function accepts(allowed: ReadonlySet<string>, type: JsonType): boolean {
  return allowed.has(type) || (type === 'integer' && allowed.has('number'));
}

function typeOfValue(value: AttributeValue): JsonType {
  if (typeof value === 'number') {
    return Number.isInteger(value) ? 'integer' : 'number';
  }
  return typeof value as 'string' | 'boolean';
}

/** The JSON types an attribute can produce, as far as the contract tells without an event. */
function producedTypes(
  spec: AttributeSpec,
  bodySchema: Readonly<Record<string, unknown>>,
): JsonType[] {
  if (spec.kind === 'const') {
    return [typeOfValue(spec.value)];
  }
  if (spec.as) {
    return [conversionType(spec.as)];
  }
  if (spec.map) {
    const values = [
      ...Object.values(spec.map),
      ...(spec.default === undefined ? [] : [spec.default]),
    ];
    return [...new Set(values.map(typeOfValue))];
  }
  const declared = declaredType(bodySchema, spec.from);
  return declared ? [declared] : [];
}

function producedValues(spec: AttributeSpec): AttributeValue[] {
  if (spec.kind === 'const') {
    return [spec.value];
  }
  if (spec.map && !spec.as) {
    return [...Object.values(spec.map), ...(spec.default === undefined ? [] : [spec.default])];
  }
  return [];
}

/** The `type` the body schema declares at a pointer (following `properties`), when it says one. */
function declaredType(
  schema: Readonly<Record<string, unknown>>,
  pointer: string,
): JsonType | undefined {
  let node: unknown = schema;
  for (const token of parsePointer(pointer)) {
    const properties = (node as { properties?: Record<string, unknown> } | undefined)?.properties;
    node =
      properties && Object.prototype.hasOwnProperty.call(properties, token)
        ? properties[token]
        : undefined;
  }
  const type = (node as { type?: unknown } | undefined)?.type;
  return type === 'string' || type === 'number' || type === 'integer' || type === 'boolean'
    ? type
    : undefined;
}
