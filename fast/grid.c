/* Time grids T = s_0 > ... > s_N = eps (docs/schemes.md s.2). */
#include <math.h>

#include "dmv/fast.h"
#ifdef DMV_FAULT_INJECTION
#include "fast_internal.h"
#endif

/* sigma_hat(s) = sigma/alpha */
static double sigma_hat(const dmv_process *p, double s)
{
    if (p->kind == DMV_PROCESS_VE)
        return s;
    return sqrt(dmv_fast_process_sigma2(p, s)) / dmv_fast_process_alpha(p, s);
}

static double sigma_hat_inv(const dmv_process *p, double v)
{
    if (p->kind == DMV_PROCESS_VE)
        return v;
    return dmv_fast_process_logsnr_inv(p, -log(v));
}

/* diffusers' set_timesteps in numpy's double arithmetic (docs/conventions.md, "diffusers timestep
 * spacing"): s_k = tau_k + 1, then 0 (set_alpha_to_one) or 1. numpy's round is rint (ties to even). */
static int diffusers_grid(double *s, const dmv_grid *g, const dmv_process *p, dmv_error *err)
{
    long n = g->steps, k, T = (long) p->t_max;
    int st = dmv_grid_check(g, p, err);
    if (st != DMV_OK)
        return st;
    if (!((double) T == p->t_max) || T < 1)
        return dmv_error_set(err, DMV_EINVAL, "grid %s: t_max = %g: must be a positive integer (T)",
                             dmv_grid_name(g->kind), p->t_max);
    switch (g->kind) {
    case DMV_GRID_LEADING: { /* (arange(0, N) * (T // N)).round()[::-1] + steps_offset */
        long ratio = T / n;
        for (k = 0; k < n; k++)
            s[k] = (double) ((n - 1 - k) * ratio + g->steps_offset) + 1.0;
        break;
    }
    case DMV_GRID_TRAILING: { /* round(arange(T, 0, -T/N)) - 1 */
        double r = (double) T / (double) n, first = (double) T, second = first - r, delta = second - first;
        double len = ceil((double) T / r);
        if (len != (double) n)
            return dmv_error_set(err, DMV_EINVAL,
                                 "grid trailing: numpy's arange(%ld, 0, -%ld/%ld) has %g entries, not %ld steps", T,
                                 T, n, len, n);
        for (k = 0; k < n; k++) {
            double y = k == 0 ? first : k == 1 ? second : first + (double) k * delta;
            s[k] = nearbyint(y); /* tau = round(y) - 1, t = tau + 1 */
        }
        break;
    }
    case DMV_GRID_LINSPACE: { /* linspace(0, T - 1, N).round()[::-1] */
        double step = n > 1 ? (double) (T - 1) / (double) (n - 1) : 0.0;
        for (k = 0; k < n; k++) {
            long j = n - 1 - k; /* linspace index */
            double y = (n > 1 && j == n - 1) ? (double) (T - 1) : (double) j * step;
            s[k] = nearbyint(y) + 1.0;
        }
        break;
    }
    default:
        return dmv_error_set(err, DMV_EINVAL, "grid kind = %d: not a diffusers spacing", (int) g->kind);
    }
    s[n] = g->set_alpha_to_one ? 0.0 : 1.0;
    if (!(s[0] <= (double) T))
        return dmv_error_set(err, DMV_EINVAL,
                             "grid %s, %ld steps, steps_offset %ld: first timestep %g is beyond T - 1 = %ld",
                             dmv_grid_name(g->kind), n, g->steps_offset, s[0] - 1, T - 1);
    for (k = 0; k < n; k++)
        if (!(s[k] > s[k + 1]))
            return dmv_error_set(err, DMV_EINVAL,
                                 "grid %s with %ld steps (steps_offset %ld, set_alpha_to_one %d): points %ld and %ld "
                                 "(t = %g, %g) are not decreasing (diffusers' step there is the identity)",
                                 dmv_grid_name(g->kind), n, g->steps_offset, g->set_alpha_to_one, k, k + 1, s[k],
                                 s[k + 1]);
    return DMV_OK;
}

