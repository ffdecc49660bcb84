/* Spec names round-trip; validation rejects bad values with messages naming them. */
#include <math.h>
#include <string.h>

#include "dmv/spec.h"
#include "dmv_test.h"

int main(void)
{
    int k;
    dmv_error err;
    dmv_process p;
    dmv_grid g;
    dmv_scheme s;
    double lam[2] = {1.0, -0.5};
    dmv_gaussian gs = {2, lam, NULL, NULL};

    for (k = 0; k < DMV_SCHEME_COUNT; k++) {
        dmv_scheme_kind back;
        DMV_CHECK(dmv_scheme_from_name(&back, dmv_scheme_name((dmv_scheme_kind) k), NULL) == DMV_OK &&
                      (int) back == k, "scheme %d", k);
    }
    for (k = 0; k <= DMV_PROCESS_VE; k++) {
        dmv_process_kind back;
        DMV_CHECK(dmv_process_from_name(&back, dmv_process_name((dmv_process_kind) k), NULL) == DMV_OK &&
                      (int) back == k, "process %d", k);
        dmv_process_default(&p, (dmv_process_kind) k);
        DMV_CHECK(dmv_process_check(&p, NULL) == DMV_OK, "default process %d invalid", k);
    }
    for (k = 0; k <= DMV_GRID_QUADRATIC; k++) {
        dmv_grid_kind back;
        DMV_CHECK(dmv_grid_from_name(&back, dmv_grid_name((dmv_grid_kind) k), NULL) == DMV_OK && (int) back == k,
                  "grid %d", k);
    }
    dmv_error_init(&err);
    DMV_CHECK(dmv_scheme_from_name(&s.kind, "eulr", &err) == DMV_EINVAL && strstr(err.msg, "eulr"), "%s", err.msg);

    /* Song's (0.1, 20) is the paper's (0.05, 10) halved, exactly in binary */
    dmv_process_default(&p, DMV_PROCESS_VP_LINEAR_SONG);
    DMV_CHECK(p.beta_min / 2 == 0.05 && p.beta_max / 2 == 10.0, "halving is exact");

    dmv_process_default(&p, DMV_PROCESS_VP_LINEAR);
    p.beta_min = -1;
    dmv_error_init(&err);
    DMV_CHECK(dmv_process_check(&p, &err) == DMV_EINVAL && strstr(err.msg, "beta_min = -1"), "%s", err.msg);
    dmv_process_default(&p, DMV_PROCESS_VP_COSINE);
    p.t_max = 1.0;
    dmv_error_init(&err);
    DMV_CHECK(dmv_process_check(&p, &err) == DMV_EINVAL && strstr(err.msg, "t_max = 1"), "%s", err.msg);

    dmv_process_default(&p, DMV_PROCESS_VP_LINEAR);
    dmv_grid_default(&g);
    g.steps = 0;
    dmv_error_init(&err);
    DMV_CHECK(dmv_grid_check(&g, &p, &err) == DMV_EINVAL && strstr(err.msg, "steps = 0"), "%s", err.msg);
    dmv_grid_default(&g);
    g.kind = DMV_GRID_LOGSNR;
    g.eps = 0;
    dmv_error_init(&err);
    DMV_CHECK(dmv_grid_check(&g, &p, &err) == DMV_EINVAL && strstr(err.msg, "eps = 0"), "%s", err.msg);
    g.eps = 2.0;
    dmv_error_init(&err);
    DMV_CHECK(dmv_grid_check(&g, &p, &err) == DMV_EINVAL && strstr(err.msg, "eps = 2"), "%s", err.msg);

    s.kind = DMV_SCHEME_DDIM;
    s.eta = 1.5;
    dmv_error_init(&err);
    DMV_CHECK(dmv_scheme_check(&s, &p, &err) == DMV_EINVAL && strstr(err.msg, "eta = 1.5"), "%s", err.msg);
    s.kind = DMV_SCHEME_DDPM;
    dmv_process_default(&p, DMV_PROCESS_VE);
    dmv_error_init(&err);
    DMV_CHECK(dmv_scheme_check(&s, &p, &err) == DMV_EINVAL && strstr(err.msg, "ddpm"), "%s", err.msg);

    dmv_error_init(&err);
    DMV_CHECK(dmv_gaussian_check(&gs, &err) == DMV_EINVAL && strstr(err.msg, "lambda[1] = -0.5"), "%s", err.msg);
    lam[1] = NAN;
    dmv_error_init(&err);
    DMV_CHECK(dmv_gaussian_check(&gs, &err) == DMV_EINVAL && strstr(err.msg, "lambda[1]"), "%s", err.msg);

    /* the first error wins */
    dmv_error_init(&err);
    dmv_error_set(&err, DMV_EIO, "first");
    dmv_error_set(&err, DMV_EINVAL, "second");
    DMV_CHECK(err.code == DMV_EIO && strcmp(err.msg, "first") == 0, "first error kept");
    DMV_CHECK(strcmp(dmv_error_name(DMV_EDOM), "outside the domain of the scheme") == 0, "name");

    DMV_CHECK(dmv_scheme_evals_per_step(DMV_SCHEME_RK4) == 4 && dmv_scheme_order(DMV_SCHEME_RK4) == 4, "rk4");
    s.kind = DMV_SCHEME_DDIM;
    s.eta = 0;
    DMV_CHECK(!dmv_scheme_is_stochastic(&s), "ddim eta 0 deterministic");
    s.eta = 0.5;
    DMV_CHECK(dmv_scheme_is_stochastic(&s), "ddim eta 0.5 stochastic");
    DMV_TEST_DONE("t-spec");
}
