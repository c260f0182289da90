// The express app: one router per resource behind authentication, and the error mapping.
import cookieParser from 'cookie-parser';
import express, { type Express } from 'express';
import { pinoHttp } from 'pino-http';
import { requireAuth } from './auth.ts';
import type { ApiDeps } from './deps.ts';
import { errorHandler } from './errors.ts';
import { openApiDocument } from './openapi.ts';
import { campaignLifecycleRouter } from './routes/campaign-lifecycle.ts';
import { campaignsRouter } from './routes/campaigns.ts';
import { customFieldsRouter } from './routes/custom-fields.ts';
import { customersRouter } from './routes/customers.ts';
import { eventsRouter } from './routes/events.ts';
import { exportsRouter } from './routes/exports.ts';
import { healthRouter } from './routes/health.ts';
import { importsRouter } from './routes/imports.ts';
import { journeysRouter } from './routes/journeys.ts';
import { privacyRouter } from './routes/privacy.ts';
import { pointsRouter } from './routes/points.ts';
import { profileRouter } from './routes/profile.ts';
import { receiptsRouter } from './routes/receipts.ts';
import { reportsRouter } from './routes/reports.ts';
import { sessionsRouter } from './routes/sessions.ts';
import { templatesRouter } from './routes/templates.ts';
import { trackerPublicRouter, trackerSitesRouter } from './routes/tracker.ts';
import { trackingRouter } from './routes/tracking.ts';
import { webhookReceiverRouter, webhookSourcesRouter } from './routes/webhooks.ts';

export function createApp(deps: ApiDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
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
  app.use('/v1/webhooks', webhookReceiverRouter(deps)); // before JSON: signatures cover raw bytes
  app.use(express.json({ limit: '5mb' }));
  app.use(cookieParser());

  app.use('/health', healthRouter(deps));
  app.use('/auth/session', sessionsRouter(deps));
  app.use('/t', trackingRouter(deps)); // signed tokens, not API keys: mail clients open these
  app.use(trackerPublicRouter(deps)); // public: /tracker.js and /track/collect, by site key

  const v1 = express.Router();
  v1.use(requireAuth(deps.db));
  v1.get('/openapi.json', (_req, res) => {
    res.json(openApiDocument());
  });
  v1.get('/me', (req, res) => {
    res.json({ principal: req.principal });
  });
  v1.use('/events', eventsRouter(deps));
  v1.use('/customers', customersRouter(deps));
  v1.use('/customers', privacyRouter(deps));
  v1.use('/customers', profileRouter(deps));
  v1.use('/receipts', receiptsRouter(deps));
  v1.use('/custom-fields', customFieldsRouter(deps));
  v1.use(pointsRouter(deps));
  v1.use('/campaigns', campaignsRouter(deps));
  v1.use('/campaigns', campaignLifecycleRouter(deps));
  v1.use(journeysRouter(deps));
  v1.use('/templates', templatesRouter(deps));
  v1.use('/reports', reportsRouter(deps));
  v1.use('/webhook-sources', webhookSourcesRouter(deps));
  v1.use('/imports', importsRouter(deps));
  v1.use('/tracker-sites', trackerSitesRouter(deps));
  v1.use('/exports', exportsRouter(deps));
  v1.use((req, res) => {
    res.status(404).json({
      error: {
        code: 'not_found',
        message: `No route ${req.method} ${req.originalUrl}; see /v1/openapi.json`,
      },
    });
  });
  app.use('/v1', v1);

  app.use(errorHandler(deps.log));
  return app;
}
