/* robots.c -- robots.txt parsing and matching (see robots.h). */
#include "crawler/robots.h"
#include "common/buf.h"
#include "common/mem.h"

#include <ctype.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#define MAX_SITEMAPS 1000 /* sitemap lines kept; a file listing more is abusive */

enum { MODE_RULES, MODE_ALLOW_ALL, MODE_DISALLOW_ALL };

typedef struct rule {
    char *pat;       /* pattern as compared: encoded, runs of '*' collapsed, final '$' removed */
    size_t len;      /* its length */
    char *shown;     /* pattern as written after encoding (with '$'), for verdicts */
    size_t prio;     /* match length used for "longest match": strlen(shown) */
    bool allow;      /* allow (true) or disallow rule */
    bool anchored;   /* the pattern ended in '$' */
    int line;        /* line in the file */
} rule;

typedef struct rule_list {
    rule *v;         /* rules in file order */
    size_t n, cap;   /* used, allocated */
} rule_list;

struct rb_rules {
    int mode;          /* MODE_* */
    rule_list rules;   /* the rules of the selected groups (MODE_RULES) */
    char **sitemaps;   /* Sitemap: values, owned */
    size_t nsitemaps;  /* entries used */
    size_t capsm;      /* entries allocated */
};

/* Parser state, following RFC 9309 2.2.1 and the reference parser. */
typedef struct parse_state {
    const char *agent;    /* product token we are */
    bool seen_global;     /* the current group names "*" */
    bool seen_specific;   /* the current group names our agent */
    bool seen_separator;  /* a rule line ended the current group's user-agent lines */
    bool ever_specific;   /* some group named our agent */
    rule_list specific;   /* rules of groups naming us */
    rule_list global;     /* rules of "*" groups */
    rb_rules *out;        /* where sitemaps go */
} parse_state;

static void list_free(rule_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->v[i].pat);
        free(l->v[i].shown);
    }
    free(l->v);
    memset(l, 0, sizeof *l);
}

static bool starts_ci(const char *s, const char *prefix)
{
    return strncasecmp(s, prefix, strlen(prefix)) == 0;
}

static void trim(char **s)
{
    char *p = *s;
    while (*p && isspace((unsigned char)*p)) p++;
    size_t n = strlen(p);
    while (n && isspace((unsigned char)p[n - 1])) p[--n] = '\0';
    *s = p;
}

/* Percent-encodes octets >= 0x80 and upper-cases %xx escapes. */
static char *encode_pattern(const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    ak_buf b = {0};
    for (size_t i = 0; s[i]; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '%' && isxdigit((unsigned char)s[i + 1]) && isxdigit((unsigned char)s[i + 2])) {
            char e[3] = {'%', (char)toupper((unsigned char)s[i + 1]),
                         (char)toupper((unsigned char)s[i + 2])};
            ak_buf_append(&b, e, 3);
            i += 2;
        } else if (c >= 0x80) {
            char e[3] = {'%', hex[c >> 4], hex[c & 15]};
            ak_buf_append(&b, e, 3);
        } else {
            ak_buf_putc(&b, (char)c);
        }
    }
    return ak_buf_steal(&b);
}

static void add_rule(rule_list *l, const char *shown, bool allow, int line)
{
    size_t n = strlen(shown);
    if (n == 0) return; /* an empty pattern matches nothing */
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 16;
        l->v = ak_realloc(l->v, l->cap * sizeof *l->v);
    }
    rule *r = &l->v[l->n++];
    r->shown = ak_strdup(shown);
    r->prio = n;
    r->allow = allow;
    r->line = line;
    r->anchored = shown[n - 1] == '$';
    r->pat = ak_malloc(n + 1);
    size_t k = 0;
    for (size_t i = 0; i < n - (r->anchored ? 1 : 0); i++) {
        if (shown[i] == '*' && k > 0 && r->pat[k - 1] == '*') continue;
        r->pat[k++] = shown[i];
    }
    r->pat[k] = '\0';
    r->len = k;
}

static void handle_rule(parse_state *ps, bool allow, const char *value, int line)
{
    if (!ps->seen_global && !ps->seen_specific) return; /* outside any group */
    ps->seen_separator = true;
    char *pat = encode_pattern(value);
    rule_list *l = ps->seen_specific ? &ps->specific : &ps->global;
    add_rule(l, pat, allow, line);
    if (allow) {
        /* The reference parser treats ".../index.htm(l)" as the directory. */
        const char *slash = strrchr(pat, '/');
        if (slash && strncmp(slash, "/index.htm", 10) == 0) {
            size_t len = (size_t)(slash - pat) + 1;
            char *dir = ak_malloc(len + 2);
            memcpy(dir, pat, len);
            dir[len] = '$';
            dir[len + 1] = '\0';
            add_rule(l, dir, true, line);
            free(dir);
        }
    }
    free(pat);
}

