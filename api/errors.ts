// Maps errors to answers (DESIGN decision 9): expected errors become 4xx naming the fields and
// the fix; anything else is logged with its request and becomes a bare 500.
import type { ErrorRequestHandler } from 'express';
import type { Logger } from 'pino';
import { HeraldError } from '../core/errors.ts';
import { dependencyDown } from './unavailable.ts';

/** What body-parser (and express's URL decoding) throws: http-errors with a `type`. */
interface ParserError {
  type?: string;
  status?: number;
  expose?: boolean;
  message?: string;
  charset?: string;
  encoding?: string;
}

const bodyProblem = (message: string, field?: string) => [
  field ? { field, in: 'header' as const, message } : { field: '(body)', message },
];

/** The answer to a request the parsers refused before any route saw it; none for our own bugs. */
function parserAnswer(e: ParserError) {
  // The router decodes each path parameter; one that is not UTF-8 (a lone surrogate's bytes,
  // a stray "%") throws a URIError before any route runs.
  if (e instanceof URIError)
    return {
      status: 400,
      error: {
        code: 'bad_request',
        message: 'A path parameter is not valid percent-encoded UTF-8',
        problems: [
          {
            field: '(path)',
            in: 'path' as const,
            message: 'percent-encode the path as UTF-8 (encodeURIComponent)',
          },
        ],
      },
    };
  const answer = (status: number, code: string, message: string, fix: string, field?: string) => ({
    status,
    error: { code, message, problems: bodyProblem(fix, field) },
  });
  switch (e.type) {
    case 'entity.parse.failed':
      return answer(
        400,
        'bad_json',
        `The request body is not valid JSON: ${e.message}`,
        'send valid JSON',
      );
    case 'entity.too.large':
      return {
        status: 413,
        error: {
          code: 'too_large',
          message: 'The request body is too large; split it into batches of at most 1000 events.',
        },
      };
    case 'charset.unsupported':
      return answer(
        415,
        'unsupported_charset',
        `The charset "${e.charset}" is not supported`,
        'send UTF-8: Content-Type: application/json; charset=utf-8',
        'Content-Type',
      );
    case 'encoding.unsupported':
      return answer(
        415,
        'unsupported_encoding',
        `The Content-Encoding "${e.encoding}" is not supported`,
        'send the body as is, or with Content-Encoding gzip, deflate or br',
        'Content-Encoding',
      );
  }
  // Other refusals the parsers mean for the caller (a gzip body that does not inflate, an
  // aborted upload, a path that is not valid UTF-8) carry a 4xx status and a safe message.
  if (e.expose && e.status && e.status >= 400 && e.status < 500)
    return answer(
      e.status,
      'bad_request',
      `The request could not be read: ${e.message}`,
      'send a well-formed request',
    );
  return undefined;
}

export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    if (err instanceof HeraldError) {
      res
        .status(err.status)
        .json({ error: { code: err.code, message: err.message, problems: err.problems } });
      return;
    }
    const answer = parserAnswer(err as ParserError);
    if (answer) {
      res.status(answer.status).json({ error: answer.error });
      return;
    }
    const down = dependencyDown(err);
    if (down) {
      log.warn({ err, method: req.method, url: req.originalUrl }, down.message);
      res.status(503).set('Retry-After', '5').json({ error: down });
      return;
    }
    log.error({ err, method: req.method, url: req.originalUrl }, 'request failed');
    res.status(500).json({
      error: {
        code: 'internal',
        message: 'Something went wrong on our side; it has been logged.',
      },
    });
  };
}
