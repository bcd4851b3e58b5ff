/**
 * A minimal XML element tree (the shape xml-js uses in non-compact mode, so that the
 * `feed` package's output can be read into it). It is written by src/formats/serialize.ts.
 */
export interface XText {
  type: 'text';
  text: string;
  /**
   * Plain text in a field that feed readers read in their own way; src/formats/serialize.ts
   * ("Plain text that readers may take for HTML") encodes it for that reading. Absent: text
   * written as XML text, nothing more.
   */
  reading?: Reading;
}

/**
 * How readers read a plain-text field: `text`, always as text (Atom `type="text"`, RSS
 * `<category>`, `<dc:creator>`); `sniffed`, as HTML when it looks like HTML (RSS titles,
 * `<copyright>`, `<dc:rights>`: feedparser's looks_like_html); `html`, always as HTML (RSS
 * channel `<description>`, Atom `type="html"`).
 */
export type Reading = 'text' | 'sniffed' | 'html';

export interface XElement {
  type: 'element';
  name: string;
  attributes?: Record<string, string | number | undefined>;
  /** Attributes that hold plain text readers read in their own way (as `XText.reading`). */
  readings?: Record<string, Reading>;
  elements?: XNode[];
}

/**
 * A processing instruction before the root element, such as
 * `<?xml-stylesheet type="text/css" href="feed.css"?>`; its pseudo-attributes are written,
 * and escaped, by the one XML writer like attributes.
 */
export interface XInstruction {
  type: 'instruction';
  name: string;
  attributes: Record<string, string>;
}

export type XNode = XElement | XText;

/** `<?xml-stylesheet type="text/css" href="…"?>` (W3C "Associating Style Sheets with XML documents"). */
export function stylesheetInstruction(href: string, type = 'text/css'): XInstruction {
  return { type: 'instruction', name: 'xml-stylesheet', attributes: { type, href } };
}

/** Plain text that readers read as `reading` (see `XText.reading`). */
export function plainText(text: string, reading: Reading): XText {
  return { type: 'text', text, reading };
}

/** `el('link', { rel: 'self', href }, ...children)`; undefined attributes are left out. */
export function el(name: string, attributes: Record<string, string | number | undefined> = {}, ...children: (XNode | string)[]): XElement {
  return {
    type: 'element',
    name,
    attributes,
    elements: children.map((c) => (typeof c === 'string' ? { type: 'text', text: c } : c)),
  };
}

export function children(parent: XElement, name?: string): XElement[] {
  return (parent.elements ?? []).filter((n): n is XElement => n.type === 'element' && (name === undefined || n.name === name));
}

export function child(parent: XElement, name: string): XElement | undefined {
  return children(parent, name)[0];
}

export function textOf(node: XElement): string {
  return (node.elements ?? []).map((n) => (n.type === 'text' ? n.text : textOf(n))).join('');
}

/** Removes every child element called `name`. */
export function removeChildren(parent: XElement, name: string): void {
  parent.elements = (parent.elements ?? []).filter((n) => !(n.type === 'element' && n.name === name));
}

/** Replaces the children called `name` with `replacement` at the place of the first of them (or appends). */
export function replaceChildren(parent: XElement, name: string, replacement: XElement[]): void {
  const nodes = parent.elements ?? [];
  const at = nodes.findIndex((n) => n.type === 'element' && n.name === name);
  removeChildren(parent, name);
  const rest = parent.elements ?? [];
  const index = at < 0 ? rest.length : nodes.slice(0, at).filter((n) => !(n.type === 'element' && n.name === name)).length;
  rest.splice(index, 0, ...replacement);
  parent.elements = rest;
}
