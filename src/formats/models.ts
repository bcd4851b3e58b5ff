/**
 * The model stage as data: which model each plan kind is made into. A row of src/outputs.ts
 * names a plan kind and a format whose serializer takes that kind's model, so the build loop
 * (src/index.ts) needs no branch per kind: plan → model → one document per row.
 */
import type { Plan, PlanKind, PlanOf } from '../plan/plan.js';
import { feedModelOf, type FeedModel, type ModelContext } from './model.js';

export { forgetFeedModel, hasFeedModel } from './model.js';
import { buildPageModel, buildSiteModel, type PageModel } from './page-model.js';

export interface ModelOf {
  locale: FeedModel;
  category: FeedModel;
  partner: FeedModel;
  archive: FeedModel;
  page: PageModel;
  site: PageModel;
}

export const MODELS: { readonly [K in PlanKind]: (plan: PlanOf[K], ctx: ModelContext) => ModelOf[K] } = {
  locale: feedModelOf,
  category: feedModelOf,
  partner: feedModelOf,
  archive: feedModelOf,
  page: buildPageModel,
  site: buildSiteModel,
};

/** The model of any plan (the table above, for a plan whose kind is known only at run time). */
export function modelOf(plan: Plan, ctx: ModelContext): ModelOf[PlanKind] {
  return (MODELS[plan.kind] as (plan: Plan, ctx: ModelContext) => ModelOf[PlanKind])(plan, ctx);
}
