/* Helpers shared by the files of stats/ (not part of the public API). */
#ifndef DMV_STATS_INTERNAL_H
#define DMV_STATS_INTERNAL_H

/* log Gamma(a+1) - log(sqrt(2 pi a) (a/e)^a) */
double dmv_stat_stirlerr(double a);
/* log Gamma(a+1), a > 0 (without lgamma's global signgam) */
double dmv_stat_lgamma1p(double a);
/* x log(x/M) + M - x, accurate when x ~ M */
double dmv_stat_bd0(double x, double M);
/* log(x^a e^-x / Gamma(a+1)) */
double dmv_stat_log_poisson_prefactor(double a, double x);
/* log P(a,x) and log Q(a,x); returns -1 (and NaNs) for invalid arguments */
int dmv_stat_gamma_log_tails(double a, double x, double *lp, double *lq);
/* log of the binomial probability C(n,k) p^k q^(n-k), q = 1 - p given separately */
double dmv_stat_log_dbinom(double k, double n, double p, double q);

#endif
