/**
 * Independent conformance checks for generated feed documents.
 *
 * - {@link xmlWellFormednessErrors}: strict, namespace-aware XML 1.0
 *   well-formedness (saxes).
 * - {@link atomSchemaErrors}: RELAX NG validation against the Atom 1.0
 *   schema of RFC 4287 Appendix B (libxml2-wasm).
 * - {@link jsonFeedSchemaErrors}: JSON Schema validation against a strict
 *   schema for JSON Feed 1.1 (ajv + ajv-formats).
 *
 * Every check returns a list of human-readable messages; an empty list
 * means the document passed. All checks are synchronous. The schemas are
 * read and compiled once, lazily, on first use.
 */
import { readFileSync } from 'node:fs';

import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import {
  ParseOption,
  RelaxNGValidator,
  XmlAttribute,
  XmlDocument,
  XmlLibError,
  XmlXPath,
  type ErrorDetail,
} from 'libxml2-wasm';
import { SaxesParser } from 'saxes';

/*
 * This module compiles to dist/src/validate/checks.js; the schemas are not
 * copied by tsc, so they are read from the source tree next to dist/.
 */
const ATOM_RNG_URL = new URL('../../../src/validate/schemas/atom.rng', import.meta.url);
const JSON_FEED_SCHEMA_URL = new URL(
  '../../../src/validate/schemas/jsonfeed-1.1.schema.json',
  import.meta.url,
);

// ---------------------------------------------------------------------------
// XML well-formedness (saxes)
// ---------------------------------------------------------------------------

/** saxes prefixes its messages with "line:column: " when tracking positions. */
const SAXES_POSITION_PREFIX = /^\d+:\d+: /;

/**
 * Checks that `xml` is a well-formed, namespace-well-formed XML 1.0 document.
 *
 * @returns one message per problem, formatted as
 *   `line L, column C: <saxes message>`; `[]` when the document is well-formed.
 */
export function xmlWellFormednessErrors(xml: string, observe?: (parser: SaxesParser<{ xmlns: true; position: true }>) => void): string[] {
  const errors: string[] = [];
  const parser = new SaxesParser({ xmlns: true, position: true });
  // Callers that need facts from the document listen on the same (only) parse.
  observe?.(parser);
  parser.on('error', (err: Error) => {
    const message = err.message.replace(SAXES_POSITION_PREFIX, '');
    errors.push(`line ${parser.line}, column ${parser.column}: ${message}`);
  });
  try {
    parser.write(xml).close();
  } catch (err) {
    // saxes does not throw while an error handler is installed; this is a guard.
    errors.push(`line ${parser.line}, column ${parser.column}: ${errorMessage(err)}`);
  }
  return errors;
}

// ---------------------------------------------------------------------------
// Atom 1.0 RELAX NG (libxml2-wasm)
// ---------------------------------------------------------------------------

/*
 * Two validators from one schema file. libxml2 compiles an XSD `pattern` facet again for every
 * value it checks (relaxng.c builds, checks and frees the facet each time): with 14 alternate
 * links an entry costs about 1 ms, most of it in those compilations. So a document is
 * validated first against the same grammar with three pattern-typed defines relaxed to `text`:
 * atomNCName (it is only ever a choice beside atomUri, which is text: nothing changes),
 * atomMediaType and atomEmailAddress, whose values are then matched here against the same
 * patterns. When both pass, the full schema would pass too: the relaxed grammar differs only
 * in those values. When either fails, the full schema gives the verdict and its messages, so a
 * document's messages are libxml2's for the RFC's schema. Language tags keep their pattern:
 * finding them costs as much as libxml2's compilations. test/atom-schema.property.test.ts
 * holds the two to the same verdict.
 */
let atomValidator: RelaxNGValidator | undefined;
let relaxedAtomValidator: RelaxNGValidator | undefined;

const RELAXED_DEFINES = ['atomNCName', 'atomMediaType', 'atomEmailAddress'];

function compileAtomSchema(text: string): RelaxNGValidator {
  const schemaDoc = XmlDocument.fromString(text, { url: ATOM_RNG_URL.href, option: ParseOption.XML_PARSE_NONET });
  try {
    // libxml2 copies the schema document while parsing it, so the
    // document can be released right away; the validator is kept for the
    // life of the process.
    return RelaxNGValidator.fromDoc(schemaDoc);
  } finally {
    schemaDoc.dispose();
  }
}

function getAtomValidator(): RelaxNGValidator {
  atomValidator ??= compileAtomSchema(readFileSync(ATOM_RNG_URL, 'utf8'));
  return atomValidator;
}

function getRelaxedAtomValidator(): RelaxNGValidator {
  if (relaxedAtomValidator === undefined) {
    let text = readFileSync(ATOM_RNG_URL, 'utf8');
    for (const name of RELAXED_DEFINES) {
      const define = new RegExp(`<define name="${name}">[\\s\\S]*?</define>`);
      if (!define.test(text)) throw new Error(`atom.rng has no define ${name} to relax`);
      text = text.replace(define, `<define name="${name}"><text/></define>`);
    }
    relaxedAtomValidator = compileAtomSchema(text);
  }
  return relaxedAtomValidator;
}

/*
 * Every value the relaxed media type and address can type: the `type` of atom:link and of
 * atom:content, and atom:email. The XPath hands over only media types that fail (`.+/.+`: a
 * slash with a character before and after, and no line break, XSD's `.` being any character
 * but CR and LF). A content `type` of text or html passes only where the full schema's text
 * content can take the element: no element children and no `src` (else the relaxed grammar
 * would take it as other content, whose type the full schema requires to be a media type).
 * An address is matched in JavaScript, whose `.` excludes CR, LF and more: a value it
 * matches, XSD matches.
 */
