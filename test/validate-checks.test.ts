/**
 * The independent checks must be able to fail as well as pass: every input
 * here is written by hand, never produced by a serializer.
 */
import { expect } from 'chai';

import {
  atomSchemaErrors,
  jsonFeedSchemaErrors,
  xmlWellFormednessErrors,
} from '../src/validate/checks.js';

const VALID_ATOM = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
  <id>urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6</id>
  <title type="text">Example Newsroom</title>
  <updated>2024-05-01T12:00:00Z</updated>
  <author>
    <name>Jane Doe</name>
    <uri>https://example.org/people/jane</uri>
    <email>jane@example.org</email>
  </author>
  <link rel="self" type="application/atom+xml" href="https://example.org/en/atom.xml"/>
  <link rel="alternate" type="text/html" hreflang="en" href="https://example.org/en/"/>
  <entry>
    <id>https://example.org/en/articles/first</id>
    <title>First article &amp; more</title>
    <updated>2024-05-01T12:00:00Z</updated>
    <published>2024-04-30T08:15:00+02:00</published>
    <link rel="alternate" type="text/html" href="https://example.org/en/articles/first"/>
    <category term="news" label="News"/>
    <summary type="html">&lt;p&gt;A short summary.&lt;/p&gt;</summary>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Hello <em>world</em>.</p></div></content>
  </entry>
</feed>
`;

describe('validate/checks', () => {
  describe('xmlWellFormednessErrors', () => {
    it('accepts a well-formed, namespace-well-formed document', () => {
      expect(xmlWellFormednessErrors(VALID_ATOM)).to.deep.equal([]);
      expect(
        xmlWellFormednessErrors('<a xmlns:x="urn:x"><x:b x:c="1"/><![CDATA[ ]]> ]]&gt; </a>'),
      ).to.deep.equal([]);
    });

    it('rejects the control character U+000B', () => {
      const errors = xmlWellFormednessErrors('<a>\n  vertical\u000Btab\n</a>');
      expect(errors).to.not.be.empty;
      expect(errors[0]).to.match(/^line 2, column \d+: /);
    });

    it('rejects an unescaped ampersand', () => {
      expect(xmlWellFormednessErrors('<a>Fish & chips</a>')).to.not.be.empty;
      expect(xmlWellFormednessErrors('<a href="?x=1&y=2"/>')).to.not.be.empty;
    });

    it('rejects a stray "]]>" in text', () => {
      const errors = xmlWellFormednessErrors('<a>end ]]> here</a>');
      expect(errors).to.not.be.empty;
      expect(errors.join('\n')).to.contain(']]>');
    });

    it('rejects an undeclared namespace prefix', () => {
      const errors = xmlWellFormednessErrors('<a><media:thumbnail url="x"/></a>');
      expect(errors).to.not.be.empty;
      expect(errors.join('\n')).to.contain('media');
      expect(xmlWellFormednessErrors('<a x:y="1"/>')).to.not.be.empty;
    });

    it('rejects duplicate attributes', () => {
      expect(xmlWellFormednessErrors('<a b="1" b="2"/>')).to.not.be.empty;
    });

    it('rejects mismatched tags and trailing content', () => {
      expect(xmlWellFormednessErrors('<a><b></a>')).to.not.be.empty;
      expect(xmlWellFormednessErrors('<a/><b/>')).to.not.be.empty;
      expect(xmlWellFormednessErrors('')).to.not.be.empty;
    });
  });

  describe('atomSchemaErrors', () => {
    it('accepts a minimal valid Atom feed', () => {
      expect(atomSchemaErrors(VALID_ATOM)).to.deep.equal([]);
    });

    it('accepts a bare valid Atom feed and foreign-namespace extensions', () => {
      const xml = `<feed xmlns="http://www.w3.org/2005/Atom" xmlns:ex="urn:example">
  <title>T</title>
  <id>tag:example.org,2024:feed</id>
  <updated>2024-01-01T00:00:00Z</updated>
  <author><name>A</name></author>
  <ex:simple>text only</ex:simple>
  <ex:structured ex:kind="k"><ex:child>c</ex:child></ex:structured>
  <entry ex:note="foreign attribute">
    <title>E</title>
    <id>tag:example.org,2024:e1</id>
    <updated>2024-01-01T00:00:00Z</updated>
    <content type="text">Body</content>
  </entry>
