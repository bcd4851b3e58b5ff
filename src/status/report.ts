/**
 * The localization report: for every article × locale one state, per locale the coverage
 * and counts, and the interface strings each locale lacks compared with `en`.
 */
import type { ContentSet } from '../content/articles.js';
import type { Diagnostic } from '../diagnostics.js';
import { resourceGaps, type Resources } from '../locales/i18n.js';
import type { Registry } from '../locales/registry.js';

export const STATES = ['original', 'current', 'stale', 'missing', 'invalid'] as const;
export type State = (typeof STATES)[number];

export interface ArticleStatus {
  id: string;
  /** The locale of the original, or null when the article has no usable original. */
  original: string | null;
  locales: Record<string, State>;
  /** Locales whose version says `draft: true`. */
  drafts: string[];
}

export interface LocaleStatus {
  /** Share of articles that are original or current in this locale, 0…1. */
  coverage: number;
  counts: Record<State, number>;
  /** `namespace:key` missing or empty compared with `en`. */
  missingKeys: string[];
  /** `namespace:key` present here but not in `en`. */
  extraKeys: string[];
}

export interface StatusReport {
  articles: ArticleStatus[];
  locales: Record<string, LocaleStatus>;
  /** The errors that make files invalid, for the people who must fix them. */
  problems: Diagnostic[];
}

export function statusReport(registry: Registry, content: ContentSet, resources: Resources): StatusReport {
  const filesById = new Map<string, Map<string, ContentSet['files'][number]>>();
  for (const f of content.files) {
    const files = filesById.get(f.articleId);
    // The first file of a locale, as the files are sorted (as a search in the list found it).
    if (!files) filesById.set(f.articleId, new Map([[f.localeName, f]]));
    else if (!files.has(f.localeName)) files.set(f.localeName, f);
  }
  const ids = [...filesById.keys()].sort();
  const byId = new Map(content.articles.map((a) => [a.id, a]));
  const articles: ArticleStatus[] = ids.map((id) => {
    const article = byId.get(id);
    const files = filesById.get(id)!;
    const locales: Record<string, State> = {};
    const drafts: string[] = [];
    for (const { tag } of registry.locales) {
      const file = files.get(tag);
      const version = article?.versions.get(tag);
      if (!file) locales[tag] = 'missing';
      else if (file.invalid || !article || !version) locales[tag] = 'invalid';
      else if (version.isOriginal) locales[tag] = 'original';
      else locales[tag] = version.sourceHash === article.hash ? 'current' : 'stale';
      if (version?.draft) drafts.push(tag);
    }
    return { id, original: article?.original.locale.tag ?? null, locales, drafts };
  });
  const gaps = resourceGaps(registry, resources);
  const locales: Record<string, LocaleStatus> = {};
  for (const { tag } of registry.locales) {
    const counts = Object.fromEntries(STATES.map((s) => [s, 0])) as Record<State, number>;
    for (const a of articles) counts[a.locales[tag]!]++;
    const g = gaps.get(tag)!;
    locales[tag] = {
      coverage: articles.length ? (counts.original + counts.current) / articles.length : 1,
      counts,
      missingKeys: g.missingKeys,
      extraKeys: g.extraKeys,
    };
  }
  const problems = content.diagnostics.filter((d) => d.severity === 'error');
  return { articles, locales, problems };
}
