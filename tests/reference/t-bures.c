/* reference/bures.c and kl_general.c against independent answers:
 * - diagonal (commuting) covariances: the per-eigenvalue formula
 *   W2^2 = |m1 - m2|^2 + sum (sqrt a_i - sqrt b_i)^2, computed here;
 * - the same rotated by an exact-in-balls Householder reflection U (built here):
 *   the result must contain the diagonal answer (W2 is rotation invariant);
 * - non-commuting 2 x 2: tr sqrt(M) = sqrt(tr M + 2 sqrt(det M)) for a 2 x 2 PSD M,
 *   with tr M = tr(S1 S2), det M = det S1 det S2 (hand derivation);
 * - repeated eigenvalues, singular and doubly singular pairs, symmetry in the arguments;
 * - KL(P, P) contains 0, the 1-D formula log(s2/s1) + (s1^2 + (m1 - m2)^2)/(2 s2^2) - 1/2,
 *   and rotated diagonal KL = sum of 1-D terms. */
#include <string.h>

#include <arb_mat.h>

#include "dmv/ref.h"
#include "dmv_test.h"

static slong PREC = 128;

/* Arb 2.23 has no *_d arithmetic: x op (double, exact). */
#define DEF_OP_D(name, op)                                                   \
    static void name(arb_t z, const arb_t x, double y, slong prec)         \
    {                                                                      \
        arb_t t;                                                           \
        arb_init(t);                                                       \
        arb_set_d(t, y);                                                   \
        op(z, x, t, prec);                                                 \
        arb_clear(t);                                                      \
    }
DEF_OP_D(arb_mul_d, arb_mul)
DEF_OP_D(arb_add_d, arb_add)
DEF_OP_D(arb_sub_d, arb_sub)
DEF_OP_D(arb_div_d, arb_div)

/* U = I - 2 v v^T / (v^T v) in balls (v exact doubles); S = U diag(a) U^T. */
static void rotated(arb_mat_t S, const double *a, const double *v, slong d, slong prec)
{
    arb_mat_t U, D, T;
    arb_t nv, t;
    slong i, j;
    arb_mat_init(U, d, d);
    arb_mat_init(D, d, d);
    arb_mat_init(T, d, d);
    arb_init(nv);
    arb_init(t);
    arb_zero(nv);
    for (i = 0; i < d; i++) {
        arb_set_d(t, v[i]);
        arb_addmul(nv, t, t, prec);
    }
    for (i = 0; i < d; i++)
        for (j = 0; j < d; j++) {
            arb_set_d(t, v[i]);
            arb_mul_d(t, t, v[j], prec);
            arb_mul_2exp_si(t, t, 1);
            arb_div(t, t, nv, prec);
            arb_neg(arb_mat_entry(U, i, j), t);
            if (i == j)
                arb_add_ui(arb_mat_entry(U, i, j), arb_mat_entry(U, i, j), 1, prec);
        }
    arb_mat_zero(D);
    for (i = 0; i < d; i++)
        arb_set_d(arb_mat_entry(D, i, i), a[i]);
    arb_mat_mul(T, U, D, prec);
    arb_mat_transpose(D, U);
    arb_mat_mul(S, T, D, prec);
    /* symmetrise the enclosure */
    for (i = 0; i < d; i++)
        for (j = 0; j < i; j++) {
            arb_union(arb_mat_entry(S, i, j), arb_mat_entry(S, i, j), arb_mat_entry(S, j, i), prec);
            arb_set(arb_mat_entry(S, j, i), arb_mat_entry(S, i, j));
        }
    arb_mat_clear(U);
    arb_mat_clear(D);
    arb_mat_clear(T);
    arb_clear(nv);
    arb_clear(t);
}

