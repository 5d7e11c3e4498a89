/* shared.h -- crawling a shared store: several `akhbar crawl` processes,
 * on one machine or many, writing one PostgreSQL store.
 *
 * Why this exists: the crawl (cmd_crawl.c) stays one pipeline; what
 * changes when the store is shared lives here, on top of store.h's
 * leases: which configured feeds this process fetches (claimed for
 * feed_interval), article URLs going to the shared frontier and coming
 * back as claimed batches, leases renewed while a run lasts and given back
 * at its end, host request slots for the fetcher (cr_hooks.host_slot), and
 * an article stored and deduplicated again when another process writing
 * the same story got in the way.  On a store of one's own (SQLite)
 * cli_shared_new returns NULL and the crawl works as before;
 * cli_store_article serves both.
 */
#ifndef AK_MAIN_SHARED_H
#define AK_MAIN_SHARED_H

#include <stdbool.h>
#include <stdint.h>

#include "config/config.h"
#include "dedup/engine.h"
#include "store/store.h"

/* Stores article a and deduplicates it with e, inside the open
 * transaction and under a savepoint: when anything fails, nothing of this
 * article is left in the transaction.  doc, when not NULL, is a->body
 * already parsed by dd_doc_parse (dd_engine_add_parsed: the engine takes
 * its contents, the caller still dd_doc_free()s it); dd_cpu, when not
 * NULL, gets the thread's CPU seconds spent in dedup added.  When another process writing the
 * store got in the way (st_conflicted), it is undone and tried again, up
 * to 8 times (*retries, when not NULL, is incremented each time).
 * Returns 1 when stored (a->id set, *r filled), 0 when an article with the
 * same identity was stored already (a->id is its id; *r untouched), or a
 * negative st_err with *err set. */
int cli_store_article(st_store *st, dd_engine *e, st_article *a, dd_doc *doc, dd_result *r, int *retries,
                      double *dd_cpu, char **err);

typedef struct cli_shared cli_shared;

/* The crawl's shared-store state, or NULL when st is not shared.  cfg
 * and st are borrowed. */
cli_shared *cli_shared_new(st_store *st, const cf_config *cfg);

/* Gives back the leases still held and frees. */
void cli_shared_free(cli_shared *sh);

/* Which configured feeds this process fetches: claimed[i] for
 * cfg->feeds[i] (the others were claimed by another process within
 * feed_interval).  Returns how many are claimed, or a negative st_err. */
int cli_shared_claim_feeds(cli_shared *sh, bool *claimed, char **err);

/* Puts an article URL found in feed (document feed_url) into the shared
 * frontier.  Returns 1 when added, 0 when already there or done, or a
 * negative st_err. */
int cli_shared_enqueue(cli_shared *sh, const char *url, const cf_feed *feed, const char *feed_url,
                       const char *title, int64_t published, const char *lang, char **err);

/* A URL claimed from the frontier: the configured feed it came from (a
 * stand-in with its site and language when this process's config does
 * not list it), and what its feed entry said. */
typedef void cli_page_fn(void *udata, const cf_feed *feed, const char *url, const char *feed_url,
                         const char *title, int64_t published, const char *lang);

/* Claims up to n URLs of the frontier and calls fn for each.  Returns how
 * many, or a negative st_err. */
int cli_shared_claim(cli_shared *sh, int n, cli_page_fn *fn, void *udata, char **err);

/* Gives back the claim on url, unfetched; nobody claims it before
 * not_before (AK_TIME_NONE: at once).  Failures are logged. */
void cli_shared_release(cli_shared *sh, const char *url, int64_t not_before);

/* This process has read every feed it claimed: their URLs are in the
 * frontier.  Called once; failures are logged. */
void cli_shared_feeds_done(cli_shared *sh);

/* True when other processes are still reading feeds they claimed (more
 * URLs may come), so an idle process should wait for them. */
bool cli_shared_others_feeding(cli_shared *sh);

/* Renews this process's leases when a third of the lease has passed
 * since the last renewal; cheap to call often.  Failures are logged. */
void cli_shared_tick(cli_shared *sh);

/* cr_hooks.host_slot: asks the store whether a request to host may start
 * now (udata = the cli_shared). */
int64_t cli_shared_slot(void *udata, const char *host, int delay_ms, int64_t *paused_until, const char **why);

/* Counters for the crawl's summary. */
typedef struct cli_shared_stats {
    int feeds_claimed;       /* configured feeds this process fetched */
    int feeds_elsewhere;     /* claimed by another process this interval */
    int queued;              /* URLs this process put into the frontier */
    int claimed;             /* URLs it claimed from the frontier */
} cli_shared_stats;
void cli_shared_get_stats(const cli_shared *sh, cli_shared_stats *s);

#endif
