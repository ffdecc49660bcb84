/* Whole spectrum: the per-direction maps, laws and distances for the d
 * eigen-directions of a dmv_gaussian (everything in its eigenbasis). The
 * schedule is shared read-only; directions are split between threads. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "ref_internal.h"

typedef struct {
    arb_ptr A, Bsq, c;
    const dmv_ref_schedule *sch;
    const dmv_gaussian *data;
    const dmv_ref_score_error *e;
    slong lo, hi, prec;
    int status;
    int spawned; /* a thread of our own: release FLINT's thread-local caches at its end */
    dmv_error err;
} map_job;

static void *map_worker(void *arg)
{
    map_job *jb = (map_job *) arg;
    slong j;
    arb_t lam, m;
    arb_init(lam);
    arb_init(m);
    dmv_error_init(&jb->err);
    jb->status = DMV_OK;
    for (j = jb->lo; j < jb->hi && jb->status == DMV_OK; j++) {
        arb_set_d(lam, jb->data->lambda[j]);
        if (jb->data->mean != NULL)
            arb_set_d(m, jb->data->mean[j]);
        else
            arb_zero(m);
        jb->status = dmv_ref_scheme_map1(jb->A + j, jb->Bsq + j, jb->c + j, jb->sch, lam, m,
                                         jb->e != NULL ? jb->e + j : NULL, jb->prec, &jb->err);
        if (jb->status != DMV_OK) {
            char buf[sizeof jb->err.msg];
            memcpy(buf, jb->err.msg, sizeof buf);
            jb->err.code = 0;
            dmv_error_init(&jb->err);
            dmv_error_set(&jb->err, jb->status, "direction %ld (lambda = %g): %s", (long) j,
                          jb->data->lambda[j], buf);
        }
    }
    arb_clear(lam);
    arb_clear(m);
    if (jb->spawned)
        flint_cleanup();
    return NULL;
}

int dmv_ref_spectrum_map(arb_ptr A, arb_ptr Bsq, arb_ptr c, const dmv_ref_schedule *sch,
                         const dmv_gaussian *data, const dmv_ref_score_error *e, int threads,
                         slong prec, dmv_error *err)
{
    map_job jobs[64];
    pthread_t tid[64];
    int started[64];
    slong d, i;
    int st, nt;
    if ((st = dmv_gaussian_check(data, err)) != DMV_OK)
        return st;
    d = data->d;
    nt = threads < 1 ? 1 : (threads > 64 ? 64 : threads);
    if (nt > d)
        nt = (int) d;
    for (i = 0; i < nt; i++) {
        jobs[i].A = A;
        jobs[i].Bsq = Bsq;
        jobs[i].c = c;
        jobs[i].sch = sch;
        jobs[i].data = data;
        jobs[i].e = e;
        jobs[i].lo = d * i / nt;
        jobs[i].hi = d * (i + 1) / nt;
        jobs[i].prec = prec;
        started[i] = 0;
        jobs[i].spawned = 0;
    }
    for (i = 1; i < nt; i++) {
        jobs[i].spawned = 1;
        started[i] = pthread_create(&tid[i], NULL, map_worker, &jobs[i]) == 0;
        if (!started[i])
            jobs[i].spawned = 0;
    }
    map_worker(&jobs[0]);
    for (i = 1; i < nt; i++) {
        if (started[i])
            pthread_join(tid[i], NULL);
        else
            map_worker(&jobs[i]); /* could not start a thread: do it here */
    }
    for (i = 0; i < nt; i++)
        if (jobs[i].status != DMV_OK)
            return dmv_error_set(err, jobs[i].status, "%s", jobs[i].err.msg);
    return DMV_OK;
}

/* lambda and mean of direction j of data (mean 0 when data->mean is NULL). */
static void direction(arb_t lam, arb_t m, const dmv_gaussian *data, slong j)
{
    arb_set_d(lam, data->lambda[j]);
    if (data->mean != NULL)
        arb_set_d(m, data->mean[j]);
    else
        arb_zero(m);
}

