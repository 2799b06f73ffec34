import { BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';

/** Flattens class-validator errors into messages that name the field (`funds.total: ...`). */
export function describeValidationErrors(errors: ValidationError[], parent = ''): string[] {
  const out: string[] = [];
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
    if (e.children?.length) out.push(...describeValidationErrors(e.children, path));
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
      const details = describeValidationErrors(errors);
      return new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: details.join('; '),
        details,
      });
    },
  });
}
