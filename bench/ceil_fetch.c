/* ceil_fetch.c -- the fetch ceiling: a bare libcurl multi loop over the same
 * URLs akhbar crawls, bodies discarded, no parsing, no politeness.
 *
 *   ceil_fetch CONCURRENCY PER_HOST URLS_FILE
 *
 * URLS_FILE holds one URL per line.  Prints one
 * JSON line: pages, bytes, seconds, pages_per_s, failed.
 */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static size_t sink(char *p, size_t size, size_t n, void *ud)
{
    (void)p;
    *(size_t *)ud += size * n;
    return size * n;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: ceil_fetch CONCURRENCY PER_HOST URLS_FILE\n");
        return 2;
    }
    int conc = atoi(argv[1]), per_host = atoi(argv[2]);
    FILE *f = fopen(argv[3], "r");
    if (!f) {
        perror(argv[3]);
        return 2;
    }
    char **urls = NULL;
    size_t n = 0, cap = 0;
    char line[4096];
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (!line[0]) continue;
        if (n == cap) urls = realloc(urls, (cap = cap ? cap * 2 : 1024) * sizeof *urls);
        urls[n++] = strdup(line);
    }
    fclose(f);
    curl_global_init(CURL_GLOBAL_DEFAULT);
    CURLM *m = curl_multi_init();
    curl_multi_setopt(m, CURLMOPT_MAX_TOTAL_CONNECTIONS, (long)conc);
    curl_multi_setopt(m, CURLMOPT_MAX_HOST_CONNECTIONS, (long)per_host);
    size_t bytes = 0, next = 0, done = 0, failed = 0;
    int running = 0;
    double t0 = now_s();
    while (done < n) {
        while (next < n && running < conc) {
            CURL *e = curl_easy_init();
            curl_easy_setopt(e, CURLOPT_URL, urls[next++]);
            curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, sink);
            curl_easy_setopt(e, CURLOPT_WRITEDATA, &bytes);
            curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
            curl_multi_add_handle(m, e);
            running++;
        }
        int still;
        curl_multi_perform(m, &still);
        CURLMsg *msg;
        int left;
        while ((msg = curl_multi_info_read(m, &left))) {
            if (msg->msg != CURLMSG_DONE) continue;
            long code = 0;
            curl_easy_getinfo(msg->easy_handle, CURLINFO_RESPONSE_CODE, &code);
            if (msg->data.result != CURLE_OK || code != 200) failed++;
            curl_multi_remove_handle(m, msg->easy_handle);
            curl_easy_cleanup(msg->easy_handle);
            running--;
            done++;
        }
        if (done < n) curl_multi_poll(m, NULL, 0, 100, NULL);
    }
    double secs = now_s() - t0;
    printf("{\"pages\": %zu, \"bytes\": %zu, \"seconds\": %.3f, \"pages_per_s\": %.1f, \"failed\": %zu}\n", n,
           bytes, secs, n / secs, failed);
    curl_multi_cleanup(m);
    return failed ? 1 : 0;
}
