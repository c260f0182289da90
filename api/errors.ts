// Maps errors to answers (DESIGN decision 9): expected errors become 4xx naming the fields and
// the fix; anything else is logged with its request and becomes a bare 500.
import type { ErrorRequestHandler } from 'express';
import type { Logger } from 'pino';
import { HeraldError } from '../core/errors.ts';

export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    if (err instanceof HeraldError) {
      res
        .status(err.status)
        .json({ error: { code: err.code, message: err.message, problems: err.problems } });
      return;
    }
    const e = err as { type?: string; status?: number; message?: string };
    if (e.type === 'entity.parse.failed') {
      res.status(400).json({
        error: {
          code: 'bad_json',
          message: `The request body is not valid JSON: ${e.message}`,
          problems: [{ field: '(body)', message: 'send valid JSON' }],
        },
      });
      return;
    }
    if (e.type === 'entity.too.large') {
      res.status(413).json({
        error: {
          code: 'too_large',
          message: 'The request body is too large; split it into batches of at most 1000 events.',
        },
      });
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
