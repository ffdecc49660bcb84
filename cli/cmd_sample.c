/* dmverify sample: run a scheme on a model; write samples (.npy, float64) and/or
 * statistics (JSON with the sample hash). docs/sample.md. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "args.h"
#include "cli.h"
#include "dmv/fast.h"
#include "dmv/npy.h"
#include "dmv/report.h"
#include "dmv/cleanup.h"
#include "dmv/path.h"
#include "model_opts.h"
#include "mpi_layer.h"
#include "problem_opts.h"
#include "progress.h"

static void sample_help(void)
{
    printf("usage: dmverify sample [problem options] [model options] --n N [--threads T] [--batch B]\n"
           "                       [--out FILE.npy] [--stats FILE.json] [--quiet]\n"
           "       dmverify sample --problem P.json [--n N] [--threads T] [--batch B] [--out ...]\n"
           "                       [--stats ...] [--quiet]\n\n"
           "Runs a scheme (double precision, Philox noise) on a model and writes the samples\n"
           "and/or their statistics. The noise of sample i, step k, coordinate j depends only on\n"
           "(seed, i, k, j): samples, statistics and the hash are bit-identical for any --threads\n"
           "and --batch (see docs/sample.md), except for ulp-bounded models (dense Gaussian, GEMM\n"
           "empirical: the stats JSON says bit_exact false).\n\n");
    printf("%s", dmv_cli_problem_help());
    printf("  (--lambda/--spectrum/--mean are the data of gaussian, gaussian-dense and perturbed;\n"
           "   --init exact needs a Gaussian model)\n\n");
    printf("%s", dmv_cli_model_help());
    printf("\n  --problem P.json   the whole problem (process, grid, scheme, init, model, n, seed) from a\n"
           "                     JSON problem file (docs/problem-file.md); problem and model options are\n"
           "                     then refused; --n/--threads/--batch given here replace the file's\n");
    printf("\nsampler options:\n");
    printf("  --n N              number of samples (required, >= 1)\n"
           "  --threads T        worker threads (default 1)\n"
           "  --batch B          rows per scheme call and thread (default %d); memory ~ 5 B d doubles per thread\n"
           "  --out FILE.npy     write the samples, n x d float64 (atomically)\n"
           "  --stats FILE.json  write per-coordinate mean and variance, non-finite count and the\n"
           "                     sample hash (sha256-chunk128), atomically\n"
           "  --quiet            no progress on stderr (else: a line redrawn on a terminal, a line\n"
           "                     every few seconds otherwise, with an ETA)\n"
           "Without --out and --stats only a summary line (n, d, hash) is printed.\n"
           "Every path is checked before the run (exit 2 naming it): --out and --stats must be\n"
           "two different files in existing writable folders. Ctrl-C (SIGINT) or SIGTERM removes\n"
           "the temporary files and exits 130 or 143.\n"
           "exit status: 0 done, 2 usage or input error, 1 the run failed (e.g. I/O)\n",
           DMV_FAST_BATCH_DEFAULT);
}

typedef struct {
    dmv_cli_progress pr;
    long n;
} progress_state;

static void progress(void *ctx, double fraction)
{
    progress_state *p = (progress_state *) ctx;
    char detail[64];
    snprintf(detail, sizeof detail, "(%ld/%ld)", (long) floor(fraction * (double) p->n + 0.5), p->n);
    dmv_cli_progress_update(&p->pr, "sample", fraction, detail);
}

typedef struct {
    dmv_npy_writer *w;
    dmv_error *err;
} npy_sink_ctx;

static int npy_sink(void *ctx, long first, long rows, const double *x)
{
    npy_sink_ctx *s = (npy_sink_ctx *) ctx;
    (void) first;
    return dmv_npy_writer_append(s->w, x, rows, s->err);
}

static char *stats_json(const dmv_cli_problem *cp, const char *problem_path, const char *model, const dmv_cli_model *cm,
                        const dmv_fast_stats *st, int threads, long batch, double seconds)
{
    const dmv_problem *pb = &cp->problem;
    cJSON *root = cJSON_CreateObject(), *o;
    double *var = NULL;
    char seed[32], *text;
    long j;
    if (root == NULL)
        return NULL;
    cJSON_AddStringToObject(root, "command", "sample");
    if (problem_path != NULL)
        cJSON_AddStringToObject(root, "problem", problem_path);
    cJSON_AddStringToObject(root, "model", model);
    if (cm->record != NULL) /* name, files with their SHA-256, d, bit_exact (docs/model-file.md) */
        cJSON_AddItemToObject(root, "model_spec", cJSON_Duplicate((const cJSON *) cm->record, 1));
    o = cJSON_AddObjectToObject(root, "process");
    cJSON_AddStringToObject(o, "kind", dmv_process_name(pb->process.kind));
    cJSON_AddNumberToObject(o, "beta_min", pb->process.beta_min);
    cJSON_AddNumberToObject(o, "beta_max", pb->process.beta_max);
    cJSON_AddNumberToObject(o, "cosine_offset", pb->process.cosine_offset);
    cJSON_AddNumberToObject(o, "t_max", pb->process.t_max);
    o = cJSON_AddObjectToObject(root, "grid");
    cJSON_AddStringToObject(o, "kind", dmv_grid_name(pb->grid.kind));
    cJSON_AddNumberToObject(o, "steps", (double) pb->grid.steps);
    cJSON_AddNumberToObject(o, "eps", pb->grid.eps);
    cJSON_AddNumberToObject(o, "rho", pb->grid.rho);
    o = cJSON_AddObjectToObject(root, "scheme");
    cJSON_AddStringToObject(o, "kind", dmv_scheme_name(pb->scheme.kind));
    cJSON_AddNumberToObject(o, "eta", pb->scheme.eta);
    o = cJSON_AddObjectToObject(root, "init");
    cJSON_AddStringToObject(o, "kind", dmv_init_name(pb->init.kind));
    if (pb->init.kind == DMV_INIT_GAUSSIAN) {
        cJSON_AddNumberToObject(o, "mean", pb->init.mean);
        cJSON_AddNumberToObject(o, "var", pb->init.var);
    }
    if (cp->spectrum_path)
        cJSON_AddStringToObject(root, "spectrum", cp->spectrum_path);
    snprintf(seed, sizeof seed, "%llu", (unsigned long long) pb->seed);
    cJSON_AddStringToObject(root, "seed", seed); /* a string: JSON numbers lose 64-bit integers */
    cJSON_AddNumberToObject(root, "n", (double) st->n);
    cJSON_AddNumberToObject(root, "d", (double) st->d);
    cJSON_AddNumberToObject(root, "threads", threads);
    cJSON_AddNumberToObject(root, "batch", (double) batch);
    cJSON_AddStringToObject(root, "noise_variant", dmv_fast_noise_variant()); /* fast/noise.c: same bits in all */
    o = cJSON_AddObjectToObject(root, "hash");
    cJSON_AddStringToObject(o, "name", st->hash_name);
    cJSON_AddStringToObject(o, "value", st->hash);
    cJSON_AddStringToObject(o, "definition",
                            "SHA-256 of the concatenated SHA-256 digests of consecutive blocks of 128 samples, "
                            "each block hashed as its rows' float64 little-endian bytes, row-major");
    cJSON_AddBoolToObject(root, "bit_exact", st->bit_exact);
    if (!st->bit_exact)
        cJSON_AddStringToObject(root, "bit_exact_note",
                                "ulp-bounded model (BLAS GEMM): samples and hash may change at the ulp level "
                                "with --batch/--threads; compare statistics, not hashes");
    cJSON_AddNumberToObject(root, "nonfinite_values", (double) st->nonfinite);
    cJSON_AddNumberToObject(root, "nonfinite_samples", (double) st->nonfinite_rows);
    cJSON_AddNumberToObject(root, "seconds", seconds);
    var = (double *) malloc((size_t) (st->d > 0 ? st->d : 1) * sizeof(double));
    if (var != NULL) {
        for (j = 0; j < st->d; j++)
            var[j] = st->n > 1 ? st->m2[j] / (double) (st->n - 1) : NAN;
        /* cJSON writes non-finite numbers as null */
        cJSON_AddItemToObject(root, "mean", cJSON_CreateDoubleArray(st->mean, (int) st->d));
        cJSON_AddItemToObject(root, "var", cJSON_CreateDoubleArray(var, (int) st->d));
        free(var);
    }
    text = cJSON_Print(root);
    cJSON_Delete(root);
    return text;
}

