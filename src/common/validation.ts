import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { Transform } from 'class-transformer';
import {
  getMetadataStorage,
  IsIn,
  IsInt,
  Max,
  Min,
  ValidateIf,
  type ValidationOptions,
} from 'class-validator';
// The codes below (FIELD_*) are the common catalogue's: loaded with this module.
import './common.messages';
import { AppError, type Problem } from './errors';
import { enumeration, fromLabel, valueLabels } from './i18n';

/** The largest id or version the database's integer columns hold. */
export const MAX_INT = 2_147_483_647;

/**
 * An id or a version: a whole number the integer columns can hold (a larger one would reach
 * PostgreSQL and fail there).
 */
export function IsIntegerKey(kind: 'id' | 'version' = 'id'): PropertyDecorator {
  const opts = problem(kind === 'id' ? 'FIELD_ID' : 'FIELD_VERSION');
  const min = 1;
  return (target, key) => {
    IsInt(opts)(target, key);
    Min(min, opts)(target, key);
    Max(MAX_INT, opts)(target, key);
  };
}

/** A decorator's options that report `code` (a catalogue entry) with `params` when it fails. */
export function problem(code: string, params: Record<string, unknown> = {}): ValidationOptions {
  return { context: { code, params } };
}

/**
 * May be left out, but not sent as null: for fields that have no empty value (a user's
 * roles, an indicator's name). class-validator's IsOptional lets null through as well, which
 * is right only where null means "clear this".
 */
export function Omittable(): PropertyDecorator {
  return ValidateIf((_, value) => value !== undefined);
}

/** Where a problem was found: `funds.total`, `entries[2].forecast`. */
function childPath(parent: string, property: string): string {
  if (!parent) return property;
  return /^\d+$/.test(property) ? `${parent}[${property}]` : `${parent}.${property}`;
}

/** The constraint reported when several fail on one field: the most basic first (one problem per field). */
const ORDER = [
  'whitelistValidation',
  'isDefined',
  'isString',
  'isInt',
  'isNumber',
  'isBoolean',
  'isArray',
  'isObject',
  'nestedValidation',
  'isNotEmpty',
  'isIn',
  'isEnum',
  'matches',
  'min',
  'max',
  'minLength',
  'maxLength',
  'arrayMinSize',
  'arrayMaxSize',
  'arrayUnique',
];
const TYPE_CHECKS = new Set([
  'isDefined',
  'isString',
  'isInt',
  'isNumber',
  'isBoolean',
  'isArray',
  'isObject',
]);

/** The arguments a decorator was given (`MaxLength(200)` → [200]), from class-validator's own metadata. */
function constraintArgs(e: ValidationError, name: string): unknown[] {
  const target = (e.target as object | undefined)?.constructor;
  if (!target) return [];
  const meta = getMetadataStorage()
    .getTargetValidationMetadatas(target, '', true, false)
    .find((m) => m.propertyName === e.property && (m.name === name || m.type === name));
  return meta?.constraints ?? [];
}

/** The one problem of a field: the code and parameters its decorator gave, else derived from the constraint. */
function problemOf(e: ValidationError, field: string): Problem {
  const names = Object.keys(e.constraints ?? {});
  const name = ORDER.find((n) => names.includes(n)) ?? names[0];
  const given = e.contexts?.[name] as { code?: string; params?: Record<string, unknown> } | undefined;
  if (TYPE_CHECKS.has(name) && e.value === null) return { code: 'FIELD_NOT_NULL', field };
  if (TYPE_CHECKS.has(name) && e.value === undefined) return { code: 'FIELD_REQUIRED', field };
  if (given?.code) return { code: given.code, params: given.params, field };
  const [arg] = constraintArgs(e, name);
  const simple: Record<string, string> = {
    whitelistValidation: 'FIELD_UNKNOWN',
    isDefined: 'FIELD_REQUIRED',
    isString: 'FIELD_TEXT',
    isInt: 'FIELD_INTEGER',
    isNumber: 'FIELD_NUMBER',
    isBoolean: 'FIELD_BOOLEAN',
    isArray: 'FIELD_LIST',
    isObject: 'FIELD_OBJECT',
    nestedValidation: 'FIELD_OBJECT',
    isNotEmpty: 'FIELD_NOT_BLANK',
    arrayUnique: 'FIELD_LIST_UNIQUE',
    matches: 'FIELD_PATTERN',
  };
  if (simple[name]) return { code: simple[name], field };
  switch (name) {
    case 'isIn':
      return { code: 'FIELD_ONE_OF', params: { values: valueLabels(Array.isArray(arg) ? arg : []) }, field };
    case 'isEnum':
      return {
        code: 'FIELD_ONE_OF',
        params: { values: valueLabels(Object.values((arg as object) ?? {})) },
        field,
      };
    case 'min':
      return { code: 'FIELD_MIN', params: { min: arg }, field };
    case 'max':
      return { code: 'FIELD_MAX', params: { max: arg }, field };
    case 'minLength':
      return { code: 'FIELD_TOO_SHORT', params: { min: arg }, field };
    case 'maxLength':
      return { code: 'FIELD_TOO_LONG', params: { max: arg }, field };
    case 'arrayMinSize':
      return { code: 'FIELD_LIST_TOO_SHORT', params: { min: arg }, field };
    case 'arrayMaxSize':
      return { code: 'FIELD_LIST_TOO_LONG', params: { max: arg }, field };
    default:
      return { code: 'FIELD_INVALID', params: { detail: e.constraints?.[name] }, field };
  }
}

/**
 * class-validator's errors as problems, one per field, each naming its field's path. Appends to
 * `out` (no spread of a child list: 200,000 of them overflowed the stack).
 */
export function validationProblems(errors: ValidationError[], parent = '', out: Problem[] = []): Problem[] {
  for (const e of errors) {
    const path = childPath(parent, e.property);
    if (e.constraints && Object.keys(e.constraints).length) out.push(problemOf(e, path));
    if (e.children?.length) validationProblems(e.children, path, out);
  }
  return out;
}

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    // The failing object and value travel with each error: the decorator's arguments are read
    // from its class (MaxLength 200), and a null is told apart from a missing field.
    validationError: { target: true, value: true },
    transform: true,
    // Money and numbers are not coerced: "12" is not 12 and 12 is not "12.00".
    transformOptions: { enableImplicitConversion: false },
    exceptionFactory: (errors) => {
      const details = validationProblems(errors);
      if (details.length === 1) {
        const [d] = details;
        return new AppError(400, d.code, d.params, { field: d.field, details });
      }
      return new AppError(400, 'VALIDATION_FAILED', {}, { details });
    },
  });
}

/**
 * One value of a named enumeration (i18n.ts `defineEnumeration`): the code, or its word in
 * Chinese or English (`产出指标` for `output`); refused naming the allowed words. `each` for a
 * list of them.
 */
export function OneOf(name: string, opts: { each?: boolean } = {}): PropertyDecorator {
  return (target, key) => {
    Transform(({ value }) =>
      opts.each && Array.isArray(value) ? value.map((v) => fromLabel(name, v)) : fromLabel(name, value),
    )(target, key);
    const values = enumeration(name).map((e) => e.value);
    IsIn(values, { each: opts.each, ...problem('FIELD_ONE_OF', { values: valueLabels(values, name) }) })(
      target,
      key,
    );
  };
}