int dmv_ref_spectrum_apply(arb_ptr mean, arb_ptr var, arb_srcptr A, arb_srcptr Bsq, arb_srcptr c,
                           const dmv_init *init, const dmv_process *p, const dmv_gaussian *data,
                           slong prec, dmv_error *err)
{
    slong j;
    arb_t lam, m, m0, v0;
    int st = DMV_OK;
    arb_init(lam);
    arb_init(m);
    arb_init(m0);
    arb_init(v0);
    for (j = 0; j < data->d && st == DMV_OK; j++) {
        direction(lam, m, data, j);
        st = dmv_ref_init_law1(m0, v0, init, p, lam, m, prec, err);
        if (st != DMV_OK)
            break;
        arb_mul(mean + j, A + j, m0, prec);
        arb_add(mean + j, mean + j, c + j, prec);
        arb_sqr(var + j, A + j, prec);
        arb_mul(var + j, var + j, v0, prec);
        arb_add(var + j, var + j, Bsq + j, prec);
    }
    arb_clear(lam);
    arb_clear(m);
    arb_clear(m0);
    arb_clear(v0);
    return st;
}

int dmv_ref_spectrum_data(arb_ptr mean, arb_ptr var, const dmv_process *p, double s,
                          const dmv_gaussian *data, slong prec, dmv_error *err)
{
    slong j;
    arb_t lam, m;
    int st;
    if ((st = dmv_gaussian_check(data, err)) != DMV_OK)
        return st;
    arb_init(lam);
    arb_init(m);
    for (j = 0; j < data->d && st == DMV_OK; j++) {
        direction(lam, m, data, j);
        st = dmv_ref_data_law1(mean + j, var + j, p, s, lam, m, prec, err);
    }
    arb_clear(lam);
    arb_clear(m);
    return st;
}

int dmv_ref_spectrum_continuous(arb_ptr mean, arb_ptr var, int sde, const dmv_process *p,
                                double s_stop, const dmv_init *init, const dmv_gaussian *data,
                                slong prec, dmv_error *err)
{
    slong j;
    arb_t lam, m, m0, v0;
    int st;
    if ((st = dmv_gaussian_check(data, err)) != DMV_OK)
        return st;
    arb_init(lam);
    arb_init(m);
    arb_init(m0);
    arb_init(v0);
    for (j = 0; j < data->d && st == DMV_OK; j++) {
        direction(lam, m, data, j);
        st = dmv_ref_init_law1(m0, v0, init, p, lam, m, prec, err);
        if (st == DMV_OK)
            st = dmv_ref_continuous_law1(mean + j, var + j, sde, p, s_stop, lam, m, m0, v0, prec, err);
    }
    arb_clear(lam);
    arb_clear(m);
    arb_clear(m0);
    arb_clear(v0);
    return st;
}

int dmv_ref_scheme_w2_to_data(arb_t w2, arb_ptr contrib, const dmv_process *p, const dmv_grid *g,
                              const dmv_scheme *scheme, const dmv_init *init,
                              const dmv_gaussian *data, const dmv_ref_score_error *e, int threads,
                              slong prec, dmv_error *err)
{
    dmv_ref_schedule sch;
    slong d;
    arb_ptr A, Bsq, c, mean, var, dm, dv;
    int st;
    if ((st = dmv_gaussian_check(data, err)) != DMV_OK)
        return st;
    d = data->d;
    st = dmv_ref_schedule_init(&sch, p, g, scheme, prec, err);
    if (st != DMV_OK)
        return st;
    A = _arb_vec_init(d);
    Bsq = _arb_vec_init(d);
    c = _arb_vec_init(d);
    mean = _arb_vec_init(d);
    var = _arb_vec_init(d);
    dm = _arb_vec_init(d);
    dv = _arb_vec_init(d);
    st = dmv_ref_spectrum_map(A, Bsq, c, &sch, data, e, threads, prec, err);
    if (st == DMV_OK)
        st = dmv_ref_spectrum_apply(mean, var, A, Bsq, c, init, p, data, prec, err);
    if (st == DMV_OK)
        st = dmv_ref_spectrum_data(dm, dv, p, 0.0, data, prec, err);
    if (st == DMV_OK) {
        dmv_ref_w2sq_spectrum(w2, contrib, mean, var, dm, dv, d, prec);
        arb_sqrtpos(w2, w2, prec);
    }
    _arb_vec_clear(A, d);
    _arb_vec_clear(Bsq, d);
    _arb_vec_clear(c, d);
    _arb_vec_clear(mean, d);
    _arb_vec_clear(var, d);
    _arb_vec_clear(dm, d);
    _arb_vec_clear(dv, d);
    dmv_ref_schedule_clear(&sch);
    return st;
}
