/* Private to fast/: the compiled plan of a job and the per-thread workspace. */
#ifndef DMV_FAST_INTERNAL_H
#define DMV_FAST_INTERNAL_H

#include "dmv/fast.h"

typedef struct {
    const dmv_fast_model *model;
    const dmv_process *process;
    dmv_scheme scheme;
    long d, steps;
    uint64_t seed;
    double *s;          /* steps + 1 grid points */
    double *m0, *sd0;   /* initial law per eigen-direction: mean, standard deviation */
    const double *basis; /* d x d row-major U, or NULL (identity) */
} dmv_fast_plan;

typedef struct {
    long cap;           /* rows */
    double *y, *D, *w1, *w2, *w3; /* cap x d each */
    double *z, *xt;     /* d each */
    void *mws;          /* model workspace */
} dmv_fast_work;

int dmv_fast_plan_init(dmv_fast_plan *pl, const dmv_fast_job *job, dmv_error *err);
void dmv_fast_plan_clear(dmv_fast_plan *pl);
int dmv_fast_work_init(dmv_fast_work *w, const dmv_fast_plan *pl, long rows, dmv_error *err);
void dmv_fast_work_clear(dmv_fast_work *w);
/* Runs samples first .. first+n-1 (n <= w->cap) through the whole scheme; the result is in w->y. */
int dmv_fast_plan_run(const dmv_fast_plan *pl, dmv_fast_work *w, long first, long n, dmv_error *err);

#endif
