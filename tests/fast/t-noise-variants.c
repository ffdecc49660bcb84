/* Every instruction-set variant of the noise kernels that this CPU runs (fast/noise_kernel.h,
 * chosen at run time by fast/noise.c) gives the same bits:
 * - dmv_fast_noise_vec under each variant against the scalar dmv_fast_noise (Random123's
 *   philox4x32_R and one Box-Muller pair at a time: another code path), bit for bit, on random
 *   seeds, samples, steps and lengths (odd, around the 64-pair block, 3072);
 * - the sample hash (sha256-chunk128) and statistics of 13 runs on a diagonal Gaussian (d = 97, 300
 *   samples, 2 threads; EM, DDPM, EI, Euler, Heun, DDIM with eta 0, 0.5, 1; generic and fused paths,
 *   with and without a mean: every step kernel of fast/scheme_kernel.h, which follows the noise
 *   variant) are identical under every variant;
 * - dmv_fast_noise_set_variant refuses an unknown name; the default variant is the best supported
 *   one (avx512 > avx2 > baseline) unless DMV_NOISE_VARIANT names another.
 * Prints the variants run, so that the log shows which ones this machine covered. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../../fast/noise_internal.h"
#include "dmv/fast.h"
#include "dmv_test.h"

static int same_bits(double a, double b)
{
    return memcmp(&a, &b, sizeof a) == 0;
}

/* the sampler runs compared across variants: every step kernel of fast/scheme_kernel.h, each of its
 * three D sources (generic denoiser, fused Gaussian without and with a mean) */
typedef struct {
    const char *name;
    dmv_scheme_kind kind;
    double eta;
    int mean, generic;
} job_case;

static const job_case cases[] = {
    {"em", DMV_SCHEME_EM, 0.0, 0, 0},          {"ddpm", DMV_SCHEME_DDPM, 0.0, 0, 0},
    {"em+mean", DMV_SCHEME_EM, 0.0, 1, 0},     {"em generic", DMV_SCHEME_EM, 0.0, 1, 1},
    {"ei+mean", DMV_SCHEME_EI, 0.0, 1, 0},     {"ddpm generic", DMV_SCHEME_DDPM, 0.0, 0, 1},
    {"euler+mean", DMV_SCHEME_EULER, 0.0, 1, 0}, {"euler generic", DMV_SCHEME_EULER, 0.0, 0, 1},
    {"heun", DMV_SCHEME_HEUN, 0.0, 1, 0},      {"ddim", DMV_SCHEME_DDIM, 0.0, 0, 0},
    {"ddim eta=1+mean", DMV_SCHEME_DDIM, 1.0, 1, 0}, {"ddim generic", DMV_SCHEME_DDIM, 0.0, 1, 1},
    {"ddim eta=0.5 generic", DMV_SCHEME_DDIM, 0.5, 0, 1},
};
#define NCASES ((int) (sizeof cases / sizeof cases[0]))

static void run_job(char *hash, double *mean0, const job_case *jc)
{
    dmv_process p;
    dmv_grid g;
    dmv_scheme s;
    dmv_init in;
    dmv_gaussian ga;
    dmv_fast_model m;
    dmv_fast_job job;
    dmv_fast_stats st;
    dmv_error err;
    double lam[97], mu[97];
    long j;
    for (j = 0; j < 97; j++) {
        lam[j] = 0.01 + 0.1 * (double) j;
        mu[j] = 0.3 * sin((double) j);
    }
    dmv_process_default(&p, DMV_PROCESS_VP_LINEAR);
    dmv_grid_default(&g);
    g.steps = 20;
    g.eps = 1e-3;
    dmv_scheme_default(&s);
    s.kind = jc->kind;
    s.eta = jc->eta;
    dmv_init_default(&in);
    in.kind = DMV_INIT_STANDARD;
    ga.d = 97;
    ga.lambda = lam;
    ga.mean = jc->mean ? mu : NULL;
    ga.basis = NULL;
    dmv_error_init(&err);
    DMV_CHECK(dmv_fast_model_gaussian_diag_init(&m, &ga, &err) == DMV_OK, "model: %s", err.msg);
    dmv_fast_job_init(&job);
    job.process = &p;
    job.grid = &g;
    job.scheme = &s;
    job.init = &in;
    job.init_basis_data = &ga;
    job.model = &m;
    job.n = 300;
    job.seed = 7;
    job.threads = 2;
    job.batch = 33;
    job.generic_only = jc->generic;
    dmv_fast_stats_init(&st);
    DMV_CHECK(dmv_fast_sample(&st, &job, NULL, NULL, NULL, NULL, &err) == DMV_OK, "sample: %s", err.msg);
    memcpy(hash, st.hash, 65);
    *mean0 = st.mean[0];
    dmv_fast_stats_clear(&st);
    dmv_fast_model_clear(&m);
}

