/* Holm-Bonferroni step-down procedure (Holm 1979).
 *
 * Sort the n p-values ascending: p_(0) <= ... <= p_(n-1). Reject H_(0),
 * H_(1), ... while p_(r) <= alpha/(n - r); stop at the first r where this
 * fails and keep all the remaining hypotheses. The family-wise error rate is
 * <= alpha under any dependence between the tests.
 *
 * Ties: tied p-values get the rank of the first member of their group (the
 * smallest threshold). The decisions are unchanged by this (if the first of a
 * tie group passes alpha/(n-r), equal p-values pass the larger thresholds that
 * follow; if it fails, the procedure stops), and the reported thresholds then
 * do not depend on the input order. */
#include <math.h>
#include <stdlib.h>

#include "dmv/stats.h"

typedef struct {
    double p;
    long i;
} holm_item;

static int holm_cmp(const void *a, const void *b)
{
    const holm_item *x = a, *y = b;
    if (x->p < y->p)
        return -1;
    if (x->p > y->p)
        return 1;
    return (x->i > y->i) - (x->i < y->i); /* stable: by input index */
}

static int holm_sorted(holm_item **out, const double *p, long n, dmv_error *err)
{
    if (n < 0)
        return dmv_error_set(err, DMV_EINVAL, "n = %ld < 0", n);
    if (n > 0 && !p)
        return dmv_error_set(err, DMV_EINVAL, "p is NULL");
    for (long i = 0; i < n; i++)
        if (isnan(p[i]) || p[i] < 0.0 || p[i] > 1.0)
            return dmv_error_set(err, DMV_EINVAL, "p[%ld] = %g is not a probability", i, p[i]);
    holm_item *it = malloc((size_t) (n > 0 ? n : 1) * sizeof *it);
    if (!it)
        return dmv_error_set(err, DMV_ENOMEM, "cannot allocate %ld Holm items", n);
    for (long i = 0; i < n; i++) {
        it[i].p = p[i];
        it[i].i = i;
    }
    qsort(it, (size_t) n, sizeof *it, holm_cmp);
    *out = it;
    return DMV_OK;
}

int dmv_stat_holm(int *rejected, double *thresholds, const double *p, long n, double alpha,
                  dmv_error *err)
{
    if (!(alpha > 0.0 && alpha < 1.0))
        return dmv_error_set(err, DMV_EINVAL, "alpha = %g is not in (0, 1)", alpha);
    holm_item *it;
    int rc = holm_sorted(&it, p, n, err);
    if (rc)
        return rc;
    int going = 1;
    long rank = 0;
    for (long r = 0; r < n; r++) {
        if (r == 0 || it[r].p != it[r - 1].p)
            rank = r;
        double thr = alpha / (double) (n - rank);
        if (going && !(it[r].p <= thr))
            going = 0;
        if (rejected)
            rejected[it[r].i] = going;
        if (thresholds)
            thresholds[it[r].i] = thr;
    }
    free(it);
    return DMV_OK;
}

int dmv_stat_holm_adjust(double *adj, const double *p, long n, dmv_error *err)
{
    if (!adj && n > 0)
        return dmv_error_set(err, DMV_EINVAL, "adj is NULL");
    holm_item *it;
    int rc = holm_sorted(&it, p, n, err);
    if (rc)
        return rc;
    /* adj_(r) = max_{j <= r} min(1, (n - j) p_(j)); ties share the rank of
     * their first member, which gives them the same adjusted value */
    double run = 0.0;
    long rank = 0;
    for (long r = 0; r < n; r++) {
        if (r == 0 || it[r].p != it[r - 1].p)
            rank = r;
        double a = fmin(1.0, (double) (n - rank) * it[r].p);
        if (a > run)
            run = a;
        adj[it[r].i] = run;
    }
    free(it);
    return DMV_OK;
}
