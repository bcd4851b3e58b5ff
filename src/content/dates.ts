/**
 * Dates as newsrooms write them: ISO 8601 with a UTC offset. The offset is kept, so that
 * feeds can show the article's own local time where the format allows it.
 */

export interface FeedDate {
  /** Milliseconds since the epoch: the instant. */
  epochMs: number;
  /** Offset from UTC in minutes, as written (`Z` is 0). */
  offsetMinutes: number;
  /** True when the source said `Z` rather than a numeric offset. */
  zulu: boolean;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(?:([Zz])|([+-])(\d{2}):?(\d{2}))?$/;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

export type DateParse = { ok: true; date: FeedDate } | { ok: false; ruleId: 'date-invalid' | 'date-no-offset' | 'date-implausible-year'; problem: string };

/** Parses an ISO 8601 date-time that carries an offset; says what is wrong otherwise. */
export function parseFeedDate(text: string): DateParse {
  const s = text.trim();
  if (DATE_ONLY.test(s)) {
    return { ok: false, ruleId: 'date-no-offset', problem: `"${s}" has no time and no UTC offset, so the moment it names is ambiguous` };
  }
  const m = ISO.exec(s);
  if (!m) return { ok: false, ruleId: 'date-invalid', problem: `"${s}" is not an ISO 8601 date-time` };
  const [, y, mo, d, h, mi, sec = '00', frac = '', z, sign, oh, om] = m;
  if (!z && !sign) {
    return { ok: false, ruleId: 'date-no-offset', problem: `"${s}" has no UTC offset, so the moment it names is ambiguous` };
  }
  const year = Number(y), month = Number(mo), day = Number(d), hour = Number(h), minute = Number(mi), second = Number(sec);
  if (year < 1000) {
    // Date.UTC would read 0015 as 1915; and no article of a feed is dated in the first millennium.
    return { ok: false, ruleId: 'date-implausible-year', problem: `"${s}" has the year ${y}: a typo for ${String(2000 + (year % 100))}?` };
  }
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth || hour > 23 || minute > 59 || second > 59) {
    return { ok: false, ruleId: 'date-invalid', problem: `"${s}" is not a real calendar date and time` };
  }
  const offsetMinutes = z ? 0 : (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om));
  if (Math.abs(offsetMinutes) > 14 * 60 || Number(om) > 59) {
    return { ok: false, ruleId: 'date-invalid', problem: `"${s}" has a UTC offset outside -14:00 … +14:00` };
  }
  const ms = frac ? Math.floor(Number(`0${frac}`) * 1000) : 0;
  const epochMs = Date.UTC(year, month - 1, day, hour, minute, second, ms) - offsetMinutes * 60_000;
  return { ok: true, date: { epochMs, offsetMinutes, zulu: Boolean(z) } };
}

export function fromDate(date: Date): FeedDate {
  return { epochMs: date.getTime(), offsetMinutes: 0, zulu: true };
}

/** The wall-clock fields in the date's own offset. */
function local(date: FeedDate): Date {
  return new Date(date.epochMs + date.offsetMinutes * 60_000);
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function offsetString(minutes: number, colon: boolean): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}${colon ? ':' : ''}${pad(abs % 60)}`;
}

/** RFC 3339 in the date's own offset: `2015-07-21T18:30:00+06:00`. */
export function rfc3339(date: FeedDate): string {
  const t = local(date);
  const ms = t.getUTCMilliseconds();
  return (
    `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}` +
    `T${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())}` +
    (ms ? `.${pad(ms, 3)}` : '') +
    (date.zulu ? 'Z' : offsetString(date.offsetMinutes, true))
  );
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** RFC 822 (with a four-digit year, as RSS 2.0 asks) in the date's own offset: `Tue, 21 Jul 2015 18:30:00 +0600`. */
export function rfc822(date: FeedDate): string {
  const t = local(date);
  return (
    `${DAYS[t.getUTCDay()]}, ${pad(t.getUTCDate())} ${MONTHS[t.getUTCMonth()]} ${t.getUTCFullYear()} ` +
    `${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())} ${offsetString(date.offsetMinutes, false)}`
  );
}

export function laterOf(a: FeedDate, b: FeedDate | undefined): FeedDate {
  return b && b.epochMs > a.epochMs ? b : a;
}
