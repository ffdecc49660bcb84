/* dmv_fast_sample_part + dmv_fast_merge_add (the pieces the MPI layer, cli/mpi_layer.c, moves
 * between ranks): for random splits of the chunk range into parts, each computed with its own
 * threads and batch, merging the records in chunk order gives dmv_fast_sample's hash, mean and
 * m2 bit for bit (the expected values come from dmv_fast_sample, the one-process run). Also:
 * merging the parts out of order changes the hash (the order is what makes it K-independent). */
#include <stdlib.h>
#include <string.h>

#include "dmv/fast.h"
#include "dmv_test.h"

int main(void)
{
    dmv_test_rng rng = {2026};
    int iter;
    for (iter = 0; iter < 6; iter++) {
        dmv_process p;
        dmv_grid g;
        dmv_scheme s;
        dmv_init in;
        dmv_gaussian ga;
        dmv_fast_model m;
        dmv_fast_job job;
        dmv_fast_stats st0, st;
        dmv_fast_merge *mg;
        dmv_error err;
        long d = 1 + (long) (dmv_test_uniform(&rng) * 9), n = 1 + (long) (dmv_test_uniform(&rng) * 2000);
        long nch = (n + DMV_FAST_CHUNK - 1) / DMV_FAST_CHUNK, c, j, cut[8], ncut = 0;
        size_t rs = dmv_fast_part_size(d);
        unsigned char *rec = malloc((size_t) nch * rs);
        double *lambda = malloc((size_t) d * sizeof(double));
        int rc, k;
        DMV_CHECK(rec && lambda, "out of memory");
        DMV_CHECK(rs == 56 + 16 * (size_t) d, "record size %zu for d = %ld", rs, d);
        for (j = 0; j < d; j++)
            lambda[j] = dmv_test_loguniform(&rng, 1e-3, 10);
        dmv_process_default(&p, DMV_PROCESS_VP_LINEAR);
        dmv_grid_default(&g);
        g.steps = 10;
        s.kind = iter % 2 ? DMV_SCHEME_HEUN : DMV_SCHEME_EM;
        s.eta = 0;
        dmv_init_default(&in);
        ga.d = d, ga.lambda = lambda, ga.mean = NULL, ga.basis = NULL;
        dmv_error_init(&err);
        rc = dmv_fast_model_gaussian_diag_init(&m, &ga, &err);
        DMV_CHECK(rc == 0, "%s", err.msg);
        dmv_fast_job_init(&job);
        job.process = &p, job.grid = &g, job.scheme = &s, job.init = &in, job.init_basis_data = &ga, job.model = &m;
        job.n = n, job.seed = 7 + (uint64_t) iter;
        dmv_fast_stats_init(&st0);
        dmv_fast_stats_init(&st);
        rc = dmv_fast_sample(&st0, &job, NULL, NULL, NULL, NULL, &err);
        DMV_CHECK(rc == 0, "%s", err.msg);
        /* random cut points 0 = cut[0] < ... < cut[ncut] = nch, each part its own threads/batch */
        cut[ncut++] = 0;
        while (ncut < 7 && cut[ncut - 1] < nch) {
            long step = 1 + (long) (dmv_test_uniform(&rng) * (double) nch / 3);
            cut[ncut] = cut[ncut - 1] + step > nch ? nch : cut[ncut - 1] + step;
            ncut++;
        }
        cut[ncut - 1] = nch;
        for (k = 0; k + 1 < ncut; k++) {
            job.threads = 1 + (int) (dmv_test_uniform(&rng) * 3);
            job.batch = 1 + (long) (dmv_test_uniform(&rng) * 300);
            rc = dmv_fast_sample_part(rec + (size_t) cut[k] * rs, &job, cut[k], cut[k + 1] - cut[k], NULL, NULL, &err);
            DMV_CHECK(rc == 0, "part %d: %s", k, err.msg);
        }
        mg = dmv_fast_merge_new(d);
        DMV_CHECK(mg != NULL, "merge_new");
        for (k = 0; k + 1 < ncut; k++) /* in chunk order, part by part */
            dmv_fast_merge_add(mg, rec + (size_t) cut[k] * rs, cut[k + 1] - cut[k]);
        rc = dmv_fast_merge_finish(mg, &st, &job, &err);
        dmv_fast_merge_free(mg);
        DMV_CHECK(rc == 0 && st.n == n && st.d == d, "finish: rc %d n %ld", rc, st.n);
        DMV_CHECK(strcmp(st.hash, st0.hash) == 0, "n %ld d %ld, %ld parts: hash %s != %s", n, d, ncut - 1L,
                  st.hash, st0.hash);
        DMV_CHECK(memcmp(st.mean, st0.mean, (size_t) d * 8) == 0 && memcmp(st.m2, st0.m2, (size_t) d * 8) == 0,
                  "n %ld d %ld: statistics differ", n, d);
        DMV_CHECK(st.nonfinite == st0.nonfinite && st.bit_exact == st0.bit_exact, "nonfinite/bit_exact differ");
        if (nch >= 2) { /* the last chunk first: another hash */
            mg = dmv_fast_merge_new(d);
            dmv_fast_merge_add(mg, rec + (size_t) (nch - 1) * rs, 1);
            dmv_fast_merge_add(mg, rec, nch - 1);
            rc = dmv_fast_merge_finish(mg, &st, &job, &err);
            dmv_fast_merge_free(mg);
            DMV_CHECK(rc == 0 && strcmp(st.hash, st0.hash) != 0, "out of order: same hash %s", st.hash);
        }
        /* a part past n computes nothing and succeeds; bad arguments are refused */
        c = nch + 3;
        rc = dmv_fast_sample_part(rec, &job, c, 2, NULL, NULL, &err);
        DMV_CHECK(rc == 0, "past n: %s", err.msg);
        rc = dmv_fast_sample_part(rec, &job, -1, 2, NULL, NULL, &err);
        DMV_CHECK(rc == DMV_EINVAL && strstr(err.msg, "first_chunk = -1"), "negative first chunk: rc %d", rc);
        dmv_fast_stats_clear(&st0);
        dmv_fast_stats_clear(&st);
        dmv_fast_model_clear(&m);
        free(rec);
        free(lambda);
    }
    DMV_CHECK(dmv_fast_merge_new(0) == NULL, "merge_new(0) should fail");
    return 0;
}
