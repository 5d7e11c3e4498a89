/* pool.c -- a small worker pool for page jobs (see pool.h). */
#include "common/pool.h"
#include "common/mem.h"

#include <assert.h>
#include <pthread.h>
#include <stdbool.h>

typedef struct job {
    struct job *next;  /* queue link */
    void *data;        /* caller's job */
    ak_pool_fn *work;       /* what to run */
} job;

struct ak_pool {
    pthread_mutex_t lock;   /* guards everything below */
    pthread_cond_t todo;    /* work queued or stopping (workers wait on it) */
    pthread_cond_t room;    /* a job finished (submitters and ak_pool_wait wait on it) */
    job *qhead, *qtail;     /* queued, not started */
    size_t pending;         /* submitted and not finished */
    size_t max_inflight;    /* bound on pending */
    bool stopping;          /* workers exit when the queue is empty */
    int nthreads;           /* workers running */
    pthread_t *threads;     /* their handles */
};

static void *worker(void *arg)
{
    ak_pool *p = arg;
    pthread_mutex_lock(&p->lock);
    for (;;) {
        while (!p->qhead && !p->stopping) pthread_cond_wait(&p->todo, &p->lock);
        if (!p->qhead) break; /* stopping and nothing left */
        job *j = p->qhead;
        p->qhead = j->next;
        if (!p->qhead) p->qtail = NULL;
        pthread_mutex_unlock(&p->lock);
        j->work(j->data);
        free(j);
        pthread_mutex_lock(&p->lock);
        assert(p->pending > 0);
        p->pending--;
        pthread_cond_broadcast(&p->room);
    }
    pthread_mutex_unlock(&p->lock);
    return NULL;
}

ak_pool *ak_pool_new(int threads, int max_inflight)
{
    ak_pool *p = ak_calloc(1, sizeof *p);
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->todo, NULL);
    pthread_cond_init(&p->room, NULL);
    p->max_inflight = max_inflight > 0 ? (size_t)max_inflight : 1;
    if (threads > 0) {
        p->threads = ak_calloc((size_t)threads, sizeof *p->threads);
        for (int i = 0; i < threads; i++) {
            if (pthread_create(&p->threads[i], NULL, worker, p) != 0) break;
            p->nthreads++;
        }
    }
    return p;
}

int ak_pool_threads(const ak_pool *p) { return p->nthreads; }

void ak_pool_submit(ak_pool *p, void *data, ak_pool_fn *work)
{
    if (p->nthreads == 0) {
        work(data);
        return;
    }
    job *j = ak_calloc(1, sizeof *j);
    j->data = data;
    j->work = work;
    pthread_mutex_lock(&p->lock);
    while (p->pending >= p->max_inflight) pthread_cond_wait(&p->room, &p->lock);
    if (p->qtail) p->qtail->next = j;
    else p->qhead = j;
    p->qtail = j;
    p->pending++;
    pthread_cond_signal(&p->todo);
    pthread_mutex_unlock(&p->lock);
}

void ak_pool_wait(ak_pool *p)
{
    pthread_mutex_lock(&p->lock);
    while (p->pending > 0) pthread_cond_wait(&p->room, &p->lock);
    pthread_mutex_unlock(&p->lock);
}

void ak_pool_free(ak_pool *p)
{
    if (!p) return;
    ak_pool_wait(p);
    pthread_mutex_lock(&p->lock);
    p->stopping = true;
    pthread_cond_broadcast(&p->todo);
    pthread_mutex_unlock(&p->lock);
    for (int i = 0; i < p->nthreads; i++) pthread_join(p->threads[i], NULL);
    pthread_mutex_destroy(&p->lock);
    pthread_cond_destroy(&p->todo);
    pthread_cond_destroy(&p->room);
    free(p->threads);
    free(p);
}
