/* Holm-Bonferroni: hand examples (with ties), the closed-testing definition
 * checked by brute force over all subsets, order invariance, adjusted
 * p-values, errors, and the family-wise error rate by simulation. */
#include <math.h>
#include <stdlib.h>

#include "dmv/stats.h"
#include "dmv_test.h"

/* Holm = closed testing with Bonferroni local tests: H_i is rejected iff every
 * intersection hypothesis H_S with i in S is rejected by Bonferroni, i.e.
 * min_{j in S} p_j <= alpha/|S|. Brute force over the 2^n subsets. */
static int closed_testing(const double *p, int n, int i, double alpha)
{
    for (unsigned S = 1; S < (1u << n); S++) {
        if (!(S & (1u << i)))
            continue;
        int size = 0;
        double mn = 2;
        for (int j = 0; j < n; j++)
            if (S & (1u << j)) {
                size++;
                if (p[j] < mn)
                    mn = p[j];
            }
        if (!(mn <= alpha / size))
            return 0;
    }
    return 1;
}

int main(void)
{
    dmv_test_rng rng = {4242};
    int rej[16];
    double thr[16], adj[16];

    /* 1. hand example (n = 4, alpha = 0.05): sorted 0.005 <= .05/4 reject;
     *    0.01 <= .05/3 reject; 0.03 > .05/2 stop; 0.04 kept. */
    {
        double p[] = {0.01, 0.04, 0.03, 0.005};
        DMV_CHECK(dmv_stat_holm(rej, thr, p, 4, 0.05, NULL) == DMV_OK, "ok");
        DMV_CHECK(rej[0] == 1 && rej[1] == 0 && rej[2] == 0 && rej[3] == 1, "rej %d%d%d%d", rej[0],
                  rej[1], rej[2], rej[3]);
        DMV_CHECK(thr[0] == 0.05 / 3 && thr[1] == 0.05 && thr[2] == 0.025 && thr[3] == 0.0125,
                  "thr %g %g %g %g", thr[0], thr[1], thr[2], thr[3]);
        /* adjusted: 4*.005 = .02, 3*.01 = .03, 2*.03 = .06, max(.06, 1*.04) = .06 */
        dmv_stat_holm_adjust(adj, p, 4, NULL);
        DMV_CHECK(fabs(adj[3] - 0.02) < 1e-17 && fabs(adj[0] - 0.03) < 1e-17 &&
                      fabs(adj[2] - 0.06) < 1e-17 && fabs(adj[1] - 0.06) < 1e-17,
                  "adj %g %g %g %g", adj[0], adj[1], adj[2], adj[3]);
    }
    /* 2. ties. {0.02, 0.02, 0.02} at 0.05: the first is compared with 0.05/3,
     *    fails, nothing rejected; all three share that threshold. */
    {
        double p[] = {0.02, 0.02, 0.02};
        dmv_stat_holm(rej, thr, p, 3, 0.05, NULL);
        DMV_CHECK(!rej[0] && !rej[1] && !rej[2], "tie3 rejected");
        DMV_CHECK(thr[0] == 0.05 / 3 && thr[1] == 0.05 / 3 && thr[2] == 0.05 / 3, "tie3 thr");
        double q[] = {0.04, 0.01, 0.01}; /* ties pass .05/3; then .04 <= .05/1 */
        dmv_stat_holm(rej, thr, q, 3, 0.05, NULL);
        DMV_CHECK(rej[0] && rej[1] && rej[2], "tie2 %d%d%d", rej[0], rej[1], rej[2]);
        DMV_CHECK(thr[1] == 0.05 / 3 && thr[2] == 0.05 / 3 && thr[0] == 0.05, "tie2 thr");
        dmv_stat_holm_adjust(adj, q, 3, NULL);
        DMV_CHECK(adj[1] == adj[2] && fabs(adj[1] - 0.03) < 1e-17 && fabs(adj[0] - 0.04) < 1e-17,
                  "tie adj %g %g %g", adj[0], adj[1], adj[2]);
        /* p = 0 and p = 1 are valid; a single test is compared with alpha */
        double r[] = {0.0, 1.0};
        dmv_stat_holm(rej, thr, r, 2, 0.001, NULL);
        DMV_CHECK(rej[0] && !rej[1] && thr[0] == 0.0005 && thr[1] == 0.001, "0/1");
        double one[] = {0.001};
        dmv_stat_holm(rej, thr, one, 1, 0.001, NULL);
        DMV_CHECK(rej[0] && thr[0] == 0.001, "p == alpha is rejected (<=)");
        DMV_CHECK(dmv_stat_holm(rej, thr, one, 0, 0.001, NULL) == DMV_OK, "n = 0");
    }
    /* 3. errors: NaN, p outside [0,1], bad alpha */
    {
        dmv_error e;
        double p[] = {0.1, NAN};
        dmv_error_init(&e);
        DMV_CHECK(dmv_stat_holm(rej, thr, p, 2, 0.05, &e) == DMV_EINVAL, "NaN accepted");
        printf("NaN message: %s\n", e.msg);
        double q[] = {1.5};
        DMV_CHECK(dmv_stat_holm(rej, thr, q, 1, 0.05, NULL) == DMV_EINVAL, "p > 1 accepted");
        DMV_CHECK(dmv_stat_holm_adjust(adj, p, 2, NULL) == DMV_EINVAL, "adjust NaN accepted");
        double r[] = {0.1};
        DMV_CHECK(dmv_stat_holm(rej, thr, r, 1, 0.0, NULL) == DMV_EINVAL, "alpha 0");
        DMV_CHECK(dmv_stat_holm(rej, thr, r, 1, NAN, NULL) == DMV_EINVAL, "alpha NaN");
    }
    /* 4. random cases against closed testing; ties drawn on purpose; order
     *    invariance under a random permutation; adjusted p consistent */
    for (long it = 0; it < dmv_test_iters(3000); it++) {
        int n = 1 + (int) (dmv_test_uniform(&rng) * 10);
        double p[16], alpha = it % 2 ? 0.05 : 0.001;
        for (int i = 0; i < n; i++) {
            double u = dmv_test_uniform(&rng);
            /* a few distinct values (ties), scaled near the thresholds */
            p[i] = it % 3 == 0 ? alpha * (1 + (int) (u * 4)) / 4.0 : alpha * 2 * u;
        }
        dmv_stat_holm(rej, thr, p, n, alpha, NULL);
        dmv_stat_holm_adjust(adj, p, n, NULL);
        for (int i = 0; i < n; i++) {
            int ct = closed_testing(p, n, i, alpha);
            DMV_CHECK(rej[i] == ct, "it=%ld n=%d i=%d p=%g: holm %d closed %d", it, n, i, p[i],
                      rej[i], ct);
            /* adjusted p <= alpha iff rejected (away from rounding at the edge) */
            if (fabs(adj[i] - alpha) > 1e-12 * alpha)
                DMV_CHECK((adj[i] <= alpha) == rej[i], "adj it=%ld i=%d adj=%.17g rej=%d", it, i,
                          adj[i], rej[i]);
        }
        /* permute */
        int perm[16];
        for (int i = 0; i < n; i++)
            perm[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = (int) (dmv_test_uniform(&rng) * (i + 1));
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        double pp[16], thr2[16];
        int rej2[16];
        for (int i = 0; i < n; i++)
            pp[i] = p[perm[i]];
        dmv_stat_holm(rej2, thr2, pp, n, alpha, NULL);
        for (int i = 0; i < n; i++)
            DMV_CHECK(rej2[i] == rej[perm[i]] && thr2[i] == thr[perm[i]],
                      "order dependence it=%ld i=%d", it, i);
    }
    /* 5. family-wise error under the global null (independent uniforms):
     *    P(any rejection) = 1 - (1 - alpha/n)^n exactly for Holm here (only
     *    the first step can start rejecting, and it is Bonferroni's) */
    {
        long reps = dmv_test_iters(20000), any = 0;
        int n = 10;
        double alpha = 0.05, p[10];
        for (long r = 0; r < reps; r++) {
            for (int i = 0; i < n; i++)
                p[i] = dmv_test_uniform(&rng);
            dmv_stat_holm(rej, NULL, p, n, alpha, NULL);
            int a = 0;
            for (int i = 0; i < n; i++)
                a |= rej[i];
            any += a;
        }
        double pr = 1 - pow(1 - alpha / n, n), mu = reps * pr, sd = sqrt(reps * pr * (1 - pr));
        DMV_CHECK(fabs(any - mu) < 4.5 * sd, "FWER: %ld of %ld, expected %.1f", any, reps, mu);
        printf("FWER under the null: %ld/%ld (expected %.1f)\n", any, reps, mu);
    }
    DMV_TEST_DONE("t-holm");
}
