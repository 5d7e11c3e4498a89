/* netaddr.h -- which network addresses a crawler may connect to.
 *
 * Why this exists: feeds and pages choose the URLs akhbar fetches, so a
 * hostile feed could point it at the operator's own network (a router's
 * admin page, a cloud metadata service, a database on localhost).  The
 * fetcher asks this module about every address it is about to connect to
 * (after DNS, so a name that resolves differently later changes nothing)
 * and refuses loopback, private, link-local, multicast and reserved ones
 * unless the operator's allowlist names them.
 */
#ifndef AK_NETADDR_H
#define AK_NETADDR_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>

typedef struct ak_cidr {
    int family;              /* AF_INET or AF_INET6 */
    unsigned char addr[16];  /* network address (4 bytes used for IPv4) */
    int prefix;              /* prefix length in bits */
} ak_cidr;

typedef struct ak_cidr_list {
    ak_cidr *items;          /* owned */
    size_t n;
} ak_cidr_list;

/* Parses "127.0.0.1", "10.0.0.0/8", "::1", "fd00::/8", separated by commas
 * or spaces, appending to *list.  Returns 0, or -1 with *bad pointing at
 * the first entry that is not an address or network (not owned). */
int ak_cidr_list_parse(ak_cidr_list *list, const char *text, const char **bad, size_t *badlen);
void ak_cidr_list_free(ak_cidr_list *list);

/* True when the address is inside one of the list's networks (an
 * IPv4-mapped IPv6 address also matches IPv4 networks). */
bool ak_cidr_list_match(const ak_cidr_list *list, const struct sockaddr *sa);

/* The kind of address when it is not a public unicast one: "loopback",
 * "private", "link-local", "multicast", "unspecified", "carrier-grade NAT",
 * "reserved", "unique local"; NULL for a public address. */
const char *ak_addr_special(const struct sockaddr *sa);

/* The address as text ("127.0.0.1", "::1") into out (size >= 64). */
void ak_addr_text(const struct sockaddr *sa, char *out, size_t n);

#endif