static void handle_agent(parse_state *ps, const char *value)
{
    if (ps->seen_separator) ps->seen_global = ps->seen_specific = ps->seen_separator = false;
    if (value[0] == '*' && (value[1] == '\0' || isspace((unsigned char)value[1]))) {
        ps->seen_global = true;
        return;
    }
    size_t n = 0;
    while (isalpha((unsigned char)value[n]) || value[n] == '-' || value[n] == '_') n++;
    if (n > 0 && strlen(ps->agent) == n && strncasecmp(value, ps->agent, n) == 0)
        ps->seen_specific = ps->ever_specific = true;
}

static void handle_sitemap(parse_state *ps, const char *value)
{
    rb_rules *r = ps->out;
    if (!*value || r->nsitemaps >= MAX_SITEMAPS) return;
    if (r->nsitemaps == r->capsm) {
        r->capsm = r->capsm ? r->capsm * 2 : 4;
        r->sitemaps = ak_realloc(r->sitemaps, r->capsm * sizeof *r->sitemaps);
    }
    r->sitemaps[r->nsitemaps++] = encode_pattern(value);
}

/* One line (NUL-terminated, modifiable). */
static void parse_line(parse_state *ps, char *line, int lineno)
{
    char *hash = strchr(line, '#');
    if (hash) *hash = '\0';
    trim(&line);
    char *sep = strchr(line, ':');
    if (!sep) {
        /* "Disallow /x": a missing colon is accepted for exactly two words. */
        sep = strpbrk(line, " \t");
        if (!sep) return;
        const char *val = sep + strspn(sep, " \t");
        if (strpbrk(val, " \t")) return;
    }
    *sep = '\0';
    char *key = line, *value = sep + 1;
    trim(&key);
    trim(&value);
    if (!*key) return;
    if (starts_ci(key, "user-agent") || starts_ci(key, "useragent") || starts_ci(key, "user agent"))
        handle_agent(ps, value);
    else if (starts_ci(key, "allow"))
        handle_rule(ps, true, value, lineno);
    else if (starts_ci(key, "disallow") || starts_ci(key, "dissallow") ||
             starts_ci(key, "dissalow") || starts_ci(key, "disalow") ||
             starts_ci(key, "diasllow") || starts_ci(key, "disallaw"))
        handle_rule(ps, false, value, lineno);
    else if (starts_ci(key, "sitemap") || starts_ci(key, "site-map"))
        handle_sitemap(ps, value);
    /* Anything else (crawl-delay, host, ...) is ignored and ends nothing. */
}

rb_rules *rb_parse(const char *body, size_t len, const char *agent, size_t max_bytes)
{
    rb_rules *r = ak_calloc(1, sizeof *r);
    r->mode = MODE_RULES;
    if (!max_bytes) max_bytes = RB_MAX_BYTES;
    if (len > max_bytes) len = max_bytes;
    parse_state ps = {.agent = agent ? agent : "", .out = r};
    const unsigned char *p = (const unsigned char *)(body ? body : "");
    const unsigned char *end = p + len;
    static const unsigned char bom[3] = {0xEF, 0xBB, 0xBF};
    for (int i = 0; i < 3 && p < end && *p == bom[i]; i++) p++;
    char *buf = ak_malloc(RB_MAX_LINE + 1);
    size_t n = 0;
    int lineno = 0;
    bool last_cr = false;
    for (; p < end; p++) {
        unsigned char c = *p;
        if (c == '\n' || c == '\r') {
            /* "\r\n" is one line break, not two. */
            if (!(n == 0 && last_cr && c == '\n')) {
                buf[n] = '\0';
                parse_line(&ps, buf, ++lineno);
            }
            n = 0;
            last_cr = c == '\r';
            continue;
        }
        last_cr = false;
        if (n < RB_MAX_LINE) buf[n++] = (char)c;
    }
    buf[n] = '\0';
    parse_line(&ps, buf, ++lineno);
    free(buf);
    if (ps.ever_specific) {
        r->rules = ps.specific;
        list_free(&ps.global);
    } else {
        r->rules = ps.global;
        list_free(&ps.specific);
    }
    return r;
}

rb_rules *rb_allow_all(void)
{
    rb_rules *r = ak_calloc(1, sizeof *r);
    r->mode = MODE_ALLOW_ALL;
    return r;
}

rb_rules *rb_disallow_all(void)
{
    rb_rules *r = ak_calloc(1, sizeof *r);
    r->mode = MODE_DISALLOW_ALL;
    return r;
}

