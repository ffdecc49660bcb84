/* dmverify audit: someone else's sampler checked from its samples, the noise it consumed, or a
 * plug-in run in process (docs/audit.md). The work is in audit/ (include/dmv/audit.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "audit_opts.h"
#include "cli.h"
#include "dmv/audit.h"
#include "dmv/cleanup.h"
#include "dmv/path.h"
#include "dmv/report.h"

static void audit_help(void)
{
    printf("usage: dmverify audit [problem options] --samples S.npy|S.csv [--noise NOISE.npy] [options]\n"
           "       dmverify audit [problem options] --plugin ./lib.so [--n N] [options]\n"
           "       dmverify audit --problem P.json ...\n\n"
           "Checks samples of a sampler of the problem (the same options and problem file as\n"
           "'sample' and 'exact') against the certified exact law of the named scheme, per direction\n"
           "and jointly, and estimates their W2 to the data law and to the exact continuous law.\n"
           "A problem file whose model has no closed-form law (mixture, boxes, ...) is checked by\n"
           "two-sample KS tests against dmverify's own sampler of the same problem.\n"
           "With --noise (the initial points and noises the sampler consumed, layout of\n"
           "'dmverify noise') every output is compared with the certified map of its own noise, and\n"
           "the noises are tested for independence. --plugin runs a C sampler (include/dmv/plugin.h)\n"
           "in process on the exact denoiser and dmverify's noise, with all of these checks.\n\n"
           "  --samples F        n x d samples: .npy (float32 or float64) or .csv; streamed\n"
           "  --noise F.npy      the noise the samples consumed (docs/audit.md, 'Noise file')\n"
           "  --plugin LIB.so    a plug-in sampler (exactly this path is loaded)\n"
           "  --n N              plug-in: number of samples (default 100000)\n"
           "  --float-bits B     the sampler's precision for the pathwise budget: 32 or 64 (default:\n"
           "                     32 for a float32 .npy, else 64)\n"
           "  --alpha A          family-wise false-alarm level (default 1e-3)\n"
           "  --effect E         the effect the tests must detect (default 0.1: mean shift in standard\n"
           "                     deviations, relative variance error, correlation); less power: inconclusive\n"
           "  --report-dir DIR   where to write report.json/md, junit.xml, report.html (default reports/audit)\n"
           "  --chunk R          rows read at a time (default: about 32 MB of samples)\n"
           "%s\n"
           "exit status: 0 every check passed, 1 some check failed, 2 usage or input error,\n"
           "             3 some check inconclusive and none failed. Details: docs/audit.md.\n",
           dmv_cli_problem_help());
}

int dmv_cli_audit(int argc, char **argv)
{
    dmv_cli_audit_problem ap;
    dmv_audit_config cfg;
    dmv_audit *a = NULL;
    dmv_audit_source *src = NULL, *nsrc = NULL;
    dmv_run_result res;
    dmv_error err;
    const char *samples = NULL, *noise = NULL, *plugin = NULL, *report_dir = "reports/audit", *val;
    long n = 100000, chunk = 0, k, fbits = 0;
    int i, r, status = DMV_EXIT_USAGE;
    dmv_cli_audit_problem_init(&ap);
    dmv_audit_config_default(&cfg);
    dmv_error_init(&err);
    memset(&res, 0, sizeof res);
    for (i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            audit_help();
            dmv_cli_audit_problem_clear(&ap);
            return DMV_EXIT_PASS;
        }
        r = dmv_cli_audit_problem_parse(&ap, argc, argv, &i, &err);
        if (r < 0) {
            fprintf(stderr, "dmverify audit: %s\n", err.msg);
            goto done;
        }
        if (r > 0)
            continue;
        if ((r = dmv_cli_option("--samples", argc, argv, &i, &val)) != 0) {
            if (r < 0)
                goto done;
            samples = val;
        } else if ((r = dmv_cli_option("--noise", argc, argv, &i, &val)) != 0) {
            if (r < 0)
                goto done;
            noise = val;
        } else if ((r = dmv_cli_option("--plugin", argc, argv, &i, &val)) != 0) {
            if (r < 0)
                goto done;
            plugin = val;
        } else if ((r = dmv_cli_option("--n", argc, argv, &i, &val)) != 0) {
            if (r < 0 || dmv_cli_parse_long(&n, "--n", val, 3, 1000000000000L) != 0)
                goto done;
        } else if ((r = dmv_cli_option("--chunk", argc, argv, &i, &val)) != 0) {
            if (r < 0 || dmv_cli_parse_long(&chunk, "--chunk", val, 1, 100000000L) != 0)
                goto done;
        } else if ((r = dmv_cli_option("--float-bits", argc, argv, &i, &val)) != 0) {
            if (r < 0 || dmv_cli_parse_long(&fbits, "--float-bits", val, 32, 64) != 0)
                goto done;
            if (fbits != 32 && fbits != 64) {
                fprintf(stderr, "dmverify audit: --float-bits '%s': must be 32 or 64\n", val);
                goto done;
            }
        } else if ((r = dmv_cli_option("--alpha", argc, argv, &i, &val)) != 0) {
            if (r < 0 || dmv_cli_parse_double(&cfg.alpha, "--alpha", val) != 0)
                goto done;
            if (!(cfg.alpha > 0 && cfg.alpha < 1)) {
                fprintf(stderr, "dmverify audit: --alpha '%s': must be in (0, 1)\n", val);
                goto done;
            }
        } else if ((r = dmv_cli_option("--effect", argc, argv, &i, &val)) != 0) {
            if (r < 0 || dmv_cli_parse_double(&cfg.effect, "--effect", val) != 0)
                goto done;
            if (!(cfg.effect > 0)) {
                fprintf(stderr, "dmverify audit: --effect '%s': must be > 0\n", val);
                goto done;
            }
        } else if ((r = dmv_cli_option("--report-dir", argc, argv, &i, &val)) != 0) {
            if (r < 0)
                goto done;
            report_dir = val;
        } else {
            fprintf(stderr, "dmverify audit: unknown option '%s' (see --help)\n", arg);
            goto done;
        }
    }
    /* every input checked before any compute */
    if (dmv_cli_audit_problem_finish(&ap, &err) != DMV_OK) {
        fprintf(stderr, "dmverify audit: %s\n", err.msg);
        goto done;
    }
    if ((samples == NULL) == (plugin == NULL)) {
        fprintf(stderr, "dmverify audit: give one of --samples FILE and --plugin LIB.so\n");
        goto done;
    }
    if (plugin != NULL && noise != NULL) {
        fprintf(stderr, "dmverify audit: --noise %s with --plugin: the plug-in consumes dmverify's own noise\n", noise);
        goto done;
    }
    if (ap.model_mode && (noise != NULL || plugin != NULL)) {
        fprintf(stderr, "dmverify audit: problem %s: model kind '%s': %s needs the certified map of a Gaussian in "
                        "eigen form; this model is audited in law against dmverify's own sampler (give --samples "
                        "only)\n", ap.problem_path, dmv_model_kind_name(ap.pf.model.kind),
                noise != NULL ? "--noise" : "--plugin");
        goto done;
    }
    if (dmv_path_check_output_dir(report_dir, "--report-dir", &err) != DMV_OK ||
        (samples != NULL && dmv_path_check_input(samples, "--samples", &err) != DMV_OK) ||
        (noise != NULL && dmv_path_check_input(noise, "--noise", &err) != DMV_OK) ||
        (samples != NULL && dmv_audit_source_open(&src, samples, &err) != DMV_OK) ||
        (noise != NULL && dmv_audit_source_open(&nsrc, noise, &err) != DMV_OK) ||
        (plugin != NULL && dmv_audit_plugin_check(plugin, &err) != DMV_OK)) {
        fprintf(stderr, "dmverify audit: %s\n", err.msg);
        goto done;
    }
    {
        long d = ap.cp.problem.data.d, blocks = dmv_audit_noise_blocks(&ap.cp.problem);
        if (src != NULL && dmv_audit_source_cols(src) != d) {
            fprintf(stderr, "dmverify audit: --samples %s: %ld columns, the problem has d = %ld\n", samples,
                    dmv_audit_source_cols(src), d);
            goto done;
        }
        if (src != NULL && dmv_audit_source_rows(src) < 3) {
            fprintf(stderr, "dmverify audit: --samples %s: %ld samples, at least 3 needed\n", samples,
                    dmv_audit_source_rows(src));
            goto done;
        }
        if (nsrc != NULL && dmv_audit_source_cols(nsrc) != blocks * d) {
            fprintf(stderr,
                    "dmverify audit: --noise %s: %ld columns, this problem's noise has (1 + %ld steps) x d = %ld "
                    "(docs/audit.md; made by 'dmverify noise' with the same problem?)\n",
                    noise, dmv_audit_source_cols(nsrc), blocks - 1, blocks * d);
            goto done;
        }
        if (nsrc != NULL && dmv_audit_source_rows(nsrc) != dmv_audit_source_rows(src)) {
            fprintf(stderr, "dmverify audit: --noise %s: %ld rows, --samples %s has %ld\n", noise,
                    dmv_audit_source_rows(nsrc), samples, dmv_audit_source_rows(src));
            goto done;
        }
        if (chunk == 0)
            chunk = 1 + 4194304 / (d * (1 + (nsrc != NULL || plugin != NULL ? blocks : 0)));
    }
    cfg.float_bits = fbits ? (int) fbits : (src != NULL ? dmv_audit_source_float_bits(src) : 64);
    cfg.source = samples != NULL ? samples : plugin;
    (void) dmv_cleanup_install_signals();
    if ((ap.model_mode ? dmv_audit_new_model(&a, &ap.cp.problem, &ap.model, &cfg, &err)
                       : dmv_audit_new(&a, &ap.cp.problem, &cfg, noise != NULL || plugin != NULL, &err)) != DMV_OK ||
        (src != NULL && dmv_audit_stream(a, src, nsrc, chunk, &err) != DMV_OK) ||
        (plugin != NULL && dmv_audit_plugin_run(a, plugin, &ap.cp.problem, n, chunk, &err) != DMV_OK) ||
        dmv_audit_finish(a, &res, &err) != DMV_OK) {
        fprintf(stderr, "dmverify audit: %s\n", err.msg);
        goto done;
    }
    printf("%-20s %-13s %s\n", "check", "verdict", "summary");
    for (k = 0; k < res.n; k++) {
        const dmv_outcome *o = &res.outcomes[k];
        printf("%-20s %-13s %s\n", o->claim->id, dmv_outcome_name(o), o->result.summary ? o->result.summary : "");
        if (o->final_verdict == DMV_VERDICT_INCONCLUSIVE && o->result.budget_note != NULL)
            printf("%-20s %-13s %s\n", "", "", o->result.budget_note);
    }
    if (dmv_report_write_all(report_dir, &res, &err) != DMV_OK) {
        fprintf(stderr, "dmverify audit: writing reports to %s: %s\n", report_dir, err.msg);
        goto done;
    }
    printf("reports written to %s/ (report.json, report.md, junit.xml, report.html)\n", report_dir);
    status = dmv_run_result_status(&res);
done:
    dmv_audit_source_close(src);
    dmv_audit_source_close(nsrc);
    dmv_audit_free(a);
    dmv_cli_audit_problem_clear(&ap);
    return status;
}
