import { BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';
import { IsInt, Max, Min, ValidateIf } from 'class-validator';
import { listedProblems, moreProblems } from './problem-list';

/** The largest id or version the database's integer columns hold. */
export const MAX_INT = 2_147_483_647;

/**
 * An id or a version: a whole number the integer columns can hold (a larger one would reach
 * PostgreSQL and fail there). `what` completes "must be …": "a department id".
 */
export function IsIntegerKey(what: string, min = 1): PropertyDecorator {
  const message = `$property: must be ${what}`;
  return (target, key) => {
    IsInt({ message })(target, key);
    Min(min, { message })(target, key);
    Max(MAX_INT, { message })(target, key);
  };
}

/**
 * May be left out, but not sent as null: for fields that have no empty value (a user's
 * roles, an indicator's name). class-validator's IsOptional lets null through as well, which
 * is right only where null means "clear this".
 */
export function Omittable(): PropertyDecorator {
  return ValidateIf((_, value) => value !== undefined);
}

/**
 * Flattens class-validator errors into messages that name the field (`funds.total: ...`).
 * Appends to `out` (no spread of a child list: 200,000 of them overflowed the stack).
 */
export function describeValidationErrors(
  errors: ValidationError[],
  parent = '',
  out: string[] = [],
): string[] {
  for (const e of errors) {
    const path = parent
      ? /^\d+$/.test(e.property)
        ? `${parent}[${e.property}]`
        : `${parent}.${e.property}`
      : e.property;
    for (const msg of Object.values(e.constraints ?? {})) {
      if (msg.startsWith(`${e.property}:`) || msg.startsWith(`${path}:`))
        out.push(msg.startsWith(`${path}:`) ? msg : `${path}:${msg.slice(e.property.length + 1)}`);
      else if (msg.startsWith('property ') && msg.endsWith(' should not exist'))
        out.push(`${path}: unknown field`);
      else out.push(`${path}: ${msg.startsWith(e.property + ' ') ? msg.slice(e.property.length + 1) : msg}`);
    }
    if (e.children?.length) describeValidationErrors(e.children, path, out);
  }
  return out;
}

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    // Money and numbers are not coerced: "12" is not 12 and 12 is not "12.00".
    transformOptions: { enableImplicitConversion: false },
    exceptionFactory: (errors) => {
      // The first few problems and how many more: the answer stays short whatever the body.
      const all = describeValidationErrors(errors);
      const details = listedProblems(all);
      return new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: details.join('; ') + moreProblems(all.length),
        details,
      });
    },
  });
}
