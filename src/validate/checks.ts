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
  XmlDocument,
  XmlLibError,
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

let atomValidator: RelaxNGValidator | undefined;

function getAtomValidator(): RelaxNGValidator {
  if (atomValidator === undefined) {
    const schemaDoc = XmlDocument.fromString(readFileSync(ATOM_RNG_URL, 'utf8'), {
      url: ATOM_RNG_URL.href,
      option: ParseOption.XML_PARSE_NONET,
    });
    try {
      // libxml2 copies the schema document while parsing it, so the
      // document can be released right away; the validator is kept for the
      // life of the process.
      atomValidator = RelaxNGValidator.fromDoc(schemaDoc);
    } finally {
      schemaDoc.dispose();
    }
  }
  return atomValidator;
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
  const validator = getAtomValidator();
  let doc: XmlDocument;
  try {
    doc = XmlDocument.fromString(xml, { option: ParseOption.XML_PARSE_NONET });
  } catch (err) {
    return libxmlErrorMessages(err).map((m) => `not well-formed: ${m}`);
  }
  try {
    validator.validate(doc);
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
