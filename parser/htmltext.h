/* htmltext.h -- HTML text that should be plain text.
 *
 * Why this exists: feed titles and JSON-LD headlines often carry HTML
 * escapes ("A &amp; B", "&#8217;") or stray tags; both parsers turn such
 * strings into plain text the same way.
 */
#ifndef AK_HTMLTEXT_H
#define AK_HTMLTEXT_H

/* Returns a new string (caller frees): tags removed, HTML character
 * references (named, decimal, hex) decoded once, white space collapsed.
 * NULL in -> NULL out. */
char *ph_plain_text(const char *s);

#endif
