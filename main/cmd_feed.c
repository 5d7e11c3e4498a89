/* cmd_feed.c -- `akhbar feed`: the feed parser's public face.
 *
 * Entries are serialised as they arrive (compact JSON text appended to one
 * buffer), so memory is the input plus the output, never a tree of the
 * whole feed; the feed-level object is known only at the end and is
 * written around them.
 */
#include "common/buf.h"
#include "common/log.h"
#include "common/mem.h"
#include "common/timeutil.h"
#include "main/cli.h"
#include "parser/feed.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>

static void help(FILE *fp)
{
    fprintf(fp,
            "usage: akhbar feed [--url URL] [--content-type TYPE] [--pretty] [-q] FILE|-\n"
            "\n"
            "Parses one saved RSS (0.9x, 1.0, 2.0), Atom (0.3, 1.0), sitemap, sitemap\n"
            "index or Google News sitemap, and prints it as one JSON object:\n"
            "  {\"format\", \"feed\": {title, link, language, updated},\n"
            "   \"entries\": [{id, title, link, published, updated, author, summary,\n"
            "                content, categories, enclosures: [{url, type, length}],\n"
            "                language}]}\n"
            "format is rss2.0, rss1.0, rss0.9x, atom1.0, atom0.3, sitemap, sitemap-index\n"
            "or news-sitemap.  Dates are ISO 8601 UTC, or null when absent or\n"
            "unparseable (with a warning).  Titles are plain text; summary and content\n"
            "are HTML (the publisher's markup; Atom plain text is escaped).  Links are\n"
            "made absolute against xml:base and --url.  Broken XML is repaired (each\n"
            "kind of repair is reported on stderr); the charset comes from the BOM,\n"
            "--content-type, the XML declaration or the bytes themselves.\n"
            "\n"
            "  --url URL            address it was fetched from (base for relative links)\n"
            "  --content-type TYPE  its HTTP Content-Type header (for the charset)\n"
            "  --pretty             indent the JSON\n"
            "  -q, --quiet          no warnings on stderr\n"
            "  -h, --help           this text\n"
            "\n"
            "exit: 0 parsed; 1 not a feed (an HTML page, say), no document, or refused\n"
            "(larger than 64 MiB, entity expansion beyond bounds); 4 cannot read FILE\n");
}

/* Where entries go: a buffer that spills to an unlinked temporary file
 * beyond SPILL bytes, so memory stays small whatever the feed's size. */
#define SPILL (1u << 20)

typedef struct sink {
    ak_buf buf;      /* entries not yet spilled, comma-separated */
    FILE *spill;     /* temporary file holding the earlier ones, or NULL */
    size_t n;        /* entries written */
    bool failed;     /* the temporary file could not be written */
} sink;

/* JSON string: the parser hands out valid UTF-8; anything else would
 * still come out as U+FFFD, never as invalid JSON. */
