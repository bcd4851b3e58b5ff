/**
 * The jobs a build may hand to another thread: each a pure function of data that a worker can
 * be sent (strings and numbers), so where it runs cannot change what it returns. A row each.
 */
import { createHash } from 'node:crypto';
import { isMainThread } from 'node:worker_threads';
import type { DocumentLinks } from '../formats/model.js';
import { codeOf } from '../formats/code.js';
import { outputNamed, type FormatName } from '../outputs.js';
import { scanFile, type ContentEntry } from '../content/scan.js';
import { storeMessage } from '../diagnostics.js';
import { renderMarkdown } from '../render/markdown.js';
import type { CheckProblem } from '../validate/index.js';

export const TASKS = {
  /** Content files read and parsed (src/content/scan.ts); messages as plain data (storeMessage). */
  scan: (job: { entries: ContentEntry[] }) => job.entries.map((entry) => {
    // On a worker thread the record is copied as it is sent; here it must copy itself.
    const { diagnostics, entry: _entry, ...rest } = scanFile(entry, !isMainThread);
    return { ...rest, diagnostics: diagnostics.map(storeMessage) };
  }),
  /** Markdown → sanitized HTML and lead text (src/render/markdown.ts). */
  render: (job: { markdown: string; base: string }) => renderMarkdown(job.markdown, job.base),
  /** A generated document's check, by its format (src/formats/code.ts). */
  check: (job: { format: FormatName; text: string; expectedLang?: string }): CheckProblem[] => codeOf(job.format).check(job.text, job.expectedLang),
  /**
   * A plan's documents from its model: one per row (src/outputs.ts, by name), each serialized,
   * digested (SHA-256) and, unless `check` is false, checked.
   */
  documents: (job: { rows: { name: string; links: DocumentLinks }[]; model: unknown; check: boolean; expectedLang?: string }) => job.rows.map(({ name, links }) => {
    const code = codeOf(outputNamed(name).format.name);
    const text = code.serialize(job.model, links);
    const digest = createHash('sha256').update(text).digest('hex');
    return { text, digest, problems: job.check ? code.check(text, job.expectedLang) : [] };
  }),
};

export type TaskName = keyof typeof TASKS;
export type TaskInput<T extends TaskName> = Parameters<(typeof TASKS)[T]>[0];
export type TaskOutput<T extends TaskName> = ReturnType<(typeof TASKS)[T]>;
