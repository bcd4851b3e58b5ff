/**
 * Rule presets: what a partner publishes as its requirements for the feeds it ingests, as
 * checks on the feeds polyfeed makes for that partner (`rules: [msn, flipboard]` in an
 * agreement). Each violation is a warning (an error with --strict) with a rule id of its own.
 * A rule about an item names the article's file and the field; a rule the feed as a whole
 * cannot meet (Flipboard's 30 items when the window holds 12) is one warning on the agreement,
 * naming every feed it concerns, not one per item.
 *
 * Sources (see /work/shared/research/partners.md and README "Rule presets"):
 * - MSN / Microsoft Start: support.microsoft.com "MSN feed item metadata requirements" and
 *   "Content expiration and takedown rules"; helpcenter.microsoftstart.com articles 25, 51, 53, 58, 59.
 * - Flipboard: about.flipboard.com/rss-spec.
 * - Google News: Publisher Center help, answer 9545420 (feed requirements).
 * - Apple News: News Publisher guide, article apdc2c7520ff (RSS feeds for Apple News).
 */
import type { FeedModel, ItemModel } from '../formats/model.js';
import type { Version } from '../content/articles.js';
import type { RuleId } from '../rules.js';
import type { PartnerProfile } from './profile.js';
import type { FeedPlan, PlanItem } from '../plan/plan.js';