/* u = U m = m - 2 v (v . m) / (v . v) (the means in the rotated frame) */
static void rotate_vec(arb_ptr u, const double *m, const double *v, slong d, slong prec)
{
    arb_t vm, vv, t;
    slong i;
    arb_init(vm);
    arb_init(vv);
    arb_init(t);
    for (i = 0; i < d; i++) {
        arb_set_d(t, v[i]);
        arb_mul_d(vv, t, v[i], prec);
        arb_add(vm, vm, vv, prec); /* reuse: accumulate v.v in vm first */
    }
    arb_swap(vm, vv);
    arb_zero(vm);
    for (i = 0; i < d; i++) {
        arb_set_d(t, v[i]);
        arb_mul_d(t, t, m[i], prec);
        arb_add(vm, vm, t, prec);
    }
    arb_div(vm, vm, vv, prec);
    arb_mul_2exp_si(vm, vm, 1);
    for (i = 0; i < d; i++) {
        arb_set_d(t, v[i]);
        arb_mul(t, t, vm, prec);
        arb_set_d(u + i, m[i]);
        arb_sub(u + i, u + i, t, prec);
    }
    arb_clear(vm);
    arb_clear(vv);
    arb_clear(t);
}

static void diag_mat(arb_mat_t S, const double *a, slong d)
{
    slong i;
    arb_mat_zero(S);
    for (i = 0; i < d; i++)
        arb_set_d(arb_mat_entry(S, i, i), a[i]);
}

/* the commuting answer */
static void diag_w2sq(arb_t out, const double *a, const double *b, const double *m1, const double *m2, slong d)
{
    arb_t x, y;
    slong i;
    arb_init(x);
    arb_init(y);
    arb_zero(out);
    for (i = 0; i < d; i++) {
        arb_set_d(x, a[i]);
        arb_sqrt(x, x, 4 * PREC);
        arb_set_d(y, b[i]);
        arb_sqrt(y, y, 4 * PREC);
        arb_sub(x, x, y, 4 * PREC);
        arb_addmul(out, x, x, 4 * PREC);
        arb_set_d(x, m1[i]);
        arb_sub_d(x, x, m2[i], 4 * PREC);
        arb_addmul(out, x, x, 4 * PREC);
    }
    arb_clear(x);
    arb_clear(y);
}

static void diag_kl(arb_t out, const double *a, const double *b, const double *m1, const double *m2, slong d)
{
    arb_t x, y, t;
    slong i;
    arb_init(x);
    arb_init(y);
    arb_init(t);
    arb_zero(out);
    for (i = 0; i < d; i++) { /* log(s2/s1) + (s1^2 + dm^2)/(2 s2^2) - 1/2 with s^2 = variance */
        arb_set_d(x, b[i]);
        arb_div_d(x, x, a[i], 4 * PREC);
        arb_log(x, x, 4 * PREC);
        arb_mul_2exp_si(x, x, -1);
        arb_set_d(t, m1[i]);
        arb_sub_d(t, t, m2[i], 4 * PREC);
        arb_mul(t, t, t, 4 * PREC);
        arb_add_d(t, t, a[i], 4 * PREC);
        arb_set_d(y, b[i]);
        arb_mul_2exp_si(y, y, 1);
        arb_div(t, t, y, 4 * PREC);
        arb_add(x, x, t, 4 * PREC);
        arb_sub_d(x, x, 0.5, 4 * PREC);
        arb_add(out, out, x, 4 * PREC);
    }
    arb_clear(x);
    arb_clear(y);
    arb_clear(t);
}

static void vec_set_d(arb_ptr v, const double *x, slong d)
{
    slong i;
    for (i = 0; i < d; i++)
        arb_set_d(v + i, x[i]);
}

static double rel_rad(const arb_t x)
{
    double m = fabs(arf_get_d(arb_midref(x), ARF_RND_NEAR)), r = mag_get_d(arb_radref(x));
    return m > 0 ? r / m : r;
}

