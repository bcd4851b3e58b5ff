/**
 * The reader-facing model: what a locale's page (out/<locale>/index.html), its OPML and its
 * feed style sheet say, and what the root page (out/index.html), the OPML of every feed and
 * the page style sheet say. Everything is decided here, in the page's language (interface
 * strings from the `page` namespace, dates through src/locales/intl.ts); the serializers in
 * html.ts, opml.ts and css.ts only lay it out.
 *
 * Which feeds there are comes from the outputs table: every row of the feed plan kind is a
 * feed of its locale, with its format's label and media type. Paths are relative to out/; the
 * HTML serializer makes them relative to the page, so the site works wherever it is copied.
 */
import type { TFunction } from 'i18next';
import { rfc3339, rfc822, laterOf, type FeedDate } from '../content/dates.js';
import { formatLocalDate } from '../locales/intl.js';
import type { Direction, Locale } from '../locales/registry.js';
import { outputNamed, outputPath, outputsOf } from '../outputs.js';
import type { PagePlan, PlanKind, SitePlan } from '../plan/plan.js';
import type { PathVars } from '../publish/paths.js';
import { publicUrl } from '../publish/paths.js';
import { feedHeadOf, feedModelOf, feedUpdatedOf, type FeedHead, type ItemModel, type ModelContext } from './model.js';

/** One document of a feed: the same items in one format. */
export interface FeedLink {
  /** The row of the outputs table (`rss`, `atom`, `json`). */
  kind: string;
  /** How the format is named to readers: "RSS 2.0", "Atom 1.0", "JSON Feed 1.1". */
  label: string;
  mediaType: string;
  /** Where it is published: what a reader copies into a feed reader. */
  url: string;
  /** Relative to out/. */
  path: string;
  /** OPML 2.0's `version` for the format, where it defines one. */
  opmlVersion?: string;
}

/** A feed in all its formats. */
export interface FeedSet {
  /** The feed's title and description, in its language. */
  title: string;
  description: string;
  lang: string;
  /** The service's site: the feed's own `<link>`, OPML's `htmlUrl`. */
  homeUrl: string;
  links: FeedLink[];
}

/** A locale's feed of one category (out/<locale>/categories/<slug>/…). */
export interface CategoryFeeds {
  slug: string;
  /** The category's display name in the locale. */
  label: string;
  feeds: FeedSet;
}

export interface LanguageLink {
  /** Feed-language tag (for `lang` and `hreflang`). */
  lang: string;
  dir: Direction;
  /** The language's own name for itself. */
  name: string;
  path: string;
  url: string;
}

export interface PageItem {
  title: string;
  url: string;
  /** The language of the version shown (another than the page's for a fallback item). */
  lang: string;
  dir: Direction;
  /** For a fallback item: why it is in another language, in the page's language. */
  note?: string;
  date: { datetime: string; text: string };
  summary: string;
  image?: { url: string; alt: string };
}

export interface LocalLink {
  path: string;
  text: string;
}

/**
 * A block of a page, with its place: in <main>, or after it (the list of languages is the
 * root page's content, but on a language's page a way elsewhere).
 */
export type PageBlock = { id: string; heading: string; place: 'main' | 'after-main' } & (
  | { type: 'latest'; empty: string; items: PageItem[] }
  | {
      type: 'subscribe';
      /** One sentence on what a feed is. */
      explainer: string;
      feeds?: FeedSet;
      topicsHeading: string;
      /** The locale's category feeds: none until per-category feeds are built. */
      topics: CategoryFeeds[];
      opml: LocalLink;
    }
  | { type: 'languages'; links: LanguageLink[] }
);

export interface OpmlGroup {
  /** The language's own name. */
  text: string;
  lang: string;
  feeds: FeedSet[];
}

export interface OpmlModel {
  title: string;
  ownerName: string;
  /** RFC 822: when the newest feed it lists last changed. */
  dateModified: string;
  groups: OpmlGroup[];
}

