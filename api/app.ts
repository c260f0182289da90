// The express app: the route table (api/routes/index.ts) behind authentication, and the error
// mapping.
import cookieParser from 'cookie-parser';
import express, { type Express, type RequestHandler } from 'express';
import { pinoHttp } from 'pino-http';
import { requireAuth } from './auth.ts';
import type { ApiDeps } from './deps.ts';
import { errorHandler } from './errors.ts';
import { answerOtherMethods } from './method-not-allowed.ts';
import { mountRoutes } from './route.ts';
import { routes } from './routes/index.ts';
import { segmentPreflight } from './routes/segment.ts';
import { collectPreflight } from './routes/tracker.ts';

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
  app.use(cookieParser());
  app.options('/track/collect', collectPreflight(deps));
  app.options('/v1/segment/v1/:path', segmentPreflight);
  mountRoutes(app, routes, deps);
  const auth = requireAuth(deps.db);
  answerOtherMethods(app, routes, auth);
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