static void jstr(ak_buf *b, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    if (!s) {
        ak_buf_append(b, "null", 4);
        return;
    }
    ak_buf_putc(b, '"');
    const unsigned char *p = (const unsigned char *)s, *run = p;
    for (;;) {
        unsigned char c = *p;
        if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
            p++;
            continue;
        }
        if (c >= 0x80) {
            size_t n = 0;
            if (c >= 0xC2 && c <= 0xDF) n = (p[1] & 0xC0) == 0x80 ? 2 : 0;
            else if (c >= 0xE0 && c <= 0xEF)
                n = (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80 &&
                            !(c == 0xE0 && p[1] < 0xA0) && !(c == 0xED && p[1] >= 0xA0)
                        ? 3 : 0;
            else if (c >= 0xF0 && c <= 0xF4)
                n = (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80 && (p[3] & 0xC0) == 0x80 &&
                            !(c == 0xF0 && p[1] < 0x90) && !(c == 0xF4 && p[1] >= 0x90)
                        ? 4 : 0;
            if (n) {
                p += n;
                continue;
            }
            ak_buf_append(b, run, (size_t)(p - run));
            ak_buf_append(b, "\xEF\xBF\xBD", 3);
            run = ++p;
            continue;
        }
        ak_buf_append(b, run, (size_t)(p - run));
        if (!c) break;
        char e[6] = {'\\', (char)c, 0, 0, 0, 0};
        size_t en = 2;
        if (c == '\n') e[1] = 'n';
        else if (c == '\r') e[1] = 'r';
        else if (c == '\t') e[1] = 't';
        else if (c < 0x20) e[1] = 'u', e[2] = '0', e[3] = '0', e[4] = hex[c >> 4], e[5] = hex[c & 15], en = 6;
        ak_buf_append(b, e, en);
        run = ++p;
    }
    ak_buf_putc(b, '"');
}

static void jtime(ak_buf *b, int64_t t)
{
    if (t == AK_TIME_NONE) {
        ak_buf_append(b, "null", 4);
        return;
    }
    char iso[AK_ISO_MAX];
    ak_time_iso(t, iso);
    ak_buf_putc(b, '"');
    ak_buf_puts(b, iso);
    ak_buf_putc(b, '"');
}

static void jkey(ak_buf *b, const char *k) { ak_buf_puts(b, k); }

static int on_entry(const pf_entry *e, void *ud)
{
    sink *o = ud;
    ak_buf *b = &o->buf;
    if (o->n++) ak_buf_putc(b, ',');
    jkey(b, "{\"id\":"), jstr(b, e->id);
    jkey(b, ",\"title\":"), jstr(b, e->title);
    jkey(b, ",\"link\":"), jstr(b, e->link);
    jkey(b, ",\"published\":"), jtime(b, e->published);
    jkey(b, ",\"updated\":"), jtime(b, e->updated);
    jkey(b, ",\"author\":"), jstr(b, e->author);
    jkey(b, ",\"summary\":"), jstr(b, e->summary);
    jkey(b, ",\"content\":"), jstr(b, e->content);
    jkey(b, ",\"categories\":[");
    for (size_t i = 0; i < e->ncategories; i++) {
        if (i) ak_buf_putc(b, ',');
        jstr(b, e->categories[i]);
    }
    jkey(b, "],\"enclosures\":[");
    for (size_t i = 0; i < e->nenclosures; i++) {
        const pf_enclosure *x = &e->enclosures[i];
        if (i) ak_buf_putc(b, ',');
        jkey(b, "{\"url\":"), jstr(b, x->url);
        jkey(b, ",\"type\":"), jstr(b, x->type);
        if (x->length >= 0) ak_buf_printf(b, ",\"length\":%lld}", (long long)x->length);
        else jkey(b, ",\"length\":null}");
    }
    jkey(b, "],\"language\":"), jstr(b, e->language);
    ak_buf_putc(b, '}');
    if (b->len >= SPILL && !o->failed) {
        if (!o->spill) o->spill = tmpfile();
        if (!o->spill || fwrite(b->data, 1, b->len, o->spill) != b->len) {
            o->failed = true;
            return 1;
        }
        ak_buf_clear(b);
    }
    return 0;
}

/* Maps a regular file read-only (no copy, pages shared with the page
 * cache), else reads it.  *mapped tells which, for release. */
static char *load(const char *path, size_t *len, bool *too_big, bool *mapped)
{
    *mapped = false;
    *too_big = false;
    if (strcmp(path, "-") != 0) {
        int fd = open(path, O_RDONLY);
        struct stat st;
        if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
            if ((size_t)st.st_size > PF_MAX_BYTES) {
                close(fd);
                *too_big = true;
                *len = (size_t)st.st_size;
                return ak_strdup("");
            }
            void *p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
            close(fd);
            if (p != MAP_FAILED) {
                madvise(p, (size_t)st.st_size, MADV_SEQUENTIAL);
                *mapped = true;
                *len = (size_t)st.st_size;
                return p;
            }
        } else if (fd >= 0) {
            close(fd);
        }
    }
    return cli_read_file(path, PF_MAX_BYTES, len, too_big);
}