static void test_random(dmv_test_rng *rng)
{
    long it, iters = dmv_test_iters(40);
    for (it = 0; it < iters; it++) {
        slong d = 1 + (slong) (dmv_test_next(rng) % 7), i;
        double a[8], b[8], m1[8], m2[8], v[8], w[8];
        int kind = (int) (dmv_test_next(rng) % 4), rc;
        arb_mat_t S1, S2;
        arb_ptr u1, u2;
        arb_t got, want, got2;
        dmv_error err;
        for (i = 0; i < d; i++) {
            a[i] = dmv_test_loguniform(rng, 1e-3, 1e2);
            b[i] = dmv_test_loguniform(rng, 1e-3, 1e2);
            m1[i] = dmv_test_uniform(rng) - 0.5;
            m2[i] = 2 * dmv_test_uniform(rng) - 1;
            v[i] = dmv_test_uniform(rng) - 0.5;
            w[i] = dmv_test_uniform(rng) - 0.5;
        }
        if (kind == 1) /* repeated eigenvalues */
            for (i = 1; i < d; i++)
                a[i] = a[0], b[i] = (i % 2) ? b[0] : b[i];
        if (kind == 2) /* S1 singular */
            for (i = 0; i < d; i += 2)
                a[i] = 0;
        if (kind == 3) /* both singular, with common and separate null directions */
            for (i = 0; i < d; i++) {
                if (i % 2 == 0)
                    a[i] = 0;
                if (i % 3 == 0)
                    b[i] = 0;
            }
        arb_mat_init(S1, d, d);
        arb_mat_init(S2, d, d);
        u1 = _arb_vec_init(d);
        u2 = _arb_vec_init(d);
        arb_init(got);
        arb_init(got2);
        arb_init(want);
        vec_set_d(u1, m1, d);
        vec_set_d(u2, m2, d);
        diag_w2sq(want, a, b, m1, m2, d);

        /* diagonal */
        diag_mat(S1, a, d);
        diag_mat(S2, b, d);
        dmv_error_init(&err);
        rc = dmv_ref_bures_w2sq(got, S1, u1, S2, u2, PREC, &err);
        DMV_CHECK(rc == DMV_OK && arb_overlaps(got, want), "diag d=%ld kind=%d: rc %d %s\n  got %s\n  want %s",
                  (long) d, kind, rc, err.msg, arb_get_str(got, 30, 0), arb_get_str(want, 30, 0));
        /* kinds 2-3 clamp enclosures of null eigenvalues (sqrt of an O(2^-2prec) radius) and kind 3 adds
         * the delta-shift's 2 sqrt(d delta) with delta ~ 2^-(2prec-16) tr/d: W2 moves by ~2^-(prec - 8) */
        DMV_CHECK(rel_rad(got) < (kind < 3 ? 1e-25 : 1e-15),
                  "diag d=%ld kind=%d: radius too large: %s", (long) d, kind, arb_get_str(got, 30, 0));

        /* the same rotated by one Householder U: must contain the diagonal answer (rotated means:
         * |U m1 - U m2| = |m1 - m2|, so the diagonal means are kept) */
        rotated(S1, a, v, d, PREC);
        rotated(S2, b, v, d, PREC);
        dmv_error_init(&err);
        rc = dmv_ref_bures_w2sq(got, S1, u1, S2, u2, PREC, &err);
        DMV_CHECK(rc == DMV_OK && arb_overlaps(got, want), "rotated d=%ld kind=%d: rc %d %s\n  got %s\n  want %s",
                  (long) d, kind, rc, err.msg, arb_get_str(got, 30, 0), arb_get_str(want, 30, 0));
        if (kind < 2)
            DMV_CHECK(rel_rad(got) < 1e-20, "rotated d=%ld kind=%d: relative radius %g", (long) d, kind,
                      rel_rad(got));
        /* symmetric in its arguments */
        dmv_error_init(&err);
        rc = dmv_ref_bures_w2sq(got2, S2, u2, S1, u1, PREC, &err);
        DMV_CHECK(rc == DMV_OK && arb_overlaps(got, got2), "symmetry d=%ld kind=%d: %s vs %s", (long) d, kind,
                  arb_get_str(got, 20, 0), arb_get_str(got2, 20, 0));
        /* W2(P, P) = 0 */
        rc = dmv_ref_bures_w2sq(got2, S1, u1, S1, u1, PREC, &err);
        DMV_CHECK(rc == DMV_OK && arb_contains_zero(got2) && mag_cmp_2exp_si(arb_radref(got2), -30) < 0,
                  "W2(P,P) d=%ld kind=%d: %s", (long) d, kind, arb_get_str(got2, 20, 0));

        /* KL: only positive definite cases; KL depends on the means' frame: rotate them too */
        rotate_vec(u1, m1, v, d, PREC);
        rotate_vec(u2, m2, v, d, PREC);
        if (kind < 2) {
            diag_kl(want, a, b, m1, m2, d);
            rc = dmv_ref_kl_general(got, S1, u1, S2, u2, PREC, &err);
            DMV_CHECK(rc == DMV_OK && arb_overlaps(got, want) && rel_rad(got) < 1e-15,
                      "KL rotated d=%ld: rc %d %s\n  got %s\n  want %s", (long) d, rc, err.msg,
                      arb_get_str(got, 30, 0), arb_get_str(want, 30, 0));
            diag_kl(want, b, a, m2, m1, d);
            rc = dmv_ref_kl_general(got, S2, u2, S1, u1, PREC, &err);
            DMV_CHECK(rc == DMV_OK && arb_overlaps(got, want), "KL reverse d=%ld: got %s want %s", (long) d,
                      arb_get_str(got, 30, 0), arb_get_str(want, 30, 0));
            rc = dmv_ref_kl_general(got, S1, u1, S1, u1, PREC, &err);
            DMV_CHECK(rc == DMV_OK && arb_contains_zero(got) && mag_cmp_2exp_si(arb_radref(got), -90) < 0,
                      "KL(P,P) d=%ld: %s", (long) d, arb_get_str(got, 20, 0));
        } else {
            dmv_error_init(&err);
            rc = dmv_ref_kl_general(got, S1, u1, S2, u2, PREC, &err);
            DMV_CHECK(rc == DMV_EDOM, "KL with singular S1: rc %d", rc);
        }

        /* non-commuting 2 x 2: S1 rotated by v, S2 by w */
        if (d == 2 && kind < 2) {
            arb_t trM, detM, t;
            arb_mat_t P;
            arb_init(trM);
            arb_init(detM);
            arb_init(t);
            arb_mat_init(P, 2, 2);
            rotated(S1, a, v, 2, 4 * PREC);
            rotated(S2, b, w, 2, 4 * PREC);
            arb_mat_mul(P, S1, S2, 4 * PREC);
            arb_mat_trace(trM, P, 4 * PREC);
            arb_set_d(detM, a[0]);
            arb_mul_d(detM, detM, a[1] * 1.0, 4 * PREC);
            arb_mul_d(detM, detM, b[0], 4 * PREC);
            arb_mul_d(detM, detM, b[1], 4 * PREC);
            arb_sqrt(detM, detM, 4 * PREC);
            arb_mul_2exp_si(detM, detM, 1);
            arb_add(t, trM, detM, 4 * PREC);
            arb_sqrt(t, t, 4 * PREC); /* tr sqrt(S1^1/2 S2 S1^1/2) */
            arb_mul_2exp_si(t, t, 1);
            arb_set_d(want, a[0] + 0.0);
            arb_add_d(want, want, a[1], 4 * PREC);
            arb_add_d(want, want, b[0], 4 * PREC);
            arb_add_d(want, want, b[1], 4 * PREC);
            arb_sub(want, want, t, 4 * PREC);
            for (i = 0; i < 2; i++) {
                arb_set_d(t, m1[i] - 0.0);
                arb_sub_d(t, t, m2[i], 4 * PREC);
                arb_addmul(want, t, t, 4 * PREC);
            }
            rc = dmv_ref_bures_w2sq(got, S1, u1, S2, u2, PREC, &err);
            DMV_CHECK(rc == DMV_OK && arb_overlaps(got, want) && rel_rad(got) < 1e-20,
                      "2x2 non-commuting: rc %d\n  got %s\n  want %s", rc, arb_get_str(got, 30, 0),
                      arb_get_str(want, 30, 0));
            arb_clear(trM);
            arb_clear(detM);
            arb_clear(t);
            arb_mat_clear(P);
        }
        arb_mat_clear(S1);
        arb_mat_clear(S2);
        _arb_vec_clear(u1, d);
        _arb_vec_clear(u2, d);
        arb_clear(got);
        arb_clear(got2);
        arb_clear(want);
    }
}

