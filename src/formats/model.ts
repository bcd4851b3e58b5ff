/**
 * The format-neutral feed: everything the three serializers need, already decided
 * (titles, HTML, links, dates, languages). Built from a feed plan and the rendered HTML
 * of the items it shows (the render stage, src/render/, renders those and only those).
 */
import type { Root } from 'hast';
import { h } from 'hastscript';
import { toHtml } from 'hast-util-to-html';
import type { Version } from '../content/articles.js';
import { laterOf, type FeedDate } from '../content/dates.js';
import type { Author } from '../content/frontmatter.js';
import { summarize, type RenderedBody } from '../render/markdown.js';
import type { Translators } from '../locales/i18n.js';
import { formatLocalDate, languageName, plural } from '../locales/intl.js';
import { relatedLanguages, type Locale, type Registry, type UpdatePeriod } from '../locales/registry.js';
import type { FeedPlan, PlanItem } from '../plan/plan.js';
import { feedId, itemId } from '../publish/paths.js';
import { GENERATOR } from '../version.js';

export interface Alternate {
  /** Feed-language spelling of the version's locale. */
  lang: string;
  href: string;
  title: string;
}

export interface ItemModel {
  id: string;
  url: string;
  /** The headline: a fallback item's names its language first, in the feed's language. */
  title: string;
  /** Plain text. */
  summary: string;
  contentHtml: string;
  /** Feed-language tag and direction of the version shown. */
  lang: string;
  dir: 'ltr' | 'rtl';
  isFallback: boolean;
  published: FeedDate;
  updated: FeedDate;
  authors: Author[];
  categories: { term: string; label: string }[];
  image?: { url: string; type: string; length: number; alt?: string };
  /** The same article in the other languages that have it. */
  alternates: Alternate[];
}

/** A document polyfeed publishes: where, and as what. */
export interface DocumentLink {
  href: string;
  mediaType: string;
  /** Relative to out/, `/` separators: links to other documents are made relative to it. */
  path: string;
  /** The style sheet the document links to, relative to the document (its row's `stylesheet`). */
  stylesheet?: string;
}

/** What a serializer knows of the document it writes and of the documents it links to. */
export interface DocumentLinks {
  self: DocumentLink;
  /** The same feed in the other formats (the other rows of its plan's kind). */
  formats: DocumentLink[];
  /** The same feed, in the same format, in the other languages that have it (registry order). */
  languages: (DocumentLink & { lang: string })[];
}

export interface FeedModel {
  locale: Locale;
  /** Feed-language tag. */
  lang: string;
  id: string;
  title: string;
  description: string;
  copyright: string;
  homeUrl: string;
  /** The service's square icon and wide logo (registry), where it has them. */
  icon?: string;
  logo?: string;
  /** When the feed's content last changed. */
  updated: FeedDate;
  /** The WebSub hub that is told when the feed changes (registry `feeds.hub`). */
  hub?: string;
  /** How long readers may cache the feed, and how often it changes (registry; RSS only). */
  ttl?: number;
  updatePeriod?: UpdatePeriod;
  updateFrequency?: number;
  publisher: string;
  generator: typeof GENERATOR;
  items: ItemModel[];
}

export interface ModelContext {
  registry: Registry;
  translators: Translators;
  /** The rendered body of every version a plan shows. */
  rendered: ReadonlyMap<Version, RenderedBody>;
  /** The feed date of a feed that has no items (the newest date of all published content). */
  emptyFeedUpdated: FeedDate;
}

/** What lists of feeds (pages, OPML) say of a feed: known without its items. */
export interface FeedHead {
  title: string;
  description: string;
  homeUrl: string;
  /** The category's display name in the feed's language, for a category feed. */
  categoryLabel?: string;
}

export function feedHeadOf(plan: FeedPlan, ctx: ModelContext): FeedHead {
  const t = ctx.translators.t(plan.locale.tag);
  const head = { title: t('title'), description: t('description'), homeUrl: plan.locale.site };
  if (plan.category === undefined) return head;
  // A category feed is the locale's feed narrowed to a category, and is titled so.
  const categoryLabel = t(`categories:${plan.category}`, { defaultValue: plan.category });
  return { ...head, title: `${head.title} — ${categoryLabel}`, categoryLabel };
}

export function buildFeedModel(plan: FeedPlan, ctx: ModelContext): FeedModel {
  const { locale } = plan;
  const t = ctx.translators.t(locale.tag);
  const items = plan.items.map((item) => buildItem(item, locale, ctx));
  let updated: FeedDate | undefined;
  for (const item of items) updated = updated ? laterOf(updated, item.updated) : item.updated;
  return {
    locale,
    lang: locale.feedTag,
    id: feedId(ctx.registry, plan.idScope),
    ...feedHeadOf(plan, ctx),
    copyright: t('copyright'),
    ...(locale.icon ? { icon: locale.icon } : {}),
    ...(locale.logo ? { logo: locale.logo } : {}),
    updated: updated ?? ctx.emptyFeedUpdated,
    ...delivery(ctx.registry),
    publisher: ctx.registry.feeds.publisher,
    generator: GENERATOR,
    items,
  };
}

