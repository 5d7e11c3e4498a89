/* test_pool.c -- the worker pool: every job runs once, the queue stays
 * bounded, inline mode, waiting and freeing with work in flight. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#include "common/pool.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int running, max_running, done_count;
static pthread_t seen[64];
static int nseen;

typedef struct job {
    int n;         /* its number */
    int runs;      /* times run */
} job;

static void work(void *arg)
{
    job *j = arg;
    pthread_mutex_lock(&lock);
    running++;
    if (running > max_running) max_running = running;
    int known = 0;
    for (int i = 0; i < nseen; i++) known |= pthread_equal(seen[i], pthread_self());
    if (!known && nseen < 64) seen[nseen++] = pthread_self();
    pthread_mutex_unlock(&lock);
    struct timespec ts = {0, 200000}; /* 0.2 ms: jobs overlap */
    nanosleep(&ts, NULL);
    pthread_mutex_lock(&lock);
    running--;
    j->runs++;
    done_count++;
    pthread_mutex_unlock(&lock);
}

static void reset(void)
{
    running = max_running = done_count = nseen = 0;
}

static void test_every_job_once(void **state)
{
    (void)state;
    reset();
    enum { N = 500 };
    job *jobs = calloc(N, sizeof *jobs);
    ak_pool *p = ak_pool_new(3, 6);
    assert_int_equal(ak_pool_threads(p), 3);
    for (int i = 0; i < N; i++) {
        jobs[i].n = i;
        ak_pool_submit(p, &jobs[i], work);
    }
    ak_pool_wait(p);
    assert_int_equal(done_count, N);
    for (int i = 0; i < N; i++) assert_int_equal(jobs[i].runs, 1);
    assert_true(max_running <= 3);
    assert_true(nseen >= 2); /* the work really went to several threads */
    ak_pool_free(p);
    free(jobs);
}

static void test_inline(void **state)
{
    (void)state;
    reset();
    job j = {0};
    ak_pool *p = ak_pool_new(0, 4);
    assert_int_equal(ak_pool_threads(p), 0);
    ak_pool_submit(p, &j, work);
    assert_int_equal(j.runs, 1); /* ran before ak_pool_submit returned */
    assert_true(pthread_equal(seen[0], pthread_self()));
    ak_pool_free(p);
}

static void test_free_waits(void **state)
{
    (void)state;
    reset();
    enum { N = 50 };
    job jobs[N] = {{0}};
    ak_pool *p = ak_pool_new(2, 100);
    for (int i = 0; i < N; i++) ak_pool_submit(p, &jobs[i], work);
    ak_pool_free(p); /* waits for all of them */
    assert_int_equal(done_count, N);
    ak_pool_free(NULL);
}

/* The bound: with max_inflight 2 the producer never gets more than two
 * jobs ahead of the finished ones. */
static int inflight_seen;
static void slow(void *arg)
{
    job *j = arg;
    struct timespec ts = {0, 1000000};
    nanosleep(&ts, NULL);
    pthread_mutex_lock(&lock);
    j->runs++;
    done_count++;
    pthread_mutex_unlock(&lock);
}

static void test_bounded(void **state)
{
    (void)state;
    reset();
    enum { N = 40 };
    job jobs[N] = {{0}};
    ak_pool *p = ak_pool_new(1, 2);
    inflight_seen = 0;
    for (int i = 0; i < N; i++) {
        ak_pool_submit(p, &jobs[i], slow);
        pthread_mutex_lock(&lock);
        int ahead = i + 1 - done_count;
        pthread_mutex_unlock(&lock);
        if (ahead > inflight_seen) inflight_seen = ahead;
    }
    ak_pool_free(p);
    assert_int_equal(done_count, N);
    assert_true(inflight_seen <= 2);
    assert_true(inflight_seen >= 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_job_once),
        cmocka_unit_test(test_inline),
        cmocka_unit_test(test_free_waits),
        cmocka_unit_test(test_bounded),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
