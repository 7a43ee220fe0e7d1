/**
 * The review page of a sheet: a read view of every answer with its evidence, the differences from
 * the previous published edition, the effect of approving on scores, bands and ranks, and the
 * decisions so far. Anyone who may read the sheet may read it; the decision forms appear only for
 * those the workflow lets decide (`POST …/review`, in `review.ts`).
 */
import { Router } from 'express';
import type { Db } from '../../storage/database.js';
import { authorize, sheetFromPath } from '../sheet-context.js';
import { reviewPageView } from '../view-models/review-page.js';

export function reviewPageRoutes(db: Db): Router {
  const router = Router();

  router.get('/workspace/sheets/:country/:edition/review', (req, res) => {
    const context = sheetFromPath(db, req);
    authorize(res, context, 'read');
    res.render('workspace/review', reviewPageView(db, res, context));
  });

  return router;
}
