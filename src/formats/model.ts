/**
 * The format-neutral feed: everything the three serializers need, already decided
 * (titles, HTML, links, dates, languages, rights). Built from a feed plan and the rendered
 * HTML of the items it shows (the render stage, src/render/, renders those and only those).
 * What a feed does beyond choosing its items — excerpts, which images, attribution, tracking
 * parameters, the partner metadata — is the plan's policy (src/plan/plan.ts), not a kind test.
 */
import type { Element, ElementContent, Root, RootContent } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { h } from 'hastscript';
import { toHtml } from 'hast-util-to-html';
import type { TFunction } from 'i18next';
import type { Version } from '../content/articles.js';
import { laterOf, type FeedDate } from '../content/dates.js';
import type { Author } from '../content/frontmatter.js';
import { summarize, type RenderedBody } from '../render/markdown.js';
import type { Translators } from '../locales/i18n.js';
import { formatLocalDate, languageName, plural } from '../locales/intl.js';
import { relatedLanguages, type Locale, type Registry, type UpdatePeriod } from '../locales/registry.js';
import { lastModified, type FeedPlan, type FeedPolicy, type PlanItem } from '../plan/plan.js';
import { feedId, itemId } from '../publish/paths.js';
import { withParams } from '../util/url.js';
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
  /** The lead image, where the feed's policy lets it out: enclosure, attachment, Media RSS and figure. */
  image?: ImageModel;
  /** The same article in the other languages that have it. */
  alternates: Alternate[];
  /** Newest first; shown at the top of the HTML too. */
  corrections?: { date: FeedDate; text: string }[];

  // Partner feeds only (the plan's policy says `syndication`):
  /** The modified date written as dcterms:modified in RSS (Atom and JSON have `updated`). */
  modified?: FeedDate;
  /** The end of the item's validity: dcterms:valid end= (RSS, Atom), `_polyfeed.expires` (JSON). In the past for a takedown. */
  validUntil?: FeedDate;
  /** The item is a takedown notice: its body says so, it has no image. */
  takedown?: { cause: 'expired' | 'withdrawn'; reason?: string };
  rights?: { text: string; license?: string };
  /** The HTML is an excerpt, labelled as one, ending with a link to the full story. */
  excerpt?: boolean;
  /** The localized "first published by" line the HTML ends with. */
  attribution?: string;
}

export interface ImageModel {
  /** Absolute. */
  url: string;
  type: string;
  /** Bytes; 0 when unknown (RSS's enclosure requires a length). */
  length: number;
  /** Alt text, in the item's language. */
  alt?: string;
  width?: number;
  height?: number;
  credit?: string;
  license?: string;
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
  /** RFC 5005: the documents of the same format this one is chained to (a feed with archives, an archive). */
  history?: HistoryLinks;
}

/** A document's place in its locale's archive chain, in its own format (src/plan/archive.ts). */
export interface HistoryLinks {
  /** The document is an archive (`fh:archive`). */
  archive: boolean;
  /** The subscription feed (`rel="current"`). */
  current?: DocumentLink;
  /** The next older archive (`rel="prev-archive"`; JSON Feed `next_url`). */
  prev?: DocumentLink;
  /** The next newer archive (`rel="next-archive"`). */
  next?: DocumentLink;
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
  // An archive is the locale's feed for one period, and is titled so (`… — 2015-07`: the period
  // as its path writes it, the same in every calendar).
  if (plan.period !== undefined) return { ...head, title: `${head.title} — ${plan.period}` };
  if (plan.category === undefined) return head;
  // A category feed is the locale's feed narrowed to a category, and is titled so.
  const categoryLabel = t(`categories:${plan.category}`, { defaultValue: plan.category });
  return { ...head, title: `${head.title} — ${categoryLabel}`, categoryLabel };
}