int dmv_cli_sample(int argc, char **argv)
{
    dmv_cli_problem cp;
    dmv_error err;
    dmv_cli_model_opts mo;
    dmv_cli_model cm;
    dmv_fast_job job;
    dmv_fast_stats st;
    dmv_npy_writer npw;
    npy_sink_ctx sctx;
    progress_state ps;
    const char *model_name, *out_path = NULL, *stats_path = NULL, *val, *problem_path = NULL, *cli_opt = NULL;
    long n = 0, batch = DMV_FAST_BATCH_DEFAULT, threads = 1, j;
    int i, r, at, quiet = 0, rc, status = DMV_EXIT_PASS, npy_open = 0, threads_given = 0, batch_given = 0;
    dmv_problem_file pf;
    dmv_fast_model pred_model;
    int pred_ready = 0;
    char *json = NULL;
    double t0;

    dmv_cli_problem_init(&cp);
    dmv_problem_file_init(&pf);
    dmv_cli_model_opts_init(&mo);
    dmv_cli_model_init(&cm);
    dmv_error_init(&err);
    (void) dmv_cleanup_install_signals(); /* Ctrl-C: remove the temporary files, exit 130 */
    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            sample_help();
            dmv_cli_problem_clear(&cp);
            dmv_cli_model_opts_clear(&mo);
            return DMV_EXIT_PASS;
        }
        at = i;
        r = dmv_cli_problem_parse(&cp, argc, argv, &i, &err);
        if (r < 0) {
            fprintf(stderr, "dmverify sample: %s\n", err.msg);
            goto usage;
        }
        if (r == 0) {
            r = dmv_cli_model_opts_parse(&mo, argc, argv, &i, &err);
            if (r < 0) {
                fprintf(stderr, "dmverify sample: %s\n", err.msg);
                goto usage;
            }
        }
        if (r > 0) {
            if (cli_opt == NULL)
                cli_opt = argv[at]; /* refused together with --problem */
            continue;
        }
        if ((r = dmv_cli_option("--problem", argc, argv, &i, &val)) != 0) {
            if (r < 0)
                goto usage;
            if (*val == '\0') {
                fprintf(stderr, "dmverify sample: --problem '': needs a JSON problem file\n");
                goto usage;
            }
            problem_path = val;
        } else if ((r = dmv_cli_option("--n", argc, argv, &i, &val)) != 0) {
            if (r < 0 || dmv_cli_parse_long(&n, "--n", val, 1, 1L << 52) < 0)
                goto usage;
        } else if ((r = dmv_cli_option("--threads", argc, argv, &i, &val)) != 0) {
            if (r < 0 || dmv_cli_parse_long(&threads, "--threads", val, 1, 1024) < 0)
                goto usage;
            threads_given = 1;
        } else if ((r = dmv_cli_option("--batch", argc, argv, &i, &val)) != 0) {
            if (r < 0 || dmv_cli_parse_long(&batch, "--batch", val, 1, 1L << 24) < 0)
                goto usage;
            batch_given = 1;
        } else if ((r = dmv_cli_option("--out", argc, argv, &i, &val)) != 0) {
            if (r < 0)
                goto usage;
            if (*val == '\0') {
                fprintf(stderr, "dmverify sample: --out '': needs a file name\n");
                goto usage;
            }
            out_path = val;
        } else if ((r = dmv_cli_option("--stats", argc, argv, &i, &val)) != 0) {
            if (r < 0)
                goto usage;
            if (*val == '\0') {
                fprintf(stderr, "dmverify sample: --stats '': needs a file name\n");
                goto usage;
            }
            stats_path = val;
        } else if (strcmp(argv[i], "--quiet") == 0) {
            quiet = 1;
        } else {
            fprintf(stderr, "dmverify sample: unknown option '%s' (see --help)\n", argv[i]);
            goto usage;
        }
    }
    if (problem_path != NULL) {
        /* one source of the problem: the file (docs/problem-file.md); validated before any work */
        if (cli_opt != NULL) {
            char name[64];
            snprintf(name, sizeof name, "%.*s", (int) strcspn(cli_opt, "="), cli_opt);
            fprintf(stderr, "dmverify sample: --problem %s and %s: the problem file gives the whole problem "
                            "(process, grid, scheme, init, model, seed); edit the file instead of giving %s\n",
                    problem_path, name, name);
            goto usage;
        }
        if (dmv_path_check_input(problem_path, "--problem", &err) != DMV_OK ||
            dmv_problem_file_read(&pf, problem_path, &err) != DMV_OK) {
            fprintf(stderr, "dmverify sample: %s\n", err.msg);
            goto usage;
        }
        if (pf.continuous != DMV_PROBLEM_SCHEME) {
            fprintf(stderr, "dmverify sample: problem %s: scheme.kind = \"%s\": the exact continuous law has no "
                            "sampler (use 'dmverify exact --problem %s')\n", problem_path,
                    pf.continuous == DMV_PROBLEM_SDE ? "sde" : "ode", problem_path);
            goto usage;
        }
        dmv_cli_problem_from_file(&cp, &pf);
        if (n < 1)
            n = pf.n;
        if (!threads_given && pf.threads > 0)
            threads = pf.threads;
        if (!batch_given && pf.batch > 0)
            batch = pf.batch;
        if (n < 1) {
            fprintf(stderr, "dmverify sample: problem %s: no n: give \"n\" in the file or --n\n", problem_path);
            goto usage;
        }
    }
    if (n < 1) {
        fprintf(stderr, "dmverify sample: --n is required (the number of samples, >= 1)\n");
        goto usage;
    }
    /* every path before any work: outputs writable and distinct, inputs readable */
    if ((out_path && dmv_path_check_output(out_path, "--out", &err) != DMV_OK) ||
        (stats_path && dmv_path_check_output(stats_path, "--stats", &err) != DMV_OK) ||
        (cp.spectrum_path && !cp.lambda_buf &&
         dmv_path_check_input(cp.spectrum_path, "--spectrum", &err) != DMV_OK) ||
        (mo.file && dmv_path_check_input(mo.file, "--model-file", &err) != DMV_OK) ||
        (mo.train && dmv_path_check_input(mo.train, "--train", &err) != DMV_OK) ||
        (mo.basis && strcmp(mo.basis, "dct") != 0 && strcmp(mo.basis, "identity") != 0 &&
         dmv_path_check_input(mo.basis, "--basis", &err) != DMV_OK)) {
        fprintf(stderr, "dmverify sample: %s\n", err.msg);
        goto usage;
    }
    if (out_path && dmv_mpi_size() > 1) { /* the rows are not gathered across ranks (docs/scale-out.md) */
        fprintf(stderr, "dmverify sample: --out %s: writing samples needs one process (%d MPI ranks); use "
                        "--stats, or run --out without mpirun\n", out_path, dmv_mpi_size());
        goto usage;
    }
    if (out_path && stats_path && dmv_path_same(out_path, stats_path)) {
        fprintf(stderr, "dmverify sample: --out %s and --stats %s are the same file: give two files\n", out_path,
                stats_path);
        goto usage;
    }
    if (problem_path != NULL || !dmv_cli_model_opts_uses_gaussian(&mo)) {
        /* the model carries its own data (and dimension) */
        const char *what = mo.file ? "--model-file" : "--model empirical";
        if (cp.lambda_buf != NULL || cp.spectrum_path != NULL || cp.mean_buf != NULL) {
            fprintf(stderr, "dmverify sample: %s: the model gives the data: no --lambda, --spectrum or --mean\n",
                    what);
            goto usage;
        }
        char pwhat[1100];
        snprintf(pwhat, sizeof pwhat, "problem %s: model", problem_path ? problem_path : "");
        if ((problem_path != NULL ? dmv_cli_model_build_spec(&cm, &pf.model, pwhat, &err)
                                  : dmv_cli_model_build(&cm, &mo, NULL, &err)) != DMV_OK) {
            fprintf(stderr, "dmverify sample: %s\n", err.msg);
            goto usage;
        }
        /* the problem options still want eigenvalues: unit placeholders of the model's dimension
         * (never used: the initial law's basis and data come from the model, cm.init_data) */
        cp.lambda_len = cm.top->dim;
        cp.lambda_buf = (double *) malloc((size_t) cm.top->dim * sizeof(double));
        if (cp.lambda_buf == NULL) {
            fprintf(stderr, "dmverify sample: out of memory\n");
            goto usage;
        }
        for (j = 0; j < cm.top->dim; j++)
            cp.lambda_buf[j] = 1.0;
    }
    if (dmv_cli_problem_finish(&cp, &err) != DMV_OK) {
        fprintf(stderr, "dmverify sample: %s%s%s%s\n", problem_path ? "problem " : "",
                problem_path ? problem_path : "", problem_path ? ": " : "", err.msg);
        goto usage;
    }
    if (cp.continuous != DMV_CLI_SCHEME) {
        fprintf(stderr, "dmverify sample: --scheme %s: the exact continuous law has no sampler "
                        "(use 'dmverify exact')\n", cp.continuous == DMV_CLI_EXACT_SDE ? "sde" : "ode");
        goto usage;
    }
    cp.problem.n_samples = n;
    if (problem_path == NULL && dmv_cli_model_opts_uses_gaussian(&mo) && dmv_cli_model_build(&cm, &mo, &cp.problem.data, &err) != DMV_OK) {
        fprintf(stderr, "dmverify sample: --model %s: %s\n", mo.kind, err.msg);
        goto usage;
    }
    if (cp.problem.init.kind == DMV_INIT_EXACT && cm.init_data == NULL) {
        fprintf(stderr, "dmverify sample: --init exact: needs a Gaussian model given by eigenpairs (gaussian, "
                        "gaussian-dense, perturbed, or a gaussian model file with lambda, or a perturbed one), "
                        "not %s\n",
                problem_path ? problem_path : mo.file ? mo.file : mo.kind);
        goto usage;
    }
    model_name = (mo.file || problem_path) ? cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive((cJSON *) cm.record, "kind"))
                         : mo.kind;
    if (cp.prediction != DMV_PREDICTION_SAMPLE) { /* the output parametrisation (docs/conventions.md s.5) */
        if (dmv_fast_model_prediction_init(&pred_model, cm.top, cp.prediction, cp.sigma_data, &err) != DMV_OK) {
            fprintf(stderr, "dmverify sample: --prediction-type %s: %s\n", dmv_prediction_name(cp.prediction),
                    err.msg);
            goto usage;
        }
        pred_ready = 1;
    }
    dmv_fast_job_init(&job);
    job.process = &cp.problem.process;
    job.grid = &cp.problem.grid;
    job.scheme = &cp.problem.scheme;
    job.init = &cp.problem.init;
    job.init_basis_data = cm.init_data;
    job.model = pred_ready ? &pred_model : cm.top;
    job.n = n;
    job.seed = cp.problem.seed;
    job.threads = (int) threads;
    job.batch = batch;
    dmv_fast_stats_init(&st);
    dmv_npy_writer_init(&npw);
    if (out_path) {
        long shape[2];
        shape[0] = n, shape[1] = cm.top->dim;
        if ((rc = dmv_npy_writer_open(&npw, out_path, 2, shape, &err)) != DMV_OK) {
            fprintf(stderr, "dmverify sample: --out %s: %s\n", out_path, err.msg);
            status = DMV_EXIT_USAGE;
            goto done;
        }
        npy_open = 1;
    }
    sctx.w = &npw;
    sctx.err = &err;
    t0 = dmv_cli_now();
    dmv_cli_progress_init(&ps.pr, quiet);
    ps.n = n;
    rc = dmv_fast_sample(&st, &job, out_path ? npy_sink : NULL, &sctx, progress, &ps, &err);
    dmv_cli_progress_done(&ps.pr);
    if (rc != DMV_OK) {
        fprintf(stderr, "dmverify sample: %s: %s\n", dmv_error_name(rc), err.msg);
        /* bad parameters found by the sampler (e.g. DDPM with h g^2 >= 1) are input errors */
        status = (rc == DMV_EINVAL || rc == DMV_EDOM) ? DMV_EXIT_USAGE : DMV_EXIT_FAIL;
        goto done;
    }
    if (stats_path) {
        json = stats_json(&cp, problem_path, model_name, &cm, &st, (int) threads, batch, dmv_cli_now() - t0);
        if (json == NULL) {
            fprintf(stderr, "dmverify sample: out of memory writing the statistics\n");
            status = DMV_EXIT_FAIL;
            goto done;
        }
    }
    if (npy_open) {
        if ((rc = dmv_npy_writer_close(&npw, &err)) != DMV_OK) {
            fprintf(stderr, "dmverify sample: --out %s: %s\n", out_path, err.msg);
            status = DMV_EXIT_FAIL;
            goto done;
        }
        npy_open = 0;
    }
    dmv_mpi_sync(); /* every rank got here: rank 0 may write */
    if (stats_path && dmv_mpi_is_root() && (rc = dmv_report_write_atomic(stats_path, json, strlen(json), &err)) != DMV_OK) {
        fprintf(stderr, "dmverify sample: --stats %s: %s\n", stats_path, err.msg);
        status = DMV_EXIT_FAIL;
        goto done;
    }
    printf("sample: n %ld, d %ld, scheme %s, %ld steps, seed %llu: %s %s%s\n", st.n, st.d,
           dmv_scheme_name(cp.problem.scheme.kind), cp.problem.grid.steps, (unsigned long long) cp.problem.seed,
           st.hash_name, st.hash, st.nonfinite ? " (NON-FINITE VALUES)" : "");
    if (st.nonfinite)
        fprintf(stderr, "dmverify sample: %ld non-finite values in %ld samples (e.g. eps = 0 with a null "
                        "eigenvalue for Heun/RK4)\n", st.nonfinite, st.nonfinite_rows);
done:
    (void) npy_open;
    dmv_npy_writer_clear(&npw); /* after a failure: removes the temporary, never a half-written file */
    cJSON_free(json);
    dmv_fast_stats_clear(&st);
    if (pred_ready)
        dmv_fast_model_clear(&pred_model);
    dmv_cli_model_clear(&cm);
    dmv_cli_model_opts_clear(&mo);
    dmv_problem_file_clear(&pf);
    dmv_cli_problem_clear(&cp);
    return status;
usage:
    if (pred_ready)
        dmv_fast_model_clear(&pred_model);
    dmv_cli_model_clear(&cm);
    dmv_cli_model_opts_clear(&mo);
    dmv_problem_file_clear(&pf);
    dmv_cli_problem_clear(&cp);
    return DMV_EXIT_USAGE;
}