export interface PageModel {
  locale: Locale;
  /** Feed-language tag and direction of the page. */
  lang: string;
  dir: Direction;
  /** `<title>`. */
  title: string;
  /** The one `<h1>`. */
  heading: string;
  intro: string;
  skipLink: string;
  /** The way up to the root page, from a locale's page. */
  up?: LocalLink;
  /** Announced with `<link rel="alternate" type>` for feed readers and browsers. */
  discovery: { title: string; links: FeedLink[] };
  /** The page in other languages, with `hreflang` (and `x-default`, the root page). */
  alternates: { hreflang: string; url: string }[];
  /** In the order they appear. */
  blocks: PageBlock[];
  footer: string;
  /** What a browser shows of a feed through the feed style sheet. */
  feedCss: { notice: string; address: string; latest: string };
  opml: OpmlModel;
}

/** The rows of a plan kind as links: their format, path and public URL for one scope. */
function linksOf(plan: PlanKind, scope: PathVars, ctx: ModelContext): FeedLink[] {
  return outputsOf(plan).map((kind) => {
    const path = outputPath(kind, scope);
    return {
      kind: kind.name,
      label: kind.format.label,
      mediaType: kind.format.mediaType,
      url: publicUrl(ctx.registry, path),
      path,
      ...(kind.format.opmlVersion ? { opmlVersion: kind.format.opmlVersion } : {}),
    };
  });
}

/** A feed as lists of feeds show it: its head (a feed model is one), language and documents. */
function feedSet(head: FeedHead, lang: string, links: FeedLink[]): FeedSet {
  return { title: head.title, description: head.description, lang, homeUrl: head.homeUrl, links };
}

/** The category feeds of a locale, listed on its page and in the OPML (slug order). */
function categoryFeeds(plan: PagePlan, ctx: ModelContext): CategoryFeeds[] {
  return plan.categories.map((feed) => {
    const head = feedHeadOf(feed, ctx);
    return {
      slug: feed.category!,
      label: head.categoryLabel ?? feed.category!,
      feeds: feedSet(head, feed.locale.feedTag, linksOf(feed.kind, feed.scope, ctx)),
    };
  });
}

function languageLink(locale: Locale, ctx: ModelContext): LanguageLink {
  const path = outputPath(outputNamed('page'), { locale: locale.tag });
  return { lang: locale.feedTag, dir: locale.dir, name: locale.name, path, url: publicUrl(ctx.registry, path) };
}

function pageItem(item: ItemModel, page: Locale, note: string | undefined): PageItem {
  return {
    title: item.title,
    url: item.url,
    lang: item.lang,
    dir: item.dir,
    ...(note ? { note } : {}),
    date: { datetime: rfc3339(item.published), text: formatLocalDate(page, item.published) },
    summary: item.summary,
    ...(item.image ? { image: { url: item.image.url, alt: item.image.alt ?? '' } } : {}),
  };
}

function feedCssStrings(t: TFunction, feedTitle: string): PageModel['feedCss'] {
  return { notice: t('page:feedNotice', { feed: feedTitle }), address: t('page:feedAddress'), latest: t('page:latestHeading') };
}

const ROOT_PAGE = () => outputPath(outputNamed('site'), {});

