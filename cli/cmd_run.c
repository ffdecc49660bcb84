/* dmverify run: check claims, print a summary, write the reports. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "args.h"
#include "cli.h"
#include "mpi_layer.h"
#include "data.h"
#include "dmv/claim.h"
#include "dmv/cleanup.h"
#include "dmv/path.h"
#include "dmv/report.h"
#include "dmv/str.h"

static void run_help(void)
{
    printf("usage: dmverify run [options]\n\n"
           "Checks claims and writes report.json, report.md, junit.xml and report.html.\n\n"
           "  --claims LIST      comma-separated claim ids or globs (e.g. 'pg.*,pg.law.em');\n"
           "                     may be repeated; default: the default suite ('dmverify list' marks it *)\n"
           "  --seed N           seed of every sampler of the run (default 1)\n"
           "  --threads N        worker threads for the samplers (default 1; results do not depend on it)\n"
           "  --alpha A          family-wise false-alarm level (default 1e-3); each claim gets\n"
           "                     alpha / (claims in the registry), Holm within the claim\n"
           "  --quick            smaller budgets (the quick suite; without --claims it also leaves out the\n"
           "                     claims that have no smaller budget, e.g. pg.table)\n"
           "  --samples N        sample budget of each in-law claim (default 100000; 10000 with --quick)\n"
           "  --data-dir DIR     folder with the published data (cifar10_eigenvalues.npy,\n"
           "                     pierret_galerne_table.csv); default: $DMV_DATA_DIR, else the installed\n"
           "                     share/dmverify/data, else the source tree's data/. A folder that does not\n"
           "                     exist or lacks a file a selected claim needs is an error (exit 2)\n"
           "  --report-dir DIR   where to write the reports (default reports/latest)\n"
           "  --gate OLD.json    after the run, compare with a baseline report (see 'dmverify gate')\n"
           "  --no-progress      do not print progress on stderr\n\n"
           "Every path (report folder, baseline, data files) is checked before any compute.\n"
           "Ctrl-C (SIGINT) or SIGTERM removes the temporary files and exits 130 or 143.\n"
           "exit status: 0 every selected claim passed, 1 some claim failed (or the gate failed),\n"
           "             2 usage or input error, 3 some claim inconclusive and none failed\n");
}

typedef struct {
    long done, total;
    double t0, last; /* start of the current claim, last progress line */
} progress_state;

static double wall(void)
{
    struct timespec ts;
    timespec_get(&ts, TIME_UTC);
    return (double) ts.tv_sec + 1e-9 * (double) ts.tv_nsec;
}

static void progress(void *ctx, const char *id, double fraction, const char *what)
{
    progress_state *ps = ctx;
    double now = wall();
    if (fraction <= 0.0 && strcmp(what, "start") == 0) {
        ps->t0 = ps->last = now;
        fprintf(stderr, "[%ld/%ld] %s ...\n", ps->done + 1, ps->total, id);
    } else if (fraction >= 1.0 && (strcmp(what, "pass") == 0 || strcmp(what, "fail") == 0 ||
                                   strcmp(what, "inconclusive") == 0)) { /* the run's end-of-claim call */
        ps->done++;
        fprintf(stderr, "[%ld/%ld] %s: %s (%.2f s)\n", ps->done, ps->total, id, what, now - ps->t0);
    } else if (now - ps->last >= 3.0) { /* long checks: full lines, one every three seconds at most */
        char el[32], eta[32];
        ps->last = now;
        dmv_format_duration(el, sizeof el, now - ps->t0);
        if (fraction > 0 && fraction < 1)
            dmv_format_duration(eta, sizeof eta, (now - ps->t0) * (1 - fraction) / fraction);
        else
            snprintf(eta, sizeof eta, "?");
        fprintf(stderr, "      %s: %3.0f%% %s, %s elapsed, ETA %s\n", id, 100.0 * fraction, what, el, eta);
    }
}

/* Splits comma-separated lists into patterns (in place). */
static int add_patterns(char *list, char ***pats, long *n)
{
    char *tok = list, *comma;
    for (;;) {
        char **p;
        comma = strchr(tok, ',');
        if (comma != NULL)
            *comma = '\0';
        if (*tok != '\0') {
            p = realloc(*pats, (size_t) (*n + 1) * sizeof **pats);
            if (p == NULL)
                return -1;
            *pats = p;
            (*pats)[(*n)++] = tok;
        }
        if (comma == NULL)
            return 0;
        tok = comma + 1;
    }
}