const ATOM_NS = 'http://www.w3.org/2005/Atom';
const MEDIA_TYPE = `(contains(substring(., 2, string-length(.) - 2), '/') and not(contains(., '\n')) and not(contains(., '\r')))`;
const RELAXED_VALUES = [
  `//atom:link/@type[not(${MEDIA_TYPE})]`,
  `//atom:content/@type[not(${MEDIA_TYPE} or ((. = 'text' or . = 'html') and not(../*) and not(../@src)))]`,
  '//atom:email',
].join(' | ');
let relaxedValues: XmlXPath | undefined;
const EMAIL_ADDRESS = /^.+@.+$/;

function relaxedValuesMatch(doc: XmlDocument): boolean {
  relaxedValues ??= XmlXPath.compile(RELAXED_VALUES, { atom: ATOM_NS });
  for (const node of doc.find(relaxedValues)) {
    // A media type is handed over only when it fails.
    if (node instanceof XmlAttribute || !EMAIL_ADDRESS.test(node.content)) return false;
  }
  return true;
}

function formatLibxmlDetail(detail: ErrorDetail): string {
  const message = detail.message.trim();
  if (detail.line > 0) {
    const column = detail.col > 0 ? `, column ${detail.col}` : '';
    return `line ${detail.line}${column}: ${message}`;
  }
  return message;
}

function libxmlErrorMessages(err: unknown): string[] {
  if (err instanceof XmlLibError && err.details.length > 0) {
    return err.details.map(formatLibxmlDetail);
  }
  return [errorMessage(err)];
}

function relaxedAtomValid(doc: XmlDocument): boolean {
  try {
    getRelaxedAtomValidator().validate(doc);
    return true;
  } catch {
    // Whatever went wrong, the full schema decides.
    return false;
  }
}

/**
 * Validates an Atom document against the RELAX NG schema of RFC 4287
 * Appendix B (`src/validate/schemas/atom.rng`).
 *
 * A document that libxml2 cannot parse yields its parse errors instead.
 *
 * @returns one message per problem, prefixed with `line L: ` (and the column
 *   when libxml2 reports one); `[]` when the document is valid.
 */
export function atomSchemaErrors(xml: string): string[] {
  return atomErrors(xml, true);
}

/** The same with the full schema alone: what `atomSchemaErrors` must always agree with. */
export function atomSchemaErrorsFullSchemaOnly(xml: string): string[] {
  return atomErrors(xml, false);
}

function atomErrors(xml: string, relaxedFirst: boolean): string[] {
  let doc: XmlDocument;
  try {
    doc = XmlDocument.fromString(xml, { option: ParseOption.XML_PARSE_NONET });
  } catch (err) {
    return libxmlErrorMessages(err).map((m) => `not well-formed: ${m}`);
  }
  try {
    if (relaxedFirst && relaxedAtomValid(doc) && relaxedValuesMatch(doc)) return [];
    // The full schema is compiled only when a document needs it.
    getAtomValidator().validate(doc);
    return [];
  } catch (err) {
    return libxmlErrorMessages(err);
  } finally {
    doc.dispose();
  }
}

// ---------------------------------------------------------------------------
// JSON Feed 1.1 (ajv)
// ---------------------------------------------------------------------------

// ajv-formats is CommonJS; under NodeNext its default import is the module
// object, whose `default` holds the plugin (at runtime both are callable).
type FormatsPlugin = typeof addFormatsModule.default;
const addFormats: FormatsPlugin =
  (addFormatsModule as unknown as { default?: FormatsPlugin }).default ??
  (addFormatsModule as unknown as FormatsPlugin);

let jsonFeedValidator: ValidateFunction | undefined;

function getJsonFeedValidator(): ValidateFunction {
  if (jsonFeedValidator === undefined) {
    const schema = JSON.parse(readFileSync(JSON_FEED_SCHEMA_URL, 'utf8')) as object;
    // Strict schema checking, except strictRequired: the "at least one of"
    // rules use anyOf branches that list `required` keys defined by the
    // parent's `properties`, which strictRequired would reject.
    const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
    addFormats(ajv, ['date-time', 'uri']);
    jsonFeedValidator = ajv.compile(schema);
  }
  return jsonFeedValidator;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Converts an ajv JSON Pointer instance path to `$.a.b[0]['c-d']` form. */
function jsonPath(pointer: string): string {
  if (pointer === '') return '$';
  let path = '$';
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (/^(0|[1-9][0-9]*)$/.test(key)) path += `[${key}]`;
    else if (IDENTIFIER.test(key)) path += `.${key}`;
    else path += `[${JSON.stringify(key)}]`;
  }
  return path;
}

function formatAjvError(error: ErrorObject): string {
  let message = error.message ?? `failed "${error.keyword}"`;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      message += `: ${JSON.stringify(params['additionalProperty'])}`;
      break;
    case 'const':
      message += `: ${JSON.stringify(params['allowedValue'])}`;
      break;
    case 'enum':
      message += `: ${JSON.stringify(params['allowedValues'])}`;
      break;
    default:
      break;
  }
  return `${jsonPath(error.instancePath)}: ${message}`;
}

/**
 * Validates a parsed JSON Feed document against the strict JSON Feed 1.1
 * schema (`src/validate/schemas/jsonfeed-1.1.schema.json`).
 *
 * @returns one message per problem, such as `$.items[0].id: must be string`;
 *   `[]` when the document is valid.
 */
export function jsonFeedSchemaErrors(doc: unknown): string[] {
  const validate = getJsonFeedValidator();
  if (validate(doc)) return [];
  return (validate.errors ?? []).map(formatAjvError);
}

// ---------------------------------------------------------------------------

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