export function buildPageModel(plan: PagePlan, ctx: ModelContext): PageModel {
  const { locale } = plan;
  const t = ctx.translators.t(locale.tag);
  const feed = feedModelOf(plan.feed, ctx);
  const links = linksOf(plan.feed.kind, plan.feed.scope, ctx);
  const main = feedSet(feed, feed.lang, links);
  const others = ctx.registry.locales.filter((l) => l !== locale).map((l) => languageLink(l, ctx));
  const items = plan.items.map((item, i) => {
    const shown = feed.items[i]!;
    const note = item.isFallback ? t('fallbackNote', { language: item.version.locale.name, date: formatLocalDate(locale, item.version.date) }) : undefined;
    return pageItem(shown, locale, note);
  });
  const opmlPath = outputPath(outputNamed('opml'), plan.scope);
  const topics = categoryFeeds(plan, ctx);
  return {
    locale,
    lang: locale.feedTag,
    dir: locale.dir,
    title: t('page:title'),
    heading: feed.title,
    intro: feed.description,
    skipLink: t('page:skipLink'),
    up: { path: ROOT_PAGE(), text: t('page:allLanguages') },
    discovery: { title: feed.title, links },
    alternates: [
      ...others.map((l) => ({ hreflang: l.lang, url: l.url })),
      { hreflang: 'x-default', url: publicUrl(ctx.registry, ROOT_PAGE()) },
    ],
    blocks: [
      {
        type: 'subscribe',
        id: 'subscribe',
        place: 'main',
        heading: t('page:subscribeHeading'),
        explainer: t('page:whatIsAFeed'),
        feeds: main,
        topicsHeading: t('page:topicsHeading'),
        topics,
        opml: { path: opmlPath, text: t('page:opmlLink') },
      },
      { type: 'latest', id: 'latest', place: 'main', heading: t('page:latestHeading'), empty: t('page:noItems'), items },
      { type: 'languages', id: 'languages', place: 'after-main', heading: t('page:languagesHeading'), links: others },
    ],
    footer: t('copyright'),
    feedCss: feedCssStrings(t, feed.title),
    opml: {
      title: t('page:opmlTitle', { feed: feed.title }),
      ownerName: ctx.registry.feeds.publisher,
      dateModified: rfc822(feed.updated),
      groups: [{ text: locale.name, lang: locale.feedTag, feeds: [main, ...topics.map((c) => c.feeds)] }],
    },
  };
}

export function buildSiteModel(plan: SitePlan, ctx: ModelContext): PageModel {
  const { locale } = plan;
  const t = ctx.translators.t(locale.tag);
  const publisher = ctx.registry.feeds.publisher;
  const languages = plan.pages.map((p) => languageLink(p.locale, ctx));
  let updated: FeedDate | undefined;
  // Each feed by its head and date, which its plan gives: the site renders no item.
  const groups = plan.pages.map((page): OpmlGroup => {
    const feedUpdated = feedUpdatedOf(page.feed, ctx);
    updated = updated ? laterOf(updated, feedUpdated) : feedUpdated;
    const main = feedSet(feedHeadOf(page.feed, ctx), page.feed.locale.feedTag, linksOf(page.feed.kind, page.feed.scope, ctx));
    return { text: page.locale.name, lang: page.locale.feedTag, feeds: [main, ...categoryFeeds(page, ctx).map((c) => c.feeds)] };
  });
  const siteTitle = t('page:siteTitle', { publisher });
  return {
    locale,
    lang: locale.feedTag,
    dir: locale.dir,
    title: siteTitle,
    heading: siteTitle,
    intro: t('page:siteIntro', { publisher }),
    skipLink: t('page:skipLink'),
    discovery: { title: siteTitle, links: [] },
    alternates: [
      ...languages.map((l) => ({ hreflang: l.lang, url: l.url })),
      { hreflang: 'x-default', url: publicUrl(ctx.registry, ROOT_PAGE()) },
    ],
    blocks: [
      { type: 'languages', id: 'languages', place: 'main', heading: t('page:siteLanguagesHeading'), links: languages },
      {
        type: 'subscribe',
        id: 'subscribe',
        place: 'main',
        heading: t('page:subscribeHeading'),
        explainer: t('page:whatIsAFeed'),
        topicsHeading: t('page:topicsHeading'),
        topics: [],
        opml: { path: outputPath(outputNamed('site-opml'), {}), text: t('page:siteOpmlLink') },
      },
    ],
    footer: t('copyright'),
    feedCss: feedCssStrings(t, feedHeadOf(plan.pages.find((p) => p.locale === locale)?.feed ?? plan.pages[0]!.feed, ctx).title),
    opml: { title: siteTitle, ownerName: publisher, dateModified: rfc822(updated ?? ctx.emptyFeedUpdated), groups },
  };
}
