// The express app: the route table (api/routes/index.ts) behind authentication, and the error
// mapping.
import cookieParser from 'cookie-parser';
import express, { type Express, type RequestHandler } from 'express';
import { pinoHttp } from 'pino-http';
import { httpRequestDuration } from '../core/telemetry.ts';
import { requireAuth } from './auth.ts';
import type { ApiDeps } from './deps.ts';
import { errorHandler } from './errors.ts';
import { answerOtherMethods } from './method-not-allowed.ts';
import { createRateLimits } from './rate-limits.ts';
import { mountRoutes } from './route.ts';
import { routes } from './routes/index.ts';
import { segmentPreflight } from './routes/segment.ts';
import { collectPreflight } from './routes/tracker.ts';

/** Request latency by route pattern (never the raw path: IDs would make unbounded labels). */
const measureRequests: RequestHandler = (req, res, next) => {
  const stop = httpRequestDuration.startTimer();
  res.once('finish', () => {
    const matched = req.route as { path?: unknown } | undefined;
    const route = matched ? `${req.baseUrl}${String(matched.path)}` : 'unmatched';
    stop({ method: req.method, route, status: String(res.statusCode) });
  });
  next();
};

export function createApp(deps: ApiDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.config.TRUST_PROXY);
  app.use(
    pinoHttp({
      logger: deps.log,
      autoLogging: { ignore: (req) => req.url === '/health' },
      // Method, path and status only: headers carry API keys and session cookies.
      serializers: {
        req: (req: { method: string; url: string }) => ({ method: req.method, url: req.url }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    }),
  );
  app.use(measureRequests);
  app.use(cookieParser());
  // The preflight looks the origin up in Postgres, so it is counted with the tracker's requests.
  const trackerLimit = createRateLimits(deps.db, deps.config)('tracker');
  app.options('/track/collect', trackerLimit, collectPreflight(deps));
  app.options('/v1/segment/v1/:path', segmentPreflight);
  const auth = requireAuth(deps.db);
  answerOtherMethods(app, routes, auth, 'static');
  mountRoutes(app, routes, deps);
  answerOtherMethods(app, routes, auth, 'parameterised');
  const noRoute: RequestHandler = (req, res) => {
    res.status(404).json({
      error: {
        code: 'not_found',
        message: `No route ${req.method} ${req.originalUrl}; see /v1/openapi.json`,
      },
    });
  };
  // An unknown /v1 route still needs credentials: an anonymous caller learns nothing of the api.
  app.use('/v1', auth, noRoute);
  app.use(noRoute);

  app.use(errorHandler(deps.log));
  return app;
}