</feed>`;
      expect(atomSchemaErrors(xml)).to.deep.equal([]);
    });

    it('rejects a feed without <id>', () => {
      const xml = `<feed xmlns="http://www.w3.org/2005/Atom">
  <title>T</title>
  <updated>2024-01-01T00:00:00Z</updated>
  <author><name>A</name></author>
</feed>`;
      const errors = atomSchemaErrors(xml);
      expect(errors).to.not.be.empty;
      expect(errors[0]).to.match(/^line \d+/);
    });

    it('rejects an unknown element in the Atom namespace', () => {
      const xml = `<feed xmlns="http://www.w3.org/2005/Atom">
  <id>tag:example.org,2024:feed</id>
  <title>T</title>
  <updated>2024-01-01T00:00:00Z</updated>
  <author><name>A</name></author>
  <language>en</language>
</feed>`;
      const errors = atomSchemaErrors(xml);
      expect(errors).to.not.be.empty;
      expect(errors[0]).to.match(/^line \d+/);
    });

    it('rejects a bad type on a text construct', () => {
      const xml = `<feed xmlns="http://www.w3.org/2005/Atom">
  <id>tag:example.org,2024:feed</id>
  <title type="markdown">T</title>
  <updated>2024-01-01T00:00:00Z</updated>
  <author><name>A</name></author>
</feed>`;
      expect(atomSchemaErrors(xml)).to.not.be.empty;
    });

    it('rejects a bad date and an unknown unprefixed attribute', () => {
      const badDate = `<feed xmlns="http://www.w3.org/2005/Atom">
  <id>tag:example.org,2024:feed</id>
  <title>T</title>
  <updated>1 May 2024</updated>
  <author><name>A</name></author>
</feed>`;
      expect(atomSchemaErrors(badDate)).to.not.be.empty;
      const badAttr = `<feed xmlns="http://www.w3.org/2005/Atom" lang="en">
  <id>tag:example.org,2024:feed</id>
  <title>T</title>
  <updated>2024-01-01T00:00:00Z</updated>
  <author><name>A</name></author>
