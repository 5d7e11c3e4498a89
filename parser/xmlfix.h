/* xmlfix.h -- the web's broken XML made well-formed, as a stream.
 *
 * Why this exists: feeds arrive with bare '&', HTML entities, unclosed or
 * stray tags, unquoted attributes, control characters, junk around the
 * document, truncated ends and DTDs declaring entities (sometimes hostile:
 * billion laughs, external entities).  libxml2's recovery mode handles some
 * of this badly: after its first well-formedness error it silently drops
 * every later entity reference (so escaped HTML loses its '<'), and an
 * unclosed element shifts every following item one level down.  This
 * reader sits between the decoded text and libxml2: it tokenises the
 * document leniently (as an HTML parser would) and emits XML that libxml2
 * parses without error, so libxml2 only does namespaces and SAX events.
 *
 * What comes out, whatever goes in:
 *  - one root element; balanced tags: an end tag closes the open element
 *    of that name (closing those opened inside it), a stray end tag is
 *    dropped, elements still open at the end of input are closed;
 *  - a feed element never nests in itself (<item>, <entry>, <url>, ... open
 *    while the same element is open closes the earlier one first), HTML
 *    void elements (<br>, <img> ...) are self-closed, nesting is capped;
 *  - attributes quoted, valued and unique;
 *  - every reference numeric or literal: the five XML entities and HTML
 *    entities (&nbsp; &eacute;) become characters, entities declared in the
 *    document's internal DTD subset are expanded here (bounded, never
 *    recursive beyond XF_MAX_ENTITY_DEPTH, never external), an undefined
 *    entity stays as text ("&foo;"), a bare '&' becomes "&amp;";
 *  - no DTD, no comments, no processing instructions and no XML
 *    declaration (the input is already UTF-8), no control characters;
 *  - when the input ended with elements still open, the processing
 *    instruction <?akhbar-truncated?> just before the closing tags, so the
 *    consumer knows that the element being read was cut off.
 *
 * Errors: a DTD whose entities expand beyond XF_MAX_EXPANSION bytes (or
 * refer to themselves) makes the reader stop and report why (xf_error);
 * nothing else is an error.  Repairs are reported through a warning
 * callback, once per kind with a line number, and counted at the end.
 *
 * Memory: the reader does not copy its input; it buffers one token (a tag
 * or a slice of text) beyond what the caller asked for.
 */
#ifndef AK_XMLFIX_H
#define AK_XMLFIX_H

#include <stdbool.h>
#include <stddef.h>

#define XF_MAX_DEPTH 200           /* deeper elements are emitted empty */
#define XF_MAX_ENTITY_DEPTH 8      /* entities referring to entities */
#define XF_MAX_EXPANSION (1u << 20) /* bytes all DTD entities may expand to, plus the input size */
#define XF_TRUNCATED_PI "akhbar-truncated"
#define XF_TEXT_PI "akhbar-text"

typedef struct xf_reader xf_reader;

/* Called with one message ("line 12: bare '&' escaped") per kind of repair
 * (first occurrence) and a summary of repeated ones at the end. */
typedef void xf_warn_fn(void *udata, const char *msg);

/* A reader over in[0..len), which must be valid UTF-8 and stay valid until
 * xf_free.  The document is taken to start at in[0] (skip junk before
 * calling).  warn may be NULL. */
xf_reader *xf_new(const char *in, size_t len, xf_warn_fn *warn, void *udata);

/* With on, a CDATA section that needs no repair, and a run of plain text
 * (no reference, no markup, no CR) of 48 bytes or more, are not emitted as
 * such but as the processing instruction <?akhbar-text OFFSET LENGTH?>
 * (decimal numbers): the characters are in[OFFSET..OFFSET+LENGTH) of the
 * input given to xf_new, to be taken by the consumer as character data at
 * that point.  This spares the XML parser from reading long text a
 * character at a time.  Off by default. */
void xf_set_text_refs(xf_reader *x, bool on);

/* Writes up to cap bytes of the repaired document to out.  Returns the
 * number written; 0 means the end (or an error: see xf_error). */
size_t xf_read(xf_reader *x, char *out, size_t cap);

/* NULL, or why the document was refused (owned by x). */
const char *xf_error(const xf_reader *x);

/* The line (1-based) of the input position reached so far. */
int xf_line(xf_reader *x);

void xf_free(xf_reader *x);

#endif