static void test_errors_and_doubles(void)
{
    double S1[4] = {2, 1, 1, 2}, S2[4] = {1, 0, 0, 3}, bad[4] = {1, 2, 0, 1}, neg[4] = {-1, 0, 0, 1};
    double m[2] = {1, -1};
    arb_t out, want, t;
    dmv_error err;
    int rc;
    arb_init(out);
    arb_init(want);
    arb_init(t);
    /* exact double input; S1 has eigenvalues 1 and 3 with eigenvectors (1,-1), (1,1); S2 = diag(1, 3).
     * 2x2 formula: tr(S1 S2) = 2 + 6 = 8, det S1 det S2 = 3 * 3 = 9: tr sqrt = sqrt(8 + 6) = sqrt(14).
     * W2^2 = |m|^2 + 4 + 4 - 2 sqrt(14) = 10 - 2 sqrt(14). */
    dmv_error_init(&err);
    rc = dmv_ref_bures_w2sq_d(out, 2, m, S1, NULL, S2, PREC, &err);
    arb_set_ui(want, 14);
    arb_sqrt(want, want, 2 * PREC);
    arb_mul_2exp_si(want, want, 1);
    arb_neg(want, want);
    arb_add_ui(want, want, 10, 2 * PREC);
    DMV_CHECK(rc == DMV_OK && arb_overlaps(out, want) && rel_rad(out) < 1e-30, "10 - 2 sqrt 14: got %s (%s)",
              arb_get_str(out, 30, 0), err.msg);
    dmv_error_init(&err);
    rc = dmv_ref_bures_w2sq_d(out, 2, NULL, bad, NULL, S2, PREC, &err);
    DMV_CHECK(rc == DMV_EINVAL && strstr(err.msg, "not symmetric"), "asymmetric accepted: %d %s", rc, err.msg);
    dmv_error_init(&err);
    rc = dmv_ref_bures_w2sq_d(out, 2, NULL, neg, NULL, S2, PREC, &err);
    DMV_CHECK(rc == DMV_EINVAL || rc == DMV_EPREC, "indefinite S1 accepted: %d %s -> %s", rc, err.msg,
              arb_get_str(out, 20, 0));
    /* 1-D KL against the textbook formula at one point: N(1, 4) || N(0, 1) = log(1/2) + (4 + 1)/2 - 1/2 */
    {
        arb_mat_t A, B;
        arb_t mm;
        arb_mat_init(A, 1, 1);
        arb_mat_init(B, 1, 1);
        arb_init(mm);
        arb_set_ui(arb_mat_entry(A, 0, 0), 4);
        arb_set_ui(arb_mat_entry(B, 0, 0), 1);
        arb_one(mm);
        rc = dmv_ref_kl_general(out, A, mm, B, NULL, PREC, &err);
        arb_set_ui(want, 2);
        arb_log(want, want, 2 * PREC);
        arb_neg(want, want);
        arb_add_ui(want, want, 2, 2 * PREC);
        DMV_CHECK(rc == DMV_OK && arb_overlaps(out, want), "KL 1-D: got %s want %s", arb_get_str(out, 30, 0),
                  arb_get_str(want, 30, 0));
        arb_mat_clear(A);
        arb_mat_clear(B);
        arb_clear(mm);
    }
    arb_clear(out);
    arb_clear(want);
    arb_clear(t);
}