/** The registry's optional hub and update schedule, only those that are set. */
function delivery(registry: Registry): Pick<FeedModel, 'hub' | 'ttl' | 'updatePeriod' | 'updateFrequency'> {
  const { hub, ttl, updatePeriod, updateFrequency } = registry.feeds;
  return {
    ...(hub ? { hub } : {}),
    ...(ttl ? { ttl } : {}),
    ...(updatePeriod ? { updatePeriod } : {}),
    ...(updateFrequency ? { updateFrequency } : {}),
  };
}

const feedModels = new WeakMap<FeedPlan, FeedModel>();

/**
 * The feed model of a plan, built once: a locale's page, OPML and the site's pages list the
 * same feed as its three documents.
 */
export function feedModelOf(plan: FeedPlan, ctx: ModelContext): FeedModel {
  let model = feedModels.get(plan);
  if (!model) {
    model = buildFeedModel(plan, ctx);
    feedModels.set(plan, model);
  }
  return model;
}

function buildItem(item: PlanItem, feedLocale: Locale, ctx: ModelContext): ItemModel {
  const { version } = item;
  const t = ctx.translators.t(feedLocale.tag);
  const rendered = ctx.rendered.get(version)!;
  const image = version.image;
  const imageModel = image
    ? { url: new URL(image.url, version.url).href, type: image.type ?? mimeFromExtension(image.url), length: image.length ?? 0, ...(image.alt ? { alt: image.alt } : {}) }
    : undefined;
  return {
    id: itemId(ctx.registry, version),
    url: version.url,
    // In a list of headlines, only the title says that an item is in another language.
    title: item.isFallback ? t('fallbackTitle', { language: languageName(feedLocale, version.locale), title: version.title }) : version.title,
    summary: version.summary ?? summarize(rendered.leadText, version.locale.intl),
    contentHtml: composeHtml(item, feedLocale, rendered.html, imageModel, ctx),
    lang: version.locale.feedTag,
    dir: version.locale.dir,
    isFallback: item.isFallback,
    published: version.date,
    updated: version.updated ?? version.date,
    authors: version.authors,
    categories: version.categories.map((term) => ({ term, label: t(`categories:${term}`, { defaultValue: term }) })),
    ...(imageModel ? { image: imageModel } : {}),
    alternates: item.alternates.map((v) => ({ lang: v.locale.feedTag, href: v.url, title: v.title })),
  };
}

/** At most this many "also in" links; the rest are counted, and the count links to the original. */
export const ALSO_IN_LINKS = 5;

/**
 * The item's HTML: for a fallback item, a note in the feed's language first (a plain
 * paragraph with a class: no italics, which Arabic script does not have); then, in the
 * version's own language and direction, the lead image as a figure captioned with its alt
 * text, and the body; then a line of links to the most related other language versions.
 */
function composeHtml(item: PlanItem, feedLocale: Locale, bodyHtml: string, image: ItemModel['image'], ctx: ModelContext): string {
  const t = ctx.translators.t(feedLocale.tag);
  const { version } = item;
  const attrs = (l: Locale) => ({ lang: l.feedTag, dir: l.dir });
  const article = [
    ...(image ? [h('figure', h('img', { src: image.url, alt: image.alt ?? '' }), ...(image.alt ? [h('figcaption', image.alt)] : []))] : []),
    { type: 'raw' as const, value: bodyHtml },
  ];
  const parts = [];
  if (item.isFallback) {
    parts.push(h('p', { className: ['polyfeed-fallback'] },
      t('fallbackNote', { language: languageName(feedLocale, version.locale), date: formatLocalDate(feedLocale, version.date) })));
    parts.push(h('div', attrs(version.locale), ...article));
  } else {
    parts.push(...article);
  }
  if (item.alternates.length > 0) {
    // The registry's related languages first, then registry order; the full list is in the
    // item's metadata (hreflang links, _polyfeed.translations).
    const related = relatedLanguages(feedLocale);
    const rank = (v: Version) => (related.includes(v.locale.tag) ? related.indexOf(v.locale.tag) : related.length);
    const shown = [...item.alternates].sort((a, b) => rank(a) - rank(b)).slice(0, ALSO_IN_LINKS);
    const links = shown.flatMap((v, i) => [
      ...(i > 0 ? [' · '] : []),
      h('a', { href: v.url, hreflang: v.locale.feedTag, ...attrs(v.locale) }, v.locale.name),
    ]);
    const n = item.alternates.length;
    const more = n - shown.length;
    const original = item.original ?? version;
    parts.push(h('p', { className: ['polyfeed-translations'] },
      plural(t, feedLocale, 'alsoIn', n), ' ', ...links,
      ...(more > 0 ? [' ', h('a', { href: original.url, hreflang: original.locale.feedTag }, plural(t, feedLocale, 'alsoInMore', more))] : [])));
  }
  const root: Root = { type: 'root', children: [h('div', attrs(feedLocale), ...parts)] };
  return toHtml(root, { allowDangerousHtml: true });
}

const IMAGE_TYPES: Record<string, string> = {
  jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif', webp: 'image/webp', avif: 'image/avif', svg: 'image/svg+xml',
};

function mimeFromExtension(url: string): string {
  const ext = /\.([a-z0-9]+)$/i.exec(new URL(url, 'https://x/').pathname)?.[1]?.toLowerCase() ?? '';
  return IMAGE_TYPES[ext] ?? 'application/octet-stream';
}