int main(void)
{
    static const long lens[] = {1, 2, 3, 127, 128, 129, 130, 255, 257, 3072};
    dmv_test_rng rng = {151};
    char h0[NCASES][65], h[65];
    double m0[NCASES], m;
    double *out = malloc(3072 * sizeof *out);
    int v, nrun = 0, best = 0;
    long it, niter = dmv_test_iters(40);
    const char *name;

    DMV_CHECK(dmv_fast_noise_set_variant("no-such-isa") == DMV_EINVAL, "an unknown variant is accepted");
    for (v = 0; (name = dmv_fast_noise_variant_name(v)) != NULL; v++)
        if (dmv_fast_noise_variant_supported(name))
            best = v;
    if (getenv("DMV_NOISE_VARIANT") == NULL)
        DMV_CHECK(strcmp(dmv_fast_noise_variant(), dmv_fast_noise_variant_name(best)) == 0,
                  "default variant %s, the best supported is %s", dmv_fast_noise_variant(),
                  dmv_fast_noise_variant_name(best));
    DMV_CHECK(strcmp(dmv_fast_noise_variant_name(0), "baseline") == 0 && dmv_fast_noise_variant_supported("baseline"),
              "the baseline variant must always run");

    for (v = 0; (name = dmv_fast_noise_variant_name(v)) != NULL; v++) {
        int k;
        if (!dmv_fast_noise_variant_supported(name)) {
            DMV_CHECK(dmv_fast_noise_set_variant(name) == DMV_EINVAL, "%s: not supported, yet accepted", name);
            printf("variant %s: not supported by this CPU\n", name);
            continue;
        }
        DMV_CHECK(dmv_fast_noise_set_variant(name) == DMV_OK && strcmp(dmv_fast_noise_variant(), name) == 0,
                  "cannot force %s", name);
        nrun++;
        for (it = 0; it < niter; it++) {
            uint64_t seed = dmv_test_next(&rng), sample = dmv_test_next(&rng) >> (dmv_test_next(&rng) % 64);
            uint32_t step = (uint32_t) (dmv_test_next(&rng) % 5000);
            long d = lens[it % (long) (sizeof lens / sizeof lens[0])], j;
            dmv_fast_noise_vec(seed, sample, step, d, out);
            for (j = 0; j < d; j++) {
                double z = dmv_fast_noise(seed, sample, step, (uint32_t) j);
                DMV_CHECK(same_bits(out[j], z), "%s: seed %llu sample %llu step %u d %ld coord %ld: %a vs scalar %a",
                          name, (unsigned long long) seed, (unsigned long long) sample, step, d, j, out[j], z);
                if (!same_bits(out[j], z))
                    break;
            }
        }
        for (k = 0; k < NCASES; k++) {
            run_job(h, &m, &cases[k]);
            if (v == 0) {
                memcpy(h0[k], h, 65);
                m0[k] = m;
            }
            DMV_CHECK(strcmp(h, h0[k]) == 0 && same_bits(m, m0[k]), "%s: %s hash %s, baseline %s", name,
                      cases[k].name, h, h0[k]);
        }
        printf("variant %s: noise and the sample hashes of %d runs identical to the baseline (em %.16s..., ddpm "
               "%.16s...)\n", name, NCASES, h0[0], h0[1]);
    }
    DMV_CHECK(nrun >= 1, "no variant ran");
    free(out);
    return dmv_test_failures != 0;
}