/* Path, parameters and query of a URL or path, as the reference parser
 * finds them: after "scheme://authority", up to a '#'; "/" when empty. */
static char *path_of(const char *url)
{
    size_t len = strlen(url), start = 0;
    if (len >= 2 && url[0] == '/' && url[1] == '/') start = 2;
    const char *early = strpbrk(url + start, "/?;");
    const char *proto = strstr(url + start, "://");
    if (early && proto && early < proto) proto = NULL;
    size_t after = proto ? (size_t)(proto - url) + 3 : start;
    const char *ps = strpbrk(url + after, "/?;");
    if (!ps) return ak_strdup("/");
    const char *hash = strchr(url + start, '#');
    if (hash && hash < ps) return ak_strdup("/");
    size_t end = hash ? (size_t)(hash - url) : len;
    ak_buf b = {0};
    if (*ps != '/') ak_buf_putc(&b, '/');
    for (size_t i = (size_t)(ps - url); i < end; i++) {
        char c = url[i];
        /* Upper-case hex escapes: "%e3" and "%E3" are the same octet. */
        if (c == '%' && i + 2 < end && isxdigit((unsigned char)url[i + 1]) &&
            isxdigit((unsigned char)url[i + 2])) {
            char e[3] = {'%', (char)toupper((unsigned char)url[i + 1]),
                         (char)toupper((unsigned char)url[i + 2])};
            ak_buf_append(&b, e, 3);
            i += 2;
        } else {
            ak_buf_putc(&b, c);
        }
    }
    return ak_buf_steal(&b);
}

/* Does pattern p (with '*' wildcards) match a prefix of s (anchored: all
 * of s)?  Greedy with backtracking to the last '*': linear in practice,
 * O(n*m) at worst, no recursion. */
static bool match(const char *s, size_t n, const char *p, size_t m, bool anchored)
{
    size_t i = 0, j = 0, star = SIZE_MAX, mark = 0;
    for (;;) {
        if (j == m) {
            if (!anchored || i == n) return true;
        } else if (p[j] == '*') {
            star = j++;
            mark = i;
            continue;
        } else if (i < n && p[j] == s[i]) {
            i++;
            j++;
            continue;
        }
        if (star == SIZE_MAX || mark >= n) return false;
        j = star + 1;
        i = ++mark;
    }
}

bool rb_check(const rb_rules *r, const char *url, rb_verdict *v)
{
    rb_verdict tmp;
    if (!v) v = &tmp;
    memset(v, 0, sizeof *v);
    if (r->mode == MODE_ALLOW_ALL) {
        v->allowed = true;
        v->why = "allow all";
        return true;
    }
    if (r->mode == MODE_DISALLOW_ALL) {
        v->why = "disallow all";
        return false;
    }
    char *path = path_of(url ? url : "");
    if (strcmp(path, "/robots.txt") == 0) {
        free(path);
        v->allowed = true;
        v->why = "robots.txt itself";
        return true;
    }
    size_t n = strlen(path);
    const rule *best_allow = NULL, *best_dis = NULL;
    for (size_t i = 0; i < r->rules.n; i++) {
        const rule *ru = &r->rules.v[i];
        const rule **best = ru->allow ? &best_allow : &best_dis;
        if (*best && (*best)->prio >= ru->prio) continue;
        if (match(path, n, ru->pat, ru->len, ru->anchored)) *best = ru;
    }
    free(path);
    const rule *win = NULL;
    if (best_dis && (!best_allow || best_dis->prio > best_allow->prio)) win = best_dis;
    else if (best_allow) win = best_allow;
    if (!win) {
        v->allowed = true;
        v->why = "no matching rule";
        return true;
    }
    v->allowed = win->allow;
    v->line = win->line;
    v->rule_allow = win->allow;
    v->pattern = win->shown;
    v->why = "rule";
    return v->allowed;
}

bool rb_allowed(const rb_rules *r, const char *url) { return rb_check(r, url, NULL); }

size_t rb_nsitemaps(const rb_rules *r) { return r->nsitemaps; }

const char *rb_sitemap(const rb_rules *r, size_t i) { return i < r->nsitemaps ? r->sitemaps[i] : NULL; }

size_t rb_nrules(const rb_rules *r) { return r->rules.n; }

char *rb_agent_token(const char *ua)
{
    size_t n = 0;
    while (ua && (isalpha((unsigned char)ua[n]) || ua[n] == '-' || ua[n] == '_')) n++;
    return ak_strndup(ua ? ua : "", n);
}

void rb_free(rb_rules *r)
{
    if (!r) return;
    list_free(&r->rules);
    for (size_t i = 0; i < r->nsitemaps; i++) free(r->sitemaps[i]);
    free(r->sitemaps);
    free(r);
}
