import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  Logger,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError } from './domain-error';
import type { ErrorCode } from './error-codes';
import {
  buildProblem,
  PROBLEM_CONTENT_TYPE,
  type ProblemDetails,
  problemOf,
} from './problem-details';

/** body-parser / raw-body errors carry a `type`; map the ones a client can cause. */
const BODY_PARSER_CODES: Readonly<Record<string, ErrorCode>> = {
  'entity.too.large': 'PAYLOAD_TOO_LARGE',
  'entity.parse.failed': 'MALFORMED_JSON',
  'encoding.unsupported': 'UNSUPPORTED_MEDIA_TYPE',
  'charset.unsupported': 'UNSUPPORTED_MEDIA_TYPE',
  'request.size.invalid': 'MALFORMED_JSON',
  'request.aborted': 'MALFORMED_JSON',
};

/** Nest's own HttpExceptions: 400 is how it reports body-parser SyntaxErrors and bad URI escapes. */
const HTTP_STATUS_CODES: Readonly<Record<number, ErrorCode>> = {
  400: 'MALFORMED_JSON',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
};

/**
 * The one place where errors become HTTP: RFC 9457 problem+json with a stable code. Unknown errors
 * are logged and answered with a bare 500 that holds no internals.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const instance = request.originalUrl?.split('?')[0];
    const { problem, headers } = this.toProblem(exception, instance);
    if (response.headersSent) {
      return;
    }
    for (const [name, value] of Object.entries(headers)) {
      response.setHeader(name, value);
    }
    response.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  }

  private toProblem(
    exception: unknown,
    instance: string | undefined,
  ): { problem: ProblemDetails; headers: Record<string, string> } {
    if (exception instanceof DomainError) {
      const headers: Record<string, string> = { ...exception.options.headers };
      if (exception.options.retryAfterSec !== undefined) {
        headers['Retry-After'] = String(Math.max(1, Math.ceil(exception.options.retryAfterSec)));
      }
      return { problem: problemOf(exception, instance), headers };
    }
    const parserCode = bodyParserCode(exception);
    if (parserCode) {
      return {
        problem: buildProblem(parserCode, bodyParserDetail(parserCode), { instance }),
        headers: {},
      };
    }
    if (exception instanceof HttpException) {
      const code = HTTP_STATUS_CODES[exception.getStatus()];
      if (code) {
        return {
          problem: buildProblem(code, detailFor(code, instance), { instance }),
          headers: {},
        };
      }
    }
    this.logger.error(
      `Unhandled error on ${instance ?? '?'}: ${exception instanceof Error ? exception.stack : String(exception)}`,
    );
    return {
      problem: buildProblem('INTERNAL', 'The gateway could not process the request.', { instance }),
      headers: {},
    };
  }
}

function bodyParserCode(exception: unknown): ErrorCode | undefined {
  if (typeof exception === 'object' && exception !== null && 'type' in exception) {
    const type = exception.type;
    return typeof type === 'string' ? BODY_PARSER_CODES[type] : undefined;
  }
  return undefined;
}

function bodyParserDetail(code: ErrorCode): string {
  switch (code) {
    case 'PAYLOAD_TOO_LARGE':
      return 'The request body exceeds the configured limit.';
    case 'UNSUPPORTED_MEDIA_TYPE':
      return 'The request body encoding or charset is not supported; send UTF-8 JSON.';
    default:
      return 'The request body could not be parsed as JSON.';
  }
}

function detailFor(code: ErrorCode, instance: string | undefined): string {
  switch (code) {
    case 'NOT_FOUND':
      return `No route matches ${instance ?? 'this path'}.`;
    case 'METHOD_NOT_ALLOWED':
      return 'This method is not allowed on this path.';
    case 'MALFORMED_JSON':
      return 'The request could not be parsed: send a well-formed JSON body and URL.';
    default:
      return 'The request was rejected.';
  }
}