</feed>`;
      expect(atomSchemaErrors(badAttr)).to.not.be.empty;
    });

    it('reports parse errors for a document that is not well-formed', () => {
      const errors = atomSchemaErrors('<feed xmlns="http://www.w3.org/2005/Atom"><id>x</feed>');
      expect(errors).to.not.be.empty;
      expect(errors[0]).to.match(/^not well-formed: /);
    });
  });

  describe('jsonFeedSchemaErrors', () => {
    const validFeed = (): Record<string, unknown> =>
      JSON.parse(`{
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Example Newsroom",
        "home_page_url": "https://example.org/en/",
        "feed_url": "https://example.org/en/feed.json",
        "description": "News in English",
        "language": "en-GB",
        "authors": [{ "name": "Jane Doe", "url": "https://example.org/people/jane" }],
        "_polyfeed": { "edition": "en" },
        "items": [
          {
            "id": "https://example.org/en/articles/first",
            "url": "https://example.org/en/articles/first",
            "title": "First article",
            "content_html": "<p>Hello</p>",
            "content_text": "Hello",
            "summary": "A short summary.",
            "image": "https://example.org/img/first.jpg",
            "date_published": "2024-04-30T08:15:00+02:00",
            "date_modified": "2024-05-01T12:00:00Z",
            "authors": [{ "avatar": "https://example.org/img/jane.png" }],
            "tags": ["news", "world"],
            "language": "en",
            "attachments": [
              {
                "url": "https://example.org/audio/first.mp3",
                "mime_type": "audio/mpeg",
                "title": "Listen",
                "size_in_bytes": 123456,
                "duration_in_seconds": 61.5
              }
            ]
          },
          { "id": "2", "content_text": "Second" }
        ]
      }`) as Record<string, unknown>;

    it('accepts a valid JSON Feed 1.1 document', () => {
      expect(jsonFeedSchemaErrors(validFeed())).to.deep.equal([]);
      expect(
        jsonFeedSchemaErrors(
          JSON.parse('{"version":"https://jsonfeed.org/version/1.1","title":"T","items":[]}'),
        ),
      ).to.deep.equal([]);
    });

    it('rejects version 1', () => {
      const errors = jsonFeedSchemaErrors(
        JSON.parse('{"version":"https://jsonfeed.org/version/1","title":"T","items":[]}'),
      );
      expect(errors.join('\n')).to.contain('$.version: must be equal to constant');
    });

    it('rejects a feed without items', () => {
      const errors = jsonFeedSchemaErrors(
        JSON.parse('{"version":"https://jsonfeed.org/version/1.1","title":"T"}'),
      );
      expect(errors).to.include("$: must have required property 'items'");
    });

    it('rejects a numeric item id', () => {
      const errors = jsonFeedSchemaErrors(
        JSON.parse(
          '{"version":"https://jsonfeed.org/version/1.1","title":"T","items":[{"id":1,"content_text":"x"}]}',
        ),
      );
      expect(errors).to.include('$.items[0].id: must be string');
    });

    it('rejects the deprecated 1.0 `author` object', () => {
      const feed = validFeed();
      feed['author'] = { name: 'Jane Doe' };
      expect(jsonFeedSchemaErrors(feed)).to.include(
        '$: must NOT have additional properties: "author"',
      );
      const itemLevel = JSON.parse(
        '{"version":"https://jsonfeed.org/version/1.1","title":"T","items":[{"id":"1","content_text":"x","author":{"name":"A"}}]}',
      );
      expect(jsonFeedSchemaErrors(itemLevel)).to.include(
        '$.items[0]: must NOT have additional properties: "author"',
      );
    });

    it('rejects an attachment without mime_type', () => {
      const errors = jsonFeedSchemaErrors(
        JSON.parse(
          '{"version":"https://jsonfeed.org/version/1.1","title":"T","items":[{"id":"1","content_text":"x","attachments":[{"url":"https://example.org/a.mp3"}]}]}',
        ),
      );
      expect(errors).to.include("$.items[0].attachments[0]: must have required property 'mime_type'");
    });

    it('rejects items without content, bad dates, empty authors and non-object extensions', () => {
      const noContent = jsonFeedSchemaErrors(
        JSON.parse('{"version":"https://jsonfeed.org/version/1.1","title":"T","items":[{"id":"1"}]}'),
      );
      expect(noContent.join('\n')).to.contain('$.items[0]: must match a schema in anyOf');
      const badDate = jsonFeedSchemaErrors(
        JSON.parse(
          '{"version":"https://jsonfeed.org/version/1.1","title":"T","items":[{"id":"1","content_text":"x","date_published":"2024-05-01 12:00"}]}',
        ),
      );
      expect(badDate).to.include('$.items[0].date_published: must match format "date-time"');
      const emptyAuthor = jsonFeedSchemaErrors(
        JSON.parse(
          '{"version":"https://jsonfeed.org/version/1.1","title":"T","authors":[{}],"items":[]}',
        ),
      );
      expect(emptyAuthor.join('\n')).to.contain('$.authors[0]: must match a schema in anyOf');
      const badExtension = jsonFeedSchemaErrors(
        JSON.parse('{"version":"https://jsonfeed.org/version/1.1","title":"T","_x":1,"items":[]}'),
      );
      expect(badExtension).to.include('$._x: must be object');
    });
  });
});