int dmv_fast_grid(double *s, const dmv_grid *g, const dmv_process *p, dmv_error *err)
{
    long n = g->steps, k;
    double T = p->t_max, eps = g->eps;
    if (n < 1)
        return dmv_error_set(err, DMV_EINVAL, "grid steps = %ld: need at least 1", n);
    if (dmv_grid_is_diffusers(g->kind))
        return diffusers_grid(s, g, p, err);
    if (!(eps >= 0) || !(eps < T))
        return dmv_error_set(err, DMV_EINVAL, "grid eps = %g: need 0 <= eps < t_max = %g", eps, T);
    if (g->kind == DMV_GRID_FILE) { /* the user's exact points (docs/conventions.md) */
        if (g->points == NULL)
            return dmv_error_set(err, DMV_EINVAL, "grid file: no points");
        for (k = 0; k <= n; k++)
            s[k] = g->points[k];
        if (!(s[0] == T))
            return dmv_error_set(err, DMV_EINVAL, "grid file: first point %.17g differs from t_max = %.17g", s[0], T);
        for (k = 0; k < n; k++)
            if (!(s[k] > s[k + 1]) || !(s[k + 1] >= 0))
                return dmv_error_set(err, DMV_EINVAL,
                                     "grid file with %ld steps: points %ld and %ld (%.17g, %.17g) are not decreasing "
                                     "and >= 0",
                                     n, k, k + 1, s[k], s[k + 1]);
        return DMV_OK;
    }
    if ((g->kind == DMV_GRID_LOGSNR || g->kind == DMV_GRID_KARRAS || g->kind == DMV_GRID_KARRAS_ZERO) && !(eps > 0))
        return dmv_error_set(err, DMV_EINVAL, "grid eps = %g: the %s grid needs eps > 0", eps,
                             dmv_grid_name(g->kind));
    if ((g->kind == DMV_GRID_KARRAS || g->kind == DMV_GRID_KARRAS_ZERO) && !(g->rho > 0))
        return dmv_error_set(err, DMV_EINVAL, "grid rho = %g: need rho > 0", g->rho);
    switch (g->kind) {
    case DMV_GRID_UNIFORM: {
        double h = (T - eps) / (double) n;
        for (k = 1; k < n; k++)
            s[k] = T - (double) k * h;
        break;
    }
    case DMV_GRID_LOGSNR: {
        double lt = dmv_fast_process_logsnr(p, T), le = dmv_fast_process_logsnr(p, eps);
        for (k = 1; k < n; k++)
            s[k] = dmv_fast_process_logsnr_inv(p, lt + ((double) k / (double) n) * (le - lt));
        break;
    }
    case DMV_GRID_KARRAS: {
        double a = pow(sigma_hat(p, T), 1 / g->rho), b = pow(sigma_hat(p, eps), 1 / g->rho);
        for (k = 1; k < n; k++)
            s[k] = sigma_hat_inv(p, pow(a + ((double) k / (double) n) * (b - a), g->rho));
        break;
    }
    case DMV_GRID_KARRAS_ZERO: {
        /* k-diffusion's get_sigmas_karras(N, eps, T, rho): N points from T to eps on N - 1 Karras
         * intervals, then 0 appended */
        double a = pow(sigma_hat(p, T), 1 / g->rho), b = pow(sigma_hat(p, eps), 1 / g->rho);
        for (k = 1; k < n - 1; k++)
            s[k] = sigma_hat_inv(p, pow(a + ((double) k / (double) (n - 1)) * (b - a), g->rho));
        s[0] = T;
        if (n >= 2)
            s[n - 1] = eps;
        s[n] = 0.0;
        goto check;
    }
    case DMV_GRID_QUADRATIC:
        for (k = 1; k < n; k++) {
            double q = (double) (n - k) / (double) n;
            s[k] = eps + (T - eps) * (q * q);
        }
        break;
    default:
        return dmv_error_set(err, DMV_EINVAL, "grid kind = %d: unknown", (int) g->kind);
    }
    s[0] = T;
    s[n] = eps;
check:
#ifdef DMV_FAULT_INJECTION
    if (g->kind == DMV_GRID_KARRAS) { /* karras_point=K:R: interior point K times (1 + R) */
        double r = NAN, kk = dmv_fast_fault("karras_point", &r);
        if (!isnan(kk) && kk > 0 && (long) kk < n && !isnan(r))
            s[(long) kk] *= 1 + r;
    }
#endif
    for (k = 0; k < n; k++)
        if (!(s[k] > s[k + 1]))
            return dmv_error_set(err, DMV_EINVAL,
                                 "grid %s with %ld steps: points %ld and %ld (%.17g, %.17g) are not decreasing",
                                 dmv_grid_name(g->kind), n, k, k + 1, s[k], s[k + 1]);
    return DMV_OK;
}
