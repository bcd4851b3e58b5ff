/**
 * Text is cleaned once, where it comes in (front matter, Markdown bodies, interface strings,
 * the registry): the serializers in src/formats/serialize.ts only escape.
 */

// Characters XML 1.0 does not allow (C0 controls other than TAB, LF, CR; U+FFFE, U+FFFF),
// plus DEL and the C1 controls, which XML allows but which readers and the JSON Feed
// conformance rules reject as copy-and-paste garbage. U+0085 (NEL) becomes a line break.
const UNWANTED = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u0084\u0086-\u009F\uFFFE\uFFFF]/g;

/**
 * Removes characters that cannot appear in XML 1.0 (and that JSON readers choke on),
 * repairs lone UTF-16 surrogates to U+FFFD, and turns CR, CRLF and NEL into LF.
 */
export function cleanText(text: string): string {
  return text.toWellFormed().replace(/\r\n?|\u0085/g, '\n').replace(UNWANTED, '');
}

/** True when `text` has no character `cleanText` would remove or change. */
export function isClean(text: string): boolean {
  UNWANTED.lastIndex = 0;
  return text.isWellFormed() && !/\r|\u0085/.test(text) && !UNWANTED.test(text);
}

// White space, format characters (U+200B–U+200F, U+2060, U+FEFF, bidi controls …), the soft
// hyphen and other default-ignorable characters: text made only of these shows nothing.
const INVISIBLE = /[\s\p{Cf}\p{Cc}\p{Z}\u115F\u1160\u3164\uFFA0\u034F\u17B4\u17B5\u180B-\u180F\uFE00-\uFE0F]/gu;

/** True when `text` would show at least one character to a reader. */
export function hasVisibleText(text: string): boolean {
  return text.replace(INVISIBLE, '').length > 0;
}
