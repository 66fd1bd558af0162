import type { MikroORM } from '@mikro-orm/postgresql';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { Viewer } from '../auth/viewer.js';
import { BadInputError, ErrorCode } from '../errors.js';
import { createRequestContext } from '../graph/context.js';
import type { Logger } from '../logger.js';
import { annualReport } from './annual-report.js';
import { annualReportCsv, annualReportXlsx } from './annual-report.export.js';

const FILE = /^(\d+)\.(xlsx|csv)$/;
const INTEGER = /^-?\d+$/;

/** What app.ts's request scope and authentication put on a request. */
type ScopedRequest = Request & { id: string; log: Logger; viewer?: Viewer };

/**
 * Downloads of the annual report: GET /annual/2011.xlsx or /annual/2011.csv, `?compareTo=2010` to compare.
 * Mounted by app.ts under /reports after authentication; the figures count what the viewer may read.
 */
export function annualReportRouter(orm: MikroORM): Router {
  const router = express.Router();
  router.get('/annual/:file', async (request: Request, res: Response, next: NextFunction) => {
    const req = request as ScopedRequest;
    const match = FILE.exec(String(req.params.file));
    if (!match) {
      res.status(404).json({ errors: [{ message: 'Not found: ask for /reports/annual/{year}.xlsx or .csv', extensions: { code: ErrorCode.NOT_FOUND } }] });
      return;
    }
    if (!req.viewer) {
      res.status(401).json({ errors: [{ message: 'Sign in first', extensions: { code: ErrorCode.UNAUTHENTICATED } }] });
      return;
    }
    try {
      const year = Number(match[1]);
      const given = req.query.compareTo;
      if (given !== undefined && (typeof given !== 'string' || !INTEGER.test(given))) throw BadInputError.field('compareTo', 'must be a year, e.g. ?compareTo=2010');
      const context = createRequestContext(orm.em, { requestId: req.id, log: req.log, viewer: req.viewer });
      const data = await annualReport(context.em, year, given === undefined ? null : Number(given), context.visibilities);
      const name = `amity-annual-report-${year}${data.compareTo !== null ? `-vs-${data.compareTo}` : ''}`;
      if (match[2] === 'csv') {
        res.type('text/csv; charset=utf-8').attachment(`${name}.csv`).send(annualReportCsv(data));
      } else {
        res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').attachment(`${name}.xlsx`).send(await annualReportXlsx(data));
      }
    } catch (error) {
      if (error instanceof BadInputError) {
        res.status(400).json({ errors: [{ message: error.message, extensions: { code: error.code, ...error.details } }] });
        return;
      }
      next(error);
    }
  });
  return router;
}
