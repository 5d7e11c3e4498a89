/* netaddr.c -- address classes and allowlists (see netaddr.h). */
#include "common/netaddr.h"
#include "common/mem.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The 16 bytes of an IPv6 address, or the 4 of an IPv4 one (also when
 * written as IPv4-mapped IPv6).  Returns the family, 0 for others. */
static int bytes_of(const struct sockaddr *sa, unsigned char out[16])
{
    if (sa->sa_family == AF_INET) {
        memcpy(out, &((const struct sockaddr_in *)sa)->sin_addr, 4);
        return AF_INET;
    }
    if (sa->sa_family == AF_INET6) {
        const unsigned char *a = ((const struct sockaddr_in6 *)sa)->sin6_addr.s6_addr;
        static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
        if (memcmp(a, mapped, 12) == 0) {
            memcpy(out, a + 12, 4);
            return AF_INET;
        }
        memcpy(out, a, 16);
        return AF_INET6;
    }
    return 0;
}

static bool in_prefix(const unsigned char *a, const unsigned char *net, int prefix)
{
    int full = prefix / 8, rest = prefix % 8;
    if (memcmp(a, net, (size_t)full) != 0) return false;
    if (!rest) return true;
    unsigned char mask = (unsigned char)(0xff << (8 - rest));
    return (a[full] & mask) == (net[full] & mask);
}

const char *ak_addr_special(const struct sockaddr *sa)
{
    unsigned char a[16];
    int fam = bytes_of(sa, a);
    if (fam == AF_INET) {
        static const struct { unsigned char net[4]; int prefix; const char *kind; } v4[] = {
            {{0, 0, 0, 0}, 8, "unspecified"},        {{10, 0, 0, 0}, 8, "private"},
            {{100, 64, 0, 0}, 10, "carrier-grade NAT"}, {{127, 0, 0, 0}, 8, "loopback"},
            {{169, 254, 0, 0}, 16, "link-local"},    {{172, 16, 0, 0}, 12, "private"},
            {{192, 0, 0, 0}, 24, "reserved"},        {{192, 168, 0, 0}, 16, "private"},
            {{198, 18, 0, 0}, 15, "reserved"},       {{224, 0, 0, 0}, 4, "multicast"},
            {{240, 0, 0, 0}, 4, "reserved"},
        };
        for (size_t i = 0; i < sizeof v4 / sizeof v4[0]; i++)
            if (in_prefix(a, v4[i].net, v4[i].prefix)) return v4[i].kind;
        return NULL;
    }
    if (fam == AF_INET6) {
        static const unsigned char zero[16] = {0};
        unsigned char one[16] = {0};
        one[15] = 1;
        if (memcmp(a, zero, 16) == 0) return "unspecified";
        if (memcmp(a, one, 16) == 0) return "loopback";
        if (a[0] == 0xfe && (a[1] & 0xc0) == 0x80) return "link-local";
        if ((a[0] & 0xfe) == 0xfc) return "unique local";
        if (a[0] == 0xff) return "multicast";
        if (a[0] == 0xfe && (a[1] & 0xc0) == 0xc0) return "reserved"; /* site-local */
        /* 64:ff9b::/96 (NAT64) and 2002::/16 (6to4) embed IPv4 addresses. */
        static const unsigned char nat64[12] = {0, 0x64, 0xff, 0x9b};
        if (memcmp(a, nat64, 12) == 0 || (a[0] == 0x20 && a[1] == 0x02)) {
            struct sockaddr_in in = {.sin_family = AF_INET};
            memcpy(&in.sin_addr, a[0] == 0x20 ? a + 2 : a + 12, 4);
            return ak_addr_special((const struct sockaddr *)&in);
        }
        return NULL;
    }
    return "reserved";
}

void ak_addr_text(const struct sockaddr *sa, char *out, size_t n)
{
    if (sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, out, (socklen_t)n);
    else if (sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, out, (socklen_t)n);
    else
        snprintf(out, n, "(family %d)", sa->sa_family);
}

static bool parse_one(const char *s, size_t len, ak_cidr *c)
{
    char buf[128];
    if (len == 0 || len >= sizeof buf) return false;
    memcpy(buf, s, len);
    buf[len] = '\0';
    char *slash = strchr(buf, '/');
    int prefix = -1;
    if (slash) {
        *slash = '\0';
        char *end;
        long p = strtol(slash + 1, &end, 10);
        if (end == slash + 1 || *end || p < 0) return false;
        prefix = (int)p;
    }
    memset(c, 0, sizeof *c);
    if (inet_pton(AF_INET, buf, c->addr) == 1) {
        c->family = AF_INET;
        if (prefix < 0) prefix = 32;
        if (prefix > 32) return false;
    } else if (inet_pton(AF_INET6, buf, c->addr) == 1) {
        c->family = AF_INET6;
        if (prefix < 0) prefix = 128;
        if (prefix > 128) return false;
    } else {
        return false;
    }
    c->prefix = prefix;
    return true;
}

int ak_cidr_list_parse(ak_cidr_list *list, const char *text, const char **bad, size_t *badlen)
{
    const char *p = text;
    while (*p) {
        while (*p == ',' || isspace((unsigned char)*p)) p++;
        if (!*p) break;
        const char *start = p;
        while (*p && *p != ',' && !isspace((unsigned char)*p)) p++;
        ak_cidr c;
        if (!parse_one(start, (size_t)(p - start), &c)) {
            if (bad) *bad = start;
            if (badlen) *badlen = (size_t)(p - start);
            return -1;
        }
        list->items = ak_realloc(list->items, (list->n + 1) * sizeof *list->items);
        list->items[list->n++] = c;
    }
    return 0;
}

void ak_cidr_list_free(ak_cidr_list *list)
{
    free(list->items);
    list->items = NULL;
    list->n = 0;
}

bool ak_cidr_list_match(const ak_cidr_list *list, const struct sockaddr *sa)
{
    unsigned char a[16];
    int fam = bytes_of(sa, a);
    for (size_t i = 0; list && i < list->n; i++)
        if (list->items[i].family == fam && in_prefix(a, list->items[i].addr, list->items[i].prefix))
            return true;
    return false;
}
