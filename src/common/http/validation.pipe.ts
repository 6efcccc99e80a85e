import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { DomainError, type FieldError } from '../problem/domain-error';

/** Strict DTO validation: unknown fields are errors, every failure names its field. */
export function strictValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    stopAtFirstError: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const fields = flatten(errors);
      return new DomainError(
        'VALIDATION_FAILED',
        fields.length > 0
          ? fields.map((f) => f.message).join('; ')
          : 'The request body must be a JSON object.',
        {
          errors:
            fields.length > 0 ? fields : [{ field: '(body)', message: 'must be a JSON object' }],
        },
      );
    },
  });
}

function flatten(errors: readonly ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}
