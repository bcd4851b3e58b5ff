/** HTML validity by html-validate's recommended rules (its Node API, no browser). */
import { HtmlValidate, type Message } from 'html-validate';

const validator = new HtmlValidate({ extends: ['html-validate:recommended'] });

/** The errors html-validate finds in a whole document, as `line:column rule: message`. */
export async function htmlErrors(html: string): Promise<string[]> {
  const report = await validator.validateString(html);
  return report.results.flatMap((r) => r.messages.filter((m: Message) => m.severity === 2).map((m: Message) => `${m.line}:${m.column} ${m.ruleId}: ${m.message}`));
}