export function buildFeedModel(plan: FeedPlan, ctx: ModelContext): FeedModel {
  const { locale } = plan;
  const t = ctx.translators.t(locale.tag);
  const items = plan.items.map((item) => itemModelOf(item, locale, ctx, plan.policy));
  const { title, description, homeUrl } = feedHeadOf(plan, ctx);
  return {
    locale,
    lang: locale.feedTag,
    id: feedId(ctx.registry, plan.idScope),
    title,
    description,
    homeUrl,
    copyright: t('copyright'),
    ...(locale.icon ? { icon: locale.icon } : {}),
    ...(locale.logo ? { logo: locale.logo } : {}),
    updated: feedUpdatedOf(plan, ctx),
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

/** Whether a feed's model is built (and kept): a plan that lists the feed then needs none of its bodies. */
export function hasFeedModel(plan: FeedPlan): boolean {
  return feedModels.has(plan);
}

/**
 * Lets go of a feed's model and its items' once its documents are made, where no other plan
 * lists it (see `feedModelOf`): a build then holds the models of the plans it is making, not of
 * every archive month it made.
 */
export function forgetFeedModel(plan: FeedPlan): void {
  feedModels.delete(plan);
  for (const item of plan.items) itemModels.delete(item);
}

/** When an item last changed: its version's last change, or its takedown's. */
function itemModified(item: PlanItem): FeedDate {
  return item.takedown?.modified ?? lastModified(item.version);
}

/**
 * When a feed's content last changed (its model's `updated`): the newest of its items' last
 * changes, known from its plan without rendering anything (the site's OPML dates each feed so).
 */
export function feedUpdatedOf(plan: FeedPlan, ctx: ModelContext): FeedDate {
  let updated: FeedDate | undefined;
  for (const item of plan.items) updated = updated ? laterOf(updated, itemModified(item)) : itemModified(item);
  return updated ?? ctx.emptyFeedUpdated;
}

const itemModels = new WeakMap<PlanItem, Map<FeedPolicy, ItemModel>>();

/**
 * An item's model under a policy, built once: an item of a locale's selection shows in its
 * locale feed and in up to as many category feeds as it has categories, the same each time.
 */
function itemModelOf(item: PlanItem, feedLocale: Locale, ctx: ModelContext, policy: FeedPolicy): ItemModel {
  let byPolicy = itemModels.get(item);
  if (!byPolicy) itemModels.set(item, (byPolicy = new Map()));
  let model = byPolicy.get(policy);
  if (!model) byPolicy.set(policy, (model = buildItem(item, feedLocale, ctx, policy)));
  return model;
}

function buildItem(item: PlanItem, feedLocale: Locale, ctx: ModelContext, policy: FeedPolicy): ItemModel {
  const { version, takedown } = item;
  const t = ctx.translators.t(feedLocale.tag);
  // Absent where the feed shows no body and the front matter has the summary (bodiesNeeded).
  const rendered = ctx.rendered.get(version);
  const track = (url: string) => withParams(url, policy.tracking);
  const image = version.image;
  // Which image goes out: every one, only one cleared for syndication, or none; a takedown has none.
  const shown = image && !takedown && (policy.media === 'all' || (policy.media === 'cleared' && image.syndication === true)) ? image : undefined;
  const modified = itemModified(item);
  const notice = takedown ? t('partners:takedown', { publisher: ctx.registry.feeds.publisher }) : undefined;
  const summary = notice ?? version.summary ?? summarize(rendered!.leadText, version.locale.intl);
  const validUntil = takedown?.end ?? version.expires;
  const attribution = policy.attribution && !takedown ? t('partners:attribution', { source: t('partners:source') }) : undefined;
  const imageModel: ImageModel | undefined = shown
    ? {
      url: new URL(shown.url, version.url).href, type: shown.type ?? mimeFromExtension(shown.url), length: shown.length ?? 0,
      ...(shown.alt ? { alt: shown.alt } : {}), ...(shown.width ? { width: shown.width } : {}), ...(shown.height ? { height: shown.height } : {}),
      ...(shown.credit ? { credit: shown.credit } : {}), ...(shown.license ? { license: shown.license } : {}),
    }
    : undefined;
  return {
    id: itemId(ctx.registry, version),
    url: track(version.url),
    // In a list of headlines, only the title says that an item is in another language.
    title: item.isFallback ? t('fallbackTitle', { language: languageName(feedLocale, version.locale), title: version.title }) : version.title,
    summary,
    contentHtml: composeHtml(item, feedLocale, rendered?.html ?? '', ctx, policy, { summary, shown: imageModel, attribution, notice }),
    lang: version.locale.feedTag,
    dir: version.locale.dir,
    isFallback: item.isFallback,
    published: version.date,
    updated: modified,
    authors: version.authors,
    categories: version.categories.map((term) => ({ term, label: t(`categories:${term}`, { defaultValue: term }) })),
    ...(imageModel ? { image: imageModel } : {}),
    // A summary item is a headline pointing at the story; the locale feed carries its other languages.
    alternates: policy.content === 'summary' ? [] : item.alternates.map((v) => ({ lang: v.locale.feedTag, href: track(v.url), title: v.title })),
    ...(version.corrections.length && !takedown ? { corrections: version.corrections } : {}),
    ...(policy.syndication
      ? {
        modified,
        ...(validUntil ? { validUntil } : {}),
        ...(takedown ? { takedown: { cause: takedown.cause, ...(takedown.reason ? { reason: takedown.reason } : {}) } } : {}),
        rights: { text: version.rights?.text ?? t('copyright'), ...(version.rights?.license ? { license: version.rights.license } : {}) },
        ...(policy.content === 'excerpt' && !takedown ? { excerpt: true } : {}),
        ...(attribution ? { attribution } : {}),
      }
      : {}),
  };
}

interface Extras {
  summary: string;
  /** The image the agreement lets out (partner feeds show it as a figure). */
  shown?: ImageModel;
  attribution?: string;
  notice?: string;
}

/** At most this many "also in" links; the rest are counted, and the count links to the original. */
export const ALSO_IN_LINKS = 5;

/**
 * The item's HTML: for a fallback item, a note in the feed's language first (a plain
 * paragraph with a class: no italics, which Arabic script does not have); then, in the
 * version's own language and direction, its corrections, the lead image as a figure
 * captioned with its alt text and credit, and the body; then a line of links to the most
 * related other language versions. Partner feeds keep only the images the agreement lets out,
 * may show an excerpt ending with a link to the full story, and end with the attribution
 * line; a takedown is only its notice.
 */
function composeHtml(item: PlanItem, feedLocale: Locale, bodyHtml: string, ctx: ModelContext, policy: FeedPolicy, extras: Extras): string {
  const t = ctx.translators.t(feedLocale.tag);
  const { version } = item;
  const attrs = (l: Locale) => ({ lang: l.feedTag, dir: l.dir });
  const wrap = (...parts: (ElementContent | string)[]) => toHtml({ type: 'root', children: [h('div', attrs(feedLocale), ...parts)] } as Root, { allowDangerousHtml: true });
  if (extras.notice) return wrap(h('p', { className: ['polyfeed-takedown'] }, h('strong', extras.notice)));
  const tVersion = ctx.translators.t(version.locale.tag);
  const body: ElementContent[] = [];
  if (version.corrections.length) body.push(...correctionsHtml(version, tVersion));
  if (extras.shown) body.push(figure(extras.shown));
  if (policy.content === 'excerpt') {
    body.push(h('p', { className: ['polyfeed-excerpt'] }, h('em', t('partners:excerpt'))), h('p', extras.summary));
  } else if (policy.content === 'summary') {
    body.push(h('p', extras.summary));
  } else {
    body.push({ type: 'raw', value: policy.media === 'all' ? bodyHtml : keepImages(bodyHtml, extras.shown?.url) } as unknown as ElementContent);
  }
  const parts: ElementContent[] = [];
  if (item.isFallback) {
    parts.push(h('p', { className: ['polyfeed-fallback'] },
      t('fallbackNote', { language: languageName(feedLocale, version.locale), date: formatLocalDate(feedLocale, version.date) })));
    parts.push(h('div', attrs(version.locale), ...body));
  } else {
    parts.push(...body);
  }
  if (item.alternates.length > 0 && policy.content === 'full') {
    // The registry's related languages first, then registry order; the full list is in the
    // item's metadata (hreflang links, _polyfeed.translations).
    const related = relatedLanguages(feedLocale);
    const rank = (v: Version) => (related.includes(v.locale.tag) ? related.indexOf(v.locale.tag) : related.length);
    const shown = [...item.alternates].sort((a, b) => rank(a) - rank(b)).slice(0, ALSO_IN_LINKS);
    const links = shown.flatMap((v, i) => [
      ...(i > 0 ? [' · '] : []),
      h('a', { href: withParams(v.url, policy.tracking), hreflang: v.locale.feedTag, ...attrs(v.locale) }, v.locale.name),
    ]);
    const n = item.alternates.length;
    const more = n - shown.length;
    const original = item.original ?? version;
    parts.push(h('p', { className: ['polyfeed-translations'] },
      plural(t, feedLocale, 'alsoIn', n), ' ', ...links,
      ...(more > 0 ? [' ', h('a', { href: withParams(original.url, policy.tracking), hreflang: original.locale.feedTag }, plural(t, feedLocale, 'alsoInMore', more))] : [])));
  }
  if (extras.attribution) parts.push(h('p', { className: ['polyfeed-attribution'] }, h('em', extras.attribution)));
  if (policy.content !== 'full') {
    const site = new URL(version.locale.site).hostname.replace(/^www\./, '');
    parts.push(h('p', { className: ['polyfeed-read-more'] }, h('a', { href: withParams(version.url, policy.tracking) }, t('partners:readFullStory', { site }))));
  }
  return wrap(...parts);
}

/** "Correction (22 July 2015): …", newest first, in the version's language. */
function correctionsHtml(version: Version, t: TFunction): Element[] {
  return version.corrections.map((c) => h('p', { className: ['polyfeed-correction'] },
    h('strong', t('correction', { date: formatLocalDate(version.locale, c.date) })), ' ', c.text));
}

function figure(m: ImageModel): Element {
  const caption = [...(m.alt ? [m.alt] : []), ...(m.credit ? [...(m.alt ? [' '] : []), h('small', { className: ['polyfeed-credit'] }, m.credit)] : [])];
  return h('figure', { className: ['polyfeed-lead-image'] },
    h('img', { src: m.url, alt: m.alt ?? '', ...(m.width ? { width: m.width } : {}), ...(m.height ? { height: m.height } : {}) }),
    ...(caption.length ? [h('figcaption', ...caption)] : []));
}

const IMAGE_ELEMENTS = new Set(['img', 'picture', 'source']);

/** The body without images the agreement does not let out: only `allowed` (the cleared lead image) may stay. */
function keepImages(html: string, allowed: string | undefined): string {
  const tree = fromHtml(html, { fragment: true });
  const prune = (nodes: RootContent[]): RootContent[] =>
    nodes.filter((n) => !(n.type === 'element' && IMAGE_ELEMENTS.has(n.tagName) && !(n.tagName === 'img' && allowed !== undefined && n.properties.src === allowed)))
      .map((n) => (n.type === 'element' ? { ...n, children: prune(n.children) as ElementContent[] } : n));
  return toHtml({ ...tree, children: prune(tree.children) });
}

const IMAGE_TYPES: Record<string, string> = {
  jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif', webp: 'image/webp', avif: 'image/avif', svg: 'image/svg+xml',
};

function mimeFromExtension(url: string): string {
  const ext = /\.([a-z0-9]+)$/i.exec(new URL(url, 'https://x/').pathname)?.[1]?.toLowerCase() ?? '';
  return IMAGE_TYPES[ext] ?? 'application/octet-stream';
}