int cmd_feed(int argc, char **argv)
{
    static const struct option opts[] = {
        {"url", required_argument, 0, 'u'}, {"content-type", required_argument, 0, 't'},
        {"pretty", no_argument, 0, 'p'},    {"quiet", no_argument, 0, 'q'},
        {"help", no_argument, 0, 'h'},      {0, 0, 0, 0}};
    const char *url = NULL, *ctype = NULL;
    bool pretty = false, quiet = false;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "u:t:pqh", opts, NULL)) != -1) {
        switch (c) {
        case 'u': url = optarg; break;
        case 't': ctype = optarg; break;
        case 'p': pretty = true; break;
        case 'q': quiet = true; break;
        case 'h': help(stdout); return AK_EXIT_OK;
        default: help(stderr); return AK_EXIT_USAGE;
        }
    }
    if (optind != argc - 1) {
        help(stderr);
        return AK_EXIT_USAGE;
    }
    const char *file = argv[optind];
    size_t len = 0;
    bool too_big = false, mapped = false;
    char *data = load(file, &len, &too_big, &mapped);
    if (!data) return AK_EXIT_OUTPUT;
    if (too_big) {
        ak_error("%s: larger than %zu MiB: not parsed", file, PF_MAX_BYTES >> 20);
        free(data);
        return AK_EXIT_PARTIAL;
    }
    sink o = {0};
    pf_info info;
    char *err = NULL;
    int rc = pf_parse(data, len, url, ctype, on_entry, &o, &info, &err);
    if (mapped) munmap(data, len);
    else free(data);
    if (o.failed) {
        ak_error("cannot write a temporary file: %s", strerror(errno));
        if (o.spill) fclose(o.spill);
        ak_buf_free(&o.buf);
        pf_info_free(&info);
        free(err);
        return AK_EXIT_OUTPUT;
    }
    int exit_code = AK_EXIT_OK;
    if (!quiet) {
        size_t kept = info.nwarnings < PF_WARN_KEEP ? info.nwarnings : PF_WARN_KEEP;
        for (size_t i = 0; i < kept; i++) ak_warn("%s: %s", file, info.warnings[i]);
        if (info.nwarnings > kept) ak_warn("%s: %zu more warnings", file, info.nwarnings - kept);
    }
    if (rc != PF_OK && rc != PF_ESTOPPED) {
        ak_error("%s: %s", file, err ? err : "not a feed");
        exit_code = AK_EXIT_PARTIAL;
    }
    free(err);
    ak_buf head = {0};
    jkey(&head, "{\"format\":"), jstr(&head, info.format);
    jkey(&head, ",\"feed\":{\"title\":"), jstr(&head, info.title);
    jkey(&head, ",\"link\":"), jstr(&head, info.link);
    jkey(&head, ",\"language\":"), jstr(&head, info.language);
    jkey(&head, ",\"updated\":"), jtime(&head, info.updated);
    jkey(&head, "},\"entries\":[");
    int werr = 0;
    if (pretty) {
        /* Humans only: the whole document as a tree, indented. */
        if (o.spill) {
            rewind(o.spill);
            char chunk[65536];
            size_t n;
            ak_buf all = {0};
            while ((n = fread(chunk, 1, sizeof chunk, o.spill)) > 0) ak_buf_append(&all, chunk, n);
            ak_buf_append(&all, ak_buf_str(&o.buf), o.buf.len);
            ak_buf_free(&o.buf);
            o.buf = all;
        }
        ak_buf_append(&head, ak_buf_str(&o.buf), o.buf.len);
        ak_buf_puts(&head, "]}");
        json_error_t jerr;
        json_t *doc = json_loadb(head.data, head.len, 0, &jerr);
        werr = !doc || cli_print_json(stdout, doc, true);
        json_decref(doc);
    } else {
        werr = fwrite(head.data, 1, head.len, stdout) != head.len;
        if (o.spill && !werr) {
            rewind(o.spill);
            char chunk[65536];
            size_t n;
            while (!werr && (n = fread(chunk, 1, sizeof chunk, o.spill)) > 0)
                werr = fwrite(chunk, 1, n, stdout) != n;
        }
        werr = werr || (o.buf.len && fwrite(o.buf.data, 1, o.buf.len, stdout) != o.buf.len) ||
               fputs("]}\n", stdout) == EOF;
    }
    ak_buf_free(&head);
    if (o.spill) fclose(o.spill);
    if (werr || fflush(stdout)) {
        ak_error("cannot write the output");
        exit_code = AK_EXIT_OUTPUT;
    }
    ak_buf_free(&o.buf);
    pf_info_free(&info);
    return exit_code;
}
