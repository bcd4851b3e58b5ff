/**
 * Runs an agreement's rule presets (src/partners/presets.ts) over the feeds made for it, and
 * turns what they find into messages: one per rule, article file and field, naming the feeds
 * it concerns (the same inherited image is one message, not one per language); one per rule
 * for what the feeds as a whole cannot meet. Warnings; errors with --strict.
 */
import { error, warning, type Diagnostic, type RuleId } from '../diagnostics.js';
import type { FeedModel } from '../formats/model.js';
import type { FeedPlan } from '../plan/plan.js';
import { fieldPosition } from '../content/frontmatter.js';
import type { Position } from '../util/yaml-source.js';
import { PRESETS, type CheckedDocumentText, type PresetName } from './presets.js';
import type { PartnerProfile } from './profile.js';

export interface Violation {
  partner: PartnerProfile;
  preset: PresetName;
  /** The feed's locale tag. */
  locale: string;
  ruleId: RuleId;
  message: string;
  hint: string;
  /** For an item: the file and place of the field. */
  file?: string;
  place?: Position;
  /** For a feed: what this feed has. */
  detail?: string;
}

/** What a plan's presets find; a plan without an agreement (a public feed) has none. */
export function checkPlan(plan: FeedPlan, model: FeedModel, documents: readonly CheckedDocumentText[], nowMs: number): Violation[] {
  const partner = plan.partner;
  const out: Violation[] = [];
  for (const preset of partner?.rules ?? []) {
    const rules = PRESETS[preset];
    const input = { plan, model, documents, nowMs };
    const base = { partner: partner!, preset, locale: plan.locale.tag };
    plan.items.forEach((item, i) => {
      if (item.takedown) return; // a takedown goes out whatever a partner's rules say
      for (const f of rules.item?.(item, model.items[i]!, input) ?? []) {
        const source = f.field === 'body' ? item.version.file : item.version.sourceOf(f.field);
        const place = f.field === 'body' ? { line: source.bodyLine, column: 1 } : fieldPosition(source.positions, f.field);
        out.push({ ...base, ruleId: f.ruleId, message: `"${partner!.id}": ${f.message}`, hint: f.hint, file: source.entry.display, place });
      }
    });
    for (const f of rules.feed?.(input) ?? []) {
      out.push({ ...base, ruleId: f.ruleId, message: `"${partner!.id}": ${f.message}`, hint: f.hint, ...(f.detail ? { detail: f.detail } : {}) });
    }
  }
  return out;
}

/** One message per rule and place (item findings) or per rule and agreement (feed findings). */
export function reportViolations(violations: readonly Violation[], strict: boolean): Diagnostic[] {
  const groups = new Map<string, Violation[]>();
  for (const v of violations) {
    const key = [v.ruleId, v.partner.id, v.file ?? '', v.place?.line ?? '', v.place?.column ?? '', v.message].join('\u0000');
    groups.set(key, [...(groups.get(key) ?? []), v]);
  }
  const out: Diagnostic[] = [];
  for (const group of groups.values()) {
    const v = group[0]!;
    const feeds = group.map((g) => (g.detail ? `${g.locale} (${g.detail})` : g.locale));
    const where = v.file
      ? { file: v.file, ...v.place }
      : { file: v.partner.file, ...v.partner.where('rules', v.partner.rules.indexOf(v.preset)) };
    const reason = `partner ${v.message} — in ${feeds.length === 1 ? 'its feed' : `${feeds.length} of its feeds`} ${feeds.join(', ')}`;
    const hint = strict ? `${v.hint} (--strict makes partner rules errors; build without it to publish anyway.)` : v.hint;
    out.push((strict ? error : warning)(v.ruleId, reason, { ...where, hint }));
  }
  return out;
}
