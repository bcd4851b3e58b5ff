import { build, publish } from '../index.js';
import { forgetDocuments } from '../formats/document-cache.js';
import { BUILD_OPTIONS, buildOptionsFrom, progressLine, shownDir } from './build-options.js';
import { COMMON_OPTIONS, type Command } from './command.js';
import { EXIT, printDiagnostics, UsageError, type Io } from './io.js';
import { outFolderProblems } from '../publish/out-folder.js';
import { partnersFolder } from '../partners/profile.js';
import { isFeedFormat } from '../outputs.js';
import { changedFeedUrls, feedUrls, pendingTopics, pingHub, savePendingTopics } from '../publish/websub.js';

export const buildCommand: Command = {
  name: 'build',
  summary: 'build every language\'s RSS, Atom and JSON feeds, pages and OPML into out/',
  description:
    'Reads every content file and the locale registry, and writes for every locale out/<locale>/rss.xml, atom.xml and feed.json, ' +
    'its page index.html, feeds.opml and feed.css, and the same three feeds in out/<locale>/categories/<category>/ for every category of the locale\'s feed; and for the site out/index.html, feeds.opml and style.css. ' +
    'For every syndication agreement in partners/, out/partners/<partner-id>/<locale>/ with the feeds it names, checked against its rule presets. ' +
    'With feeds.archives in the registry, RFC 5005 archives in out/<locale>/archive/<yyyy-mm>.{rss.xml,atom.xml,json}, linked from the locale feeds. ' +
    'All errors of the input are reported together (file:line:column, rule id, hint); with any error nothing is published and out/ is left ' +
    'exactly as it was. Every document passes strict checks before it is published; changed files replace the old ones atomically, ' +
    'unchanged files are not touched. With --watch, builds again after every change to the content or the locales. ' +
    'With --ping, the WebSub hub of the registry (feeds.hub) is told about every feed whose bytes changed, after the publish.',
  options: {
    ...BUILD_OPTIONS,
    out: COMMON_OPTIONS.out,
    watch: { type: 'boolean', help: 'keep running: build again after every change to content/, locales/ or partners/ (Ctrl-C stops)' },
    ping: {
      type: 'boolean',
      help: 'after publishing, tell the registry\'s WebSub hub (feeds.hub) of every changed feed; a failing hub is only a warning',
    },
  },
  examples: [
    { command: 'polyfeed build', says: 'builds ./content with ./locales into ./out' },
    { command: 'polyfeed build --now 2026-06-01T00:00:00Z --base-url https://feeds.example.org/', says: 'a reproducible build for another host' },
    { command: 'polyfeed build --strict', says: 'fails (exit 1) while any translation is stale or missing, or a partner feed breaks its agreement\'s rules' },
    { command: 'polyfeed build --partners agreements', says: 'partner feeds for the agreements in ./agreements' },
    { command: 'polyfeed build --watch', says: 'rebuilds on every save; a broken file leaves out/ as it was and prints the error' },
    { command: 'polyfeed build --ping', says: 'publishes, then tells the WebSub hub which feeds changed' },
  ],
  async run({ values }, io) {
    const options = buildOptionsFrom(values);
    const out = String(values.out);
    if (values.watch && values.ping) {
      throw new UsageError('--ping announces a publish to the feeds\' subscribers; --watch rebuilds previews: use one or the other', 'polyfeed build');
    }
    // Before anything is read or written: out/ must be a folder of its own.
    const refused = await outFolderProblems({ out, content: options.content, locales: options.locales, partners: partnersFolder(options) });
    if (refused.length > 0) {
      printDiagnostics(refused, io);
      return EXIT.inputErrors;
    }
    // The server and watcher (and the checks they run) are loaded only for --watch.
    if (values.watch) return (await import('./serve.js')).runWatch({ options, out, io });
    const shown = shownDir(out);
    const started = process.hrtime.bigint();
    const progress = progressLine(io, Boolean(values.quiet));
    let result = await build({ ...options, progress: progress.report });
    progress.done();
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    const warnings = result.diagnostics.filter((d) => d.severity === 'warning');
    printDiagnostics(result.diagnostics, io);
    if (errors.length > 0 && errors.every((d) => d.ruleId === 'option-invalid')) return EXIT.usage;
    if (errors.length > 0) {
      io.stderr(`polyfeed: ${errors.length} error${errors.length === 1 ? '' : 's'}; nothing was published, ${shown} is unchanged.\n`);
      return EXIT.inputErrors;
    }
    let published = await publish(result.documents, out);
    if (options.cacheDir && published.diagnostics.some((d) => d.ruleId === 'cache-damaged')) {
      // A reused document whose stored text was changed in place: nothing was published. The
      // cache is only an optimisation, so the build is made again without its documents.
      forgetDocuments(options.cacheDir);
      result = await build(options);
      if (result.diagnostics.some((d) => d.severity === 'error')) {
        printDiagnostics(result.diagnostics, io);
        return EXIT.inputErrors;
      }
      published = await publish(result.documents, out);
    }
    printDiagnostics(published.diagnostics, io);
    if (published.diagnostics.some((d) => d.severity === 'error')) return EXIT.inputErrors;
    const ms = Number((process.hrtime.bigint() - started) / 1_000_000n);
    io.stdout(`polyfeed: ${summaryLine(result.documents, shown, published, ms, warnings.length)}\n`);
    if (values.ping) await announce(result.hub, changedFeedUrls(result.documents, published.written), out, feedUrls(result.documents), io);
    return EXIT.ok;
  },
};