export const PRESET_NAMES = ['msn', 'flipboard', 'google-news', 'apple-news'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

/** A problem with one item: which field of which version, and what the partner asks. */
export interface ItemFinding {
  ruleId: RuleId;
  /** Front matter field (`title`, `date`, `image.width` …): the message names it and points at it. */
  field: string;
  message: string;
  hint: string;
}

/** A problem the feed as a whole has. `detail` is what this feed has (e.g. "12 items"). */
export interface FeedFinding {
  ruleId: RuleId;
  /** What the partner asks, the same for every feed it concerns. */
  message: string;
  detail?: string;
  hint: string;
}

export interface CheckedDocumentText {
  format: string;
  path: string;
  text: string;
}

export interface PresetInput {
  plan: FeedPlan;
  model: FeedModel;
  documents: readonly CheckedDocumentText[];
  nowMs: number;
}

interface Preset {
  /** The partner's name as messages say it. */
  label: string;
  /** Items older than this many days are reported: the build clock passing that age changes the findings. */
  maxItemAgeDays?: number;
  item?(item: PlanItem, model: ItemModel, input: PresetInput): ItemFinding[];
  feed?(input: PresetInput): FeedFinding[];
}

const chars = (s: string) => [...s].length;
const MB = 1024 * 1024;
const DAY_MS = 86_400_000;
const liveItems = (input: PresetInput) => input.plan.items.filter((i) => !i.takedown);

function titleLength(ruleId: RuleId, who: string, min: number, max: number, source: string) {
  return (item: PlanItem): ItemFinding[] => {
    const n = chars(item.version.title);
    return n >= min && n <= max ? [] : [{
      ruleId, field: 'title',
      message: `"title" has ${n} characters; ${who} asks for ${min}–${max}`,
      hint: `${n < min ? 'Write a fuller headline' : 'Shorten the headline'} in this file (${source}).`,
    }];
  };
}

export const PRESETS: Readonly<Record<PresetName, Preset>> = {
  msn: {
    label: 'MSN',
    maxItemAgeDays: 365,
    item(item, model, input) {
      const out: ItemFinding[] = [];
      // "MSN feed item metadata requirements": title 20–150 characters, no HTML.
      out.push(...titleLength('partner-msn-title-length', 'MSN', 20, 150, 'MSN feed item metadata requirements')(item));
      // Same page: the published date must be less than 365 days old, or the item is not ingested.
      const ageDays = Math.floor((input.nowMs - item.version.date.epochMs) / DAY_MS);
      if (ageDays >= PRESETS.msn.maxItemAgeDays!) {
        out.push({
          ruleId: 'partner-msn-item-age', field: 'date',
          message: `"date" is ${ageDays} days before the build; MSN ingests only items published in the last 365 days`,
          hint: 'Give the agreement a maxAge (e.g. maxAge: 364d) so old articles stay out of this partner\'s feeds (MSN feed item metadata requirements).',
        });
      }
      // helpcenter.microsoftstart.com: feeds and every link in them are HTTPS.
      if (!model.url.startsWith('https:')) {
        out.push({ ruleId: 'partner-msn-https', field: 'url', message: `the article link ${model.url} is not HTTPS; MSN fetches HTTPS only`, hint: 'Publish the article at an https:// address (its "url", or the locale\'s site in locales/registry.json).' });
      }
      if (model.image) {
        if (!model.image.url.startsWith('https:')) {
          out.push({ ruleId: 'partner-msn-https', field: 'image.url', message: `the image ${model.image.url} is not HTTPS; MSN fetches HTTPS only`, hint: 'Serve the image from an https:// address.' });
        }
        // "MSN feed item metadata requirements": images at least 720 px wide, at most 15 MB.
        const w = model.image.width;
        if (w === undefined || w < 720) {
          out.push({
            ruleId: 'partner-msn-image-size', field: 'image.width',
            message: w === undefined ? '"image.width" is not given; MSN takes images at least 720 px wide' : `"image.width" is ${w} px; MSN takes images at least 720 px wide`,
            hint: 'Give the picture\'s real width (image: { width: … }) or use a larger one (MSN feed item metadata requirements).',
          });
        }
        if ((model.image.length) > 15 * MB) {
          out.push({ ruleId: 'partner-msn-image-size', field: 'image.length', message: `the image has ${model.image.length} bytes; MSN takes images up to 15 MB`, hint: 'Use a smaller file.' });
        }
      }
      return out;
    },
  },
  flipboard: {
    label: 'Flipboard',
    item(item, model, input) {
      const out: ItemFinding[] = [];
      // about.flipboard.com/rss-spec: every item needs at least one image at least 400 px wide.
      if (input.plan.policy.media === 'none') {
        // Said once for the agreement (feed findings below), not once per item.
      } else if (!model.image) {
        const cleared = Boolean(item.version.image);
        out.push({
          ruleId: 'partner-flipboard-image', field: cleared ? 'image.syndication' : 'image',
          message: `the item has no image: ${cleared ? 'its image is not cleared for syndication' : 'the article has none'}; Flipboard asks for at least one image, 400 px wide or more, per item`,
          hint: cleared
            ? 'Only an image whose front matter says "syndication: true" goes to this partner (media: cleared); clear this one or give the article another (about.flipboard.com/rss-spec).'
            : 'Give the article an image cleared for syndication, with its width (about.flipboard.com/rss-spec).',
        });
      } else if ((model.image.width ?? 0) < 400) {
        out.push({
          ruleId: 'partner-flipboard-image', field: 'image.width',
          message: model.image.width === undefined ? '"image.width" is not given; Flipboard asks for images at least 400 px wide' : `"image.width" is ${model.image.width} px; Flipboard asks for at least 400 px`,
          hint: 'Give the picture\'s real width, or use a larger one (about.flipboard.com/rss-spec).',
        });
      }
      // Same spec: dc:creator recommended on every item.
      if (item.version.authors.length === 0) {
        out.push({ ruleId: 'partner-flipboard-creator', field: 'authors', message: 'the item has no author; Flipboard recommends a dc:creator on every item', hint: 'Add "authors: [Name]" (about.flipboard.com/rss-spec).' });
      }
      return out;
    },
    feed(input) {
      const out: FeedFinding[] = [];
      const n = liveItems(input).length;
      // about.flipboard.com/rss-spec: a feed needs at least 30 items.
      if (n < 30) out.push({ ruleId: 'partner-flipboard-item-count', message: 'Flipboard asks for at least 30 items per feed', detail: `${n} item${n === 1 ? '' : 's'}`, hint: 'Widen the agreement (more categories, a larger maxAge or limit), or ask Flipboard to accept a smaller feed.' });
      if (input.plan.policy.media === 'none') out.push({ ruleId: 'partner-flipboard-image', message: 'Flipboard asks for at least one image, 400 px wide or more, per item, and this agreement sends none (media: none)', hint: 'Write "media: cleared" in the agreement, if the partner may have the images cleared for syndication.' });
      // Same spec: full article body in content:encoded.
      if (input.plan.policy.content === 'excerpt') out.push({ ruleId: 'partner-flipboard-full-content', message: 'Flipboard asks for the full article in content:encoded, and this agreement sends excerpts', hint: 'Write "content: full" in the agreement, if the partner may have the full text.' });
      // Same spec: <language> as ISO 639 with an optional ISO 3166 region (en, en-US).
      if (!/^[a-z]{2,3}(?:-[A-Z]{2})?$/.test(input.model.lang)) out.push({ ruleId: 'partner-flipboard-language', message: 'Flipboard reads <language> as an ISO 639 code with an optional ISO 3166 region (en, pt-BR); these feeds\' tags have a script subtag', detail: input.model.lang, hint: 'Leave these locales out of the agreement, or ask Flipboard whether it reads the tag.' });
      return out;
    },
  },
  'google-news': {
    label: 'Google News',
    item(_item, model) {
      // Publisher Center answer 9545420: at most 1 MB per article.
      const bytes = Buffer.byteLength(model.contentHtml, 'utf8');
      return bytes > MB ? [{ ruleId: 'partner-google-news-article-size', field: 'body', message: `the article's HTML has ${bytes} bytes; Google News reads at most 1 MB per article`, hint: 'Split the article, or send this partner excerpts.' }] : [];
    },
    feed(input) {
      const out: FeedFinding[] = [];
      // Publisher Center answer 9545420: at most 2 MB per feed file.
      for (const d of input.documents) {
        const bytes = Buffer.byteLength(d.text, 'utf8');
        if (bytes > 2 * MB) out.push({ ruleId: 'partner-google-news-feed-size', message: 'Google News reads feed files of at most 2 MB', detail: `${d.path.split('/').pop()} ${bytes} bytes`, hint: 'Lower the agreement\'s limit, or send excerpts.' });
      }
      // Same answer: at most 60 new items per fetch.
      const n = liveItems(input).length;
      if (n > 60) out.push({ ruleId: 'partner-google-news-item-count', message: 'Google News takes at most 60 new items per fetch', detail: `${n} items`, hint: 'Give the agreement a limit of 60 or less.' });
      return out;
    },
  },
  'apple-news': {
    label: 'Apple News',
    // News Publisher guide apdc2c7520ff: titles 15–60 characters, no HTML.
    item: (item) => titleLength('partner-apple-news-title-length', 'Apple News', 15, 60, 'Apple News Publisher guide')(item),
    feed(input) {
      // Same guide: full text recommended; no "Read more" links in the article.
      return input.plan.policy.content === 'excerpt'
        ? [{ ruleId: 'partner-apple-news-excerpt', message: 'Apple News recommends the full text and refuses "Read more" links, and this agreement sends excerpts that end with one', hint: 'Write "content: full" in the agreement, if the partner may have the full text.' }]
        : [];
    },
  },
};

/**
 * The moments at which the build clock changes what a partner's feeds show or what its presets
 * report, for one version: its maxAge passing, the end of a takedown, a preset's age limit.
 */
export function partnerClockMoments(v: Version, partner: PartnerProfile): number[] {
  const out: number[] = [];
  const end = v.withdrawn?.at?.epochMs ?? v.expires?.epochMs;
  if (partner.maxAgeMs !== undefined) out.push(v.date.epochMs + partner.maxAgeMs);
  if (end !== undefined) out.push(end + partner.takedownDays * DAY_MS);
  for (const name of partner.rules) {
    const days = PRESETS[name].maxItemAgeDays;
    if (days !== undefined) out.push(v.date.epochMs + days * DAY_MS);
  }
  return out;
}