/* A larger case: d = 32, two Householder reflections composed (U = H2 H1 is not symmetric),
 * eigenvalues in clusters of 4 equal values and 4 null ones; must contain the diagonal answer. */
static void test_large(dmv_test_rng *rng)
{
    enum { D = 32 };
    double a[D], b[D], m1[D], m2[D], v[D], w[D];
    arb_mat_t S1, S2, H, T;
    arb_ptr u1, u2;
    arb_t got, want;
    dmv_error err;
    slong i, j;
    int rc;
    for (i = 0; i < D; i++) {
        a[i] = i < 4 ? 0.0 : (double) (1 + i / 4);
        b[i] = dmv_test_loguniform(rng, 1e-2, 1e2);
        m1[i] = dmv_test_uniform(rng);
        m2[i] = 0;
        v[i] = dmv_test_uniform(rng) - 0.5;
        w[i] = dmv_test_uniform(rng) - 0.5;
    }
    arb_mat_init(S1, D, D);
    arb_mat_init(S2, D, D);
    arb_mat_init(H, D, D);
    arb_mat_init(T, D, D);
    u1 = _arb_vec_init(D);
    u2 = _arb_vec_init(D);
    arb_init(got);
    arb_init(want);
    /* S = H_w (H_v diag H_v) H_w */
    rotated(S1, a, v, D, 2 * PREC);
    rotated(S2, b, v, D, 2 * PREC);
    /* H_w explicitly */
    {
        arb_t nw, t;
        arb_init(nw);
        arb_init(t);
        for (i = 0; i < D; i++) {
            arb_set_d(t, w[i]);
            arb_addmul(nw, t, t, 2 * PREC);
        }
        for (i = 0; i < D; i++)
            for (j = 0; j < D; j++) {
                arb_set_d(t, w[i]);
                arb_mul_d(t, t, w[j], 2 * PREC);
                arb_mul_2exp_si(t, t, 1);
                arb_div(t, t, nw, 2 * PREC);
                arb_neg(arb_mat_entry(H, i, j), t);
                if (i == j)
                    arb_add_ui(arb_mat_entry(H, i, j), arb_mat_entry(H, i, j), 1, 2 * PREC);
            }
        arb_clear(nw);
        arb_clear(t);
    }
    arb_mat_mul(T, H, S1, 2 * PREC);
    arb_mat_mul(S1, T, H, 2 * PREC);
    arb_mat_mul(T, H, S2, 2 * PREC);
    arb_mat_mul(S2, T, H, 2 * PREC);
    for (i = 0; i < D; i++)
        for (j = 0; j < i; j++) {
            arb_union(arb_mat_entry(S1, i, j), arb_mat_entry(S1, i, j), arb_mat_entry(S1, j, i), 2 * PREC);
            arb_set(arb_mat_entry(S1, j, i), arb_mat_entry(S1, i, j));
            arb_union(arb_mat_entry(S2, i, j), arb_mat_entry(S2, i, j), arb_mat_entry(S2, j, i), 2 * PREC);
            arb_set(arb_mat_entry(S2, j, i), arb_mat_entry(S2, i, j));
        }
    vec_set_d(u1, m1, D);
    vec_set_d(u2, m2, D);
    diag_w2sq(want, a, b, m1, m2, D);
    dmv_error_init(&err);
    rc = dmv_ref_bures_w2sq(got, S1, u1, S2, u2, PREC, &err);
    DMV_CHECK(rc == DMV_OK && arb_overlaps(got, want) && rel_rad(got) < 1e-25,
              "d = 32 clustered, two reflections: rc %d %s\n  got %s\n  want %s", rc, err.msg,
              arb_get_str(got, 30, 0), arb_get_str(want, 30, 0));
    arb_mat_clear(S1);
    arb_mat_clear(S2);
    arb_mat_clear(H);
    arb_mat_clear(T);
    _arb_vec_clear(u1, D);
    _arb_vec_clear(u2, D);
    arb_clear(got);
    arb_clear(want);
}

int main(void)
{
    dmv_test_rng rng = {77};
    test_random(&rng);
    test_large(&rng);
    test_errors_and_doubles();
    flint_cleanup();
    DMV_TEST_DONE("t-bures");
}