/**
 * --ping: the hub hears of every changed feed, and of those it failed to hear of in an earlier
 * build (out/.polyfeed/websub-pending.json, src/publish/websub.ts); its failures are warnings
 * (the feeds are published either way), and what failed is kept for the next --ping.
 */
async function announce(hub: string | undefined, changed: string[], out: string, published: string[], io: Io): Promise<void> {
  if (!hub) {
    io.stdout('polyfeed: --ping: the registry names no WebSub hub (feeds.hub), so none was notified\n');
    return;
  }
  const left = pendingTopics(out, hub, published).filter((t) => !changed.includes(t));
  const topics = [...changed, ...left];
  if (topics.length === 0) {
    io.stdout(`polyfeed: no feed changed, so WebSub hub ${hub} was not notified\n`);
    return;
  }
  const pinged = await pingHub(hub, topics);
  savePendingTopics(out, hub, pinged.failed);
  printDiagnostics(pinged.diagnostics, io);
  const n = pinged.notified.length;
  const of = n === topics.length ? '' : ` of ${topics.length}`;
  const earlier = left.length ? ` (${left.length} of them not announced by an earlier build)` : '';
  io.stdout(`polyfeed: WebSub hub ${hub} notified of ${n}${of} changed feed${topics.length === 1 ? '' : 's'}${earlier}\n`);
}

/** `88 documents (87 feeds for 29 locales and 12 for 2 partners) in out/ (3 written, 85 unchanged) in 412 ms; 26 warnings` */
export function summaryLine(
  documents: readonly { locale: string; format: string; partner?: string }[], shown: string,
  published: { written: unknown[]; unchanged: unknown[]; removed?: unknown[] }, ms: number, warnings: number,
): string {
  const feeds = documents.filter((d) => isFeedFormat(d.format));
  const publicFeeds = feeds.filter((d) => !d.partner);
  const partnerFeeds = feeds.filter((d) => d.partner);
  const locales = new Set(publicFeeds.map((d) => d.locale)).size;
  const partners = new Set(partnerFeeds.map((d) => d.partner)).size;
  return `${documents.length} documents (${publicFeeds.length} feeds for ${locales} locales` +
    (partners ? ` and ${partnerFeeds.length} for ${partners} partner${partners === 1 ? '' : 's'}` : '') + `) in ${shown} ` +
    `(${published.written.length} written, ${published.unchanged.length} unchanged${published.removed?.length ? `, ${published.removed.length} removed` : ''}) in ${ms} ms` +
    (warnings ? `; ${warnings} warning${warnings === 1 ? '' : 's'}` : '');
}
