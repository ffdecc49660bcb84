/* Thread safety of the data models: two threads call denoise concurrently on the same model
 * (distinct workspaces, many repetitions) and must reproduce the serial results bit for bit
 * (every model here holds no mutable state; the dense model is compared to 1e-14 since it is
 * only ulp-bounded, although with equal batch shapes it is expected to be bit-identical). */
#include <pthread.h>
#include <string.h>

#include "dmv/fast.h"
#include "dmv_test.h"

#define NROW 64
#define DIM 3
#define REPS 200

typedef struct {
    const dmv_fast_model *m;
    const double *x;
    double alpha, sigma;
    double out[NROW * DIM];
    int rc;
} job;

static void *run(void *arg)
{
    job *j = arg;
    void *ws = malloc(j->m->workspace_size(j->m, NROW / 4) + 64);
    int k, b;
    j->rc = DMV_OK;
    for (k = 0; k < REPS; k++)
        for (b = 0; b < 4; b++) { /* batches of 16 rows */
            int rc = dmv_fast_model_denoise(j->m, j->alpha, j->sigma, NROW / 4, j->x + b * (NROW / 4) * DIM,
                                   j->out + b * (NROW / 4) * DIM, ws);
            if (rc)
                j->rc = rc;
        }
    free(ws);
    return NULL;
}

int main(void)
{
    dmv_test_rng rng = {8};
    dmv_fast_model models[5];
    const char *names[5] = {"umix", "mixture", "empirical", "dense", "guided"};
    double x[NROW * DIM], serial[NROW * DIM];
    double w[2 * DIM], a[2 * DIM], b[2 * DIM], mean[2 * DIM], var[2 * DIM], X[50 * DIM], U[DIM * DIM], lam[DIM];
    dmv_gaussian g = {DIM, lam, NULL, U};
    int i, k, rc = 0;

    for (i = 0; i < 2 * DIM; i++) {
        w[i] = 0.1 + dmv_test_uniform(&rng);
        a[i] = 4 * dmv_test_uniform(&rng) - 2;
        b[i] = a[i] + 0.5;
        mean[i] = a[i];
        var[i] = 0.3;
    }
    for (i = 0; i < 50 * DIM; i++)
        X[i] = 2 * dmv_test_uniform(&rng) - 1;
    for (i = 0; i < DIM; i++)
        lam[i] = 0.5 + i;
    dmv_fast_dct_basis(DIM, U, NULL);
    for (i = 0; i < NROW * DIM; i++)
        x[i] = 4 * dmv_test_uniform(&rng) - 2;
    rc |= dmv_fast_model_umix_init(&models[0], DIM, 2, w, a, b, NULL);
    rc |= dmv_fast_model_mixture_init(&models[1], DIM, 2, w, mean, var, NULL);
    rc |= dmv_fast_model_empirical_init(&models[2], DIM, 50, X, NULL);
    rc |= dmv_fast_model_dense_init(&models[3], &g, NULL);
    rc |= dmv_fast_model_guided_init(&models[4], &models[1], &models[0], 3.0, NULL);
    DMV_CHECK(rc == DMV_OK, "init");
    for (k = 0; k < 5; k++) {
        job j1, j2;
        pthread_t t1, t2;
        void *ws = malloc(models[k].workspace_size(&models[k], NROW / 4) + 64);
        int bb;
        for (bb = 0; bb < 4; bb++)
            dmv_fast_model_denoise(&models[k], 0.8, 0.05, NROW / 4, x + bb * (NROW / 4) * DIM,
                              serial + bb * (NROW / 4) * DIM, ws);
        free(ws);
        j1.m = j2.m = &models[k];
        j1.x = j2.x = x;
        j1.alpha = j2.alpha = 0.8;
        j1.sigma = j2.sigma = 0.05;
        pthread_create(&t1, NULL, run, &j1);
        pthread_create(&t2, NULL, run, &j2);
        pthread_join(t1, NULL);
        pthread_join(t2, NULL);
        DMV_CHECK(j1.rc == DMV_OK && j2.rc == DMV_OK, "%s: rc %d %d", names[k], j1.rc, j2.rc);
        if (models[k].ulp_bounded) {
            for (i = 0; i < NROW * DIM; i++)
                DMV_CHECK(fabs(j1.out[i] - serial[i]) <= 1e-14 * (1 + fabs(serial[i])) &&
                              fabs(j2.out[i] - serial[i]) <= 1e-14 * (1 + fabs(serial[i])),
                          "%s: threaded result differs at %d", names[k], i);
        } else {
            DMV_CHECK(memcmp(j1.out, serial, sizeof serial) == 0 && memcmp(j2.out, serial, sizeof serial) == 0,
                      "%s: threaded result is not bit-identical to the serial one", names[k]);
        }
    }
    dmv_fast_model_clear(&models[4]);
    for (k = 0; k < 4; k++)
        dmv_fast_model_clear(&models[k]);
    DMV_TEST_DONE("t-model-threads");
}
