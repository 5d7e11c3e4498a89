/* test_netaddr.c -- the SSRF guard's address classes and allowlists. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include "common/netaddr.h"

static struct sockaddr_storage addr(const char *text)
{
    struct sockaddr_storage ss;
    memset(&ss, 0, sizeof ss);
    struct sockaddr_in *in = (struct sockaddr_in *)&ss;
    struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&ss;
    if (inet_pton(AF_INET, text, &in->sin_addr) == 1) in->sin_family = AF_INET;
    else if (inet_pton(AF_INET6, text, &in6->sin6_addr) == 1) in6->sin6_family = AF_INET6;
    else fail_msg("bad test address %s", text);
    return ss;
}

static void test_classes(void **state)
{
    (void)state;
    struct { const char *a, *kind; } c[] = {
        {"127.0.0.1", "loopback"},      {"127.255.1.2", "loopback"},  {"10.1.2.3", "private"},
        {"172.16.0.1", "private"},      {"172.31.255.255", "private"}, {"192.168.1.1", "private"},
        {"169.254.169.254", "link-local"}, {"100.64.0.1", "carrier-grade NAT"},
        {"0.0.0.0", "unspecified"},     {"224.0.0.1", "multicast"},   {"255.255.255.255", "reserved"},
        {"::1", "loopback"},            {"::", "unspecified"},        {"fe80::1", "link-local"},
        {"fd12:3456::1", "unique local"}, {"ff02::1", "multicast"},
        {"::ffff:127.0.0.1", "loopback"}, {"::ffff:10.0.0.1", "private"},      /* IPv4-mapped */
        {"64:ff9b::7f00:1", "loopback"},  {"2002:c0a8:0101::1", "private"},   /* NAT64, 6to4 */
        {"8.8.8.8", NULL}, {"41.248.0.1", NULL}, {"172.32.0.1", NULL}, {"2a00:1450::1", NULL},
        {"::ffff:8.8.8.8", NULL},
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        struct sockaddr_storage ss = addr(c[i].a);
        const char *k = ak_addr_special((struct sockaddr *)&ss);
        if ((k == NULL) != (c[i].kind == NULL) || (k && strcmp(k, c[i].kind) != 0))
            fail_msg("%s: got %s, want %s", c[i].a, k ? k : "public", c[i].kind ? c[i].kind : "public");
    }
}

static void test_allowlist(void **state)
{
    (void)state;
    ak_cidr_list l = {0};
    const char *bad = NULL;
    size_t badlen = 0;
    assert_int_equal(ak_cidr_list_parse(&l, "127.0.0.1, 10.0.0.0/8 ::1  fd00::/8", &bad, &badlen), 0);
    assert_int_equal(l.n, 4);
    struct sockaddr_storage a = addr("127.0.0.1"), b = addr("127.0.0.2"), c = addr("10.200.1.1"),
                            d = addr("::1"), e = addr("::ffff:127.0.0.1"), f = addr("fd00::5"),
                            g = addr("192.168.0.1");
    assert_true(ak_cidr_list_match(&l, (struct sockaddr *)&a));
    assert_false(ak_cidr_list_match(&l, (struct sockaddr *)&b));
    assert_true(ak_cidr_list_match(&l, (struct sockaddr *)&c));
    assert_true(ak_cidr_list_match(&l, (struct sockaddr *)&d));
    assert_true(ak_cidr_list_match(&l, (struct sockaddr *)&e)); /* mapped matches IPv4 */
    assert_true(ak_cidr_list_match(&l, (struct sockaddr *)&f));
    assert_false(ak_cidr_list_match(&l, (struct sockaddr *)&g));
    ak_cidr_list_free(&l);
    const char *bads[] = {"localhost", "10.0.0.0/33", "::1/129", "1.2.3", "10.0.0.0/", "/8"};
    for (size_t i = 0; i < sizeof bads / sizeof bads[0]; i++) {
        ak_cidr_list m = {0};
        assert_int_equal(ak_cidr_list_parse(&m, bads[i], &bad, &badlen), -1);
        ak_cidr_list_free(&m);
    }
    ak_cidr_list m = {0};
    assert_int_equal(ak_cidr_list_parse(&m, "127.0.0.1 nope", &bad, &badlen), -1);
    assert_int_equal(badlen, 4);
    assert_memory_equal(bad, "nope", 4);
    ak_cidr_list_free(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_classes),
        cmocka_unit_test(test_allowlist),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