/* The claims the run checks (as dmv_run_claims selects them), into sel (may be NULL); returns how many. */
static long select_claims(const dmv_claim **sel, char **pats, long npat, int quick)
{
    long i, j, n = 0;
    for (i = 0; i < dmv_claim_count(); i++) {
        const dmv_claim *c = dmv_claim_get(i);
        int in = (npat == 0) ? (c->in_default == DMV_SUITE_DEFAULT ||
                                (c->in_default == DMV_SUITE_FULL_ONLY && !quick))
                             : 0;
        for (j = 0; j < npat && !in; j++)
            in = dmv_claim_match(pats[j], c->id);
        if (in && sel != NULL)
            sel[n] = c;
        n += in;
    }
    return n;
}

static long count_selected(char **pats, long npat, int quick)
{
    return select_claims(NULL, pats, npat, quick);
}

/* The report folder, the baseline and the data, before any compute. DMV_OK or a message in err. */
static int check_paths(const char *report_dir, const char *gate, dmv_cli_data *data, const char *data_dir,
                       char **pats, long npat, int quick, dmv_error *err)
{
    static const char *const names[] = {"report.json", "report.md", "junit.xml", "report.html"};
    const dmv_claim **sel;
    char path[4096];
    size_t k;
    long n;
    int rc;
    if ((rc = dmv_path_check_output_dir(report_dir, "--report-dir", err)) != DMV_OK)
        return rc;
    for (k = 0; k < sizeof names / sizeof names[0]; k++) { /* existing reports are replaced: regular files only */
        dmv_error e2;
        dmv_error_init(&e2);
        snprintf(path, sizeof path, "%s/%s", report_dir, names[k]);
        if (dmv_path_check_input(path, "--report-dir", &e2) == DMV_EINVAL) /* a missing report is fine */
            return dmv_error_set(err, DMV_EINVAL, "--report-dir %s: %s exists and is not a regular file",
                                 report_dir, path);
    }
    if (gate != NULL) {
        if ((rc = dmv_path_check_input(gate, "--gate", err)) != DMV_OK)
            return rc;
        snprintf(path, sizeof path, "%s/report.json", report_dir);
        if (dmv_path_same(gate, path))
            return dmv_error_set(err, DMV_EINVAL,
                                 "--gate %s is the report this run writes (%s): the baseline would be overwritten "
                                 "before the comparison; copy it elsewhere or give another --report-dir",
                                 gate, path);
        if ((rc = dmv_gate_baseline_check(gate, err)) != DMV_OK) /* its schema and claims */
            return rc;
    }
    if ((rc = dmv_cli_data_resolve(data, data_dir, err)) != DMV_OK)
        return rc;
    n = count_selected(pats, npat, quick);
    sel = malloc((size_t) (n > 0 ? n : 1) * sizeof *sel);
    if (sel == NULL)
        return dmv_error_set(err, DMV_ENOMEM, "out of memory");
    select_claims(sel, pats, npat, quick);
    rc = dmv_cli_data_prepare(data, sel, n, err);
    free(sel);
    return rc;
}

