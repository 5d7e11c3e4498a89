/* pool.h -- a fixed pool of worker threads with a bounded queue.
 *
 * Why this exists: a crawl's CPU goes into parsing, extracting and
 * storing pages; the fetcher (one libcurl multi handle) stays on the main
 * thread and keeps every connection busy while workers take the pages
 * (main/cmd_crawl.c).  A job is a work function run once on some worker;
 * the pool knows nothing else about it (a job that shares state with
 * other threads brings its own lock: the crawl's pages take the crawl's
 * lock to store).  With 0 threads a job runs inline, in ak_pool_submit.
 *
 * Memory stays bounded: ak_pool_submit blocks while max_inflight jobs are
 * queued or running, so a fast producer cannot pile up work.
 */
#ifndef AK_POOL_H
#define AK_POOL_H

#include <stddef.h>

typedef struct ak_pool ak_pool;
typedef void ak_pool_fn(void *job);

/* threads workers (0 = run jobs inline); fewer start when the system
 * refuses a thread (ak_pool_threads says how many did). */
ak_pool *ak_pool_new(int threads, int max_inflight);

/* Workers actually running. */
int ak_pool_threads(const ak_pool *p);

/* Queues work(job) for a worker; waits first while max_inflight jobs
 * are pending.  The caller must not hold a lock the jobs take. */
void ak_pool_submit(ak_pool *p, void *job, ak_pool_fn *work);

/* Waits until every submitted job has finished. */
void ak_pool_wait(ak_pool *p);

/* ak_pool_wait, then stops the workers and frees the pool (NULL is a no-op). */
void ak_pool_free(ak_pool *p);

#endif