int dmv_cli_run(int argc, char **argv)
{
    dmv_run run;
    dmv_run_result res;
    dmv_error err;
    dmv_cli_data data;
    progress_state ps = {0, 0, 0.0, 0.0};
    char **pats = NULL;
    long npat = 0, k, threads = 1;
    const char *report_dir = "reports/latest", *gate = NULL, *val, *data_dir = NULL;
    int i, r, status, show_progress = 1;

    dmv_run_default(&run);
    dmv_error_init(&err);
    dmv_cli_data_init(&data);
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            run_help();
            free(pats);
            return DMV_EXIT_PASS;
        } else if (strcmp(a, "--quick") == 0) {
            run.quick = 1;
        } else if (strcmp(a, "--no-progress") == 0) {
            show_progress = 0;
        } else if ((r = dmv_cli_option("--claims", argc, argv, &i, &val)) != 0) {
            if (r < 0 || add_patterns((char *) val, &pats, &npat) != 0)
                goto usage;
        } else if ((r = dmv_cli_option("--seed", argc, argv, &i, &val)) != 0) {
            if (r < 0 || dmv_cli_parse_u64(&run.seed, "--seed", val) != 0)
                goto usage;
        } else if ((r = dmv_cli_option("--threads", argc, argv, &i, &val)) != 0) {
            if (r < 0 || dmv_cli_parse_long(&threads, "--threads", val, 1, 256) != 0)
                goto usage;
            run.threads = (int) threads;
        } else if ((r = dmv_cli_option("--samples", argc, argv, &i, &val)) != 0) {
            if (r < 0 || dmv_cli_parse_long(&run.law_samples, "--samples", val, 2, 1000000000L) != 0)
                goto usage;
        } else if ((r = dmv_cli_option("--alpha", argc, argv, &i, &val)) != 0) {
            if (r < 0 || dmv_cli_parse_double(&run.alpha, "--alpha", val) != 0)
                goto usage;
            if (!(run.alpha > 0 && run.alpha < 1)) {
                fprintf(stderr, "dmverify run: --alpha '%s': must be in (0, 1)\n", val);
                goto usage;
            }
        } else if ((r = dmv_cli_option("--data-dir", argc, argv, &i, &val)) != 0) {
            if (r < 0)
                goto usage;
            data_dir = val;
        } else if ((r = dmv_cli_option("--report-dir", argc, argv, &i, &val)) != 0) {
            if (r < 0)
                goto usage;
            report_dir = val;
        } else if ((r = dmv_cli_option("--gate", argc, argv, &i, &val)) != 0) {
            if (r < 0)
                goto usage;
            gate = val;
        } else {
            fprintf(stderr, "dmverify run: unknown argument '%s' (see 'dmverify run --help')\n", a);
            goto usage;
        }
    }
    if (npat > 0 && count_selected(pats, npat, run.quick) == 0) {
        /* name the first pattern that matches nothing */
        for (k = 0; k < npat; k++)
            if (count_selected(pats + k, 1, run.quick) == 0) {
                fprintf(stderr, "dmverify run: --claims '%s': no claim matches (see 'dmverify list')\n", pats[k]);
                break;
            }
        goto usage;
    }
    /* Fail early: every path is checked (and the data hashed) before any compute. */
    if (check_paths(report_dir, gate, &data, data_dir, pats, npat, run.quick, &err) != DMV_OK) {
        fprintf(stderr, "dmverify run: %s\n", err.msg);
        goto usage;
    }
    run.data_dir = data.dir;
    run.ndata = data.n;
    run.data = data.files;
    if (show_progress && data.n > 0)
        fprintf(stderr, "data: %s (%s), %ld file%s hashed\n", data.dir, data.origin, data.n, data.n == 1 ? "" : "s");
    (void) dmv_cleanup_install_signals(); /* Ctrl-C: remove the temporary report files, exit 130 */
    ps.total = count_selected(pats, npat, run.quick);
    if (show_progress) {
        run.progress = progress;
        run.progress_ctx = &ps;
    }
    status = dmv_run_claims(&res, &run, (const char *const *) pats, npat, &err);
    free(pats);
    pats = NULL;
    if (status != DMV_OK) {
        fprintf(stderr, "dmverify run: %s\n", err.msg[0] ? err.msg : dmv_error_name(status));
        dmv_run_result_clear(&res);
        dmv_cli_data_clear(&data);
        return DMV_EXIT_USAGE;
    }
    printf("%-26s %-17s %s\n", "claim", "verdict", "summary");
    for (k = 0; k < res.n; k++) {
        const dmv_outcome *o = &res.outcomes[k];
        printf("%-26s %-17s %s\n", o->claim->id, dmv_outcome_name(o),
               o->result.summary ? o->result.summary : "");
    }
    printf("%ld claims, %ld tests (Holm within each claim at alpha %g / %ld claims in the registry: %ld "
           "rejected), %.1f s\n", res.n, res.ntests_total, run.alpha, dmv_claim_count(), res.nrejected, res.seconds);
    dmv_mpi_sync();
    status = dmv_mpi_is_root() ? dmv_report_write_all(report_dir, &res, &err) : DMV_OK; /* rank 0 writes */
    if (status != DMV_OK) {
        fprintf(stderr, "dmverify run: writing reports to %s: %s\n", report_dir, err.msg);
        dmv_run_result_clear(&res);
        dmv_cli_data_clear(&data);
        return DMV_EXIT_USAGE;
    }
    printf("reports written to %s/ (report.json, report.md, junit.xml, report.html)\n", report_dir);
    r = dmv_run_result_status(&res);
    dmv_run_result_clear(&res);
    dmv_cli_data_clear(&data);
    if (gate != NULL && dmv_mpi_is_root()) {
        char current[4096];
        dmv_gate_result g;
        int gs;
        snprintf(current, sizeof current, "%s/report.json", report_dir);
        dmv_gate_result_init(&g);
        gs = dmv_gate_compare(&g, gate, current, &err);
        if (gs != DMV_OK) {
            fprintf(stderr, "dmverify run: --gate: %s\n", err.msg);
            dmv_gate_result_clear(&g);
            return DMV_EXIT_USAGE;
        }
        if (dmv_gate_print(stdout, &g) != 0)
            r = DMV_EXIT_FAIL;
        dmv_gate_result_clear(&g);
    }
    return r;
usage:
    free(pats);
    dmv_cli_data_clear(&data);
    return DMV_EXIT_USAGE;
}
