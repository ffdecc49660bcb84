/* dmverify noise: the initial points and every step's noise of a problem, in the layout that
 * `dmverify audit --noise` reads (docs/audit.md, "Noise file"). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "audit_opts.h"
#include "cli.h"
#include "dmv/audit.h"
#include "dmv/cleanup.h"
#include "dmv/npy.h"
#include "dmv/path.h"

static void noise_help(void)
{
    printf("usage: dmverify noise [problem options] --n N --out NOISE.npy\n"
           "       dmverify noise --problem P.json [--n N] --out NOISE.npy\n\n"
           "Writes the noise a sampler of the problem consumes, as float64 .npy of shape\n"
           "(N, (1 + S) d): per sample (row) the initial point x_T (d values, standard coordinates),\n"
           "then the noise z_k of each step s_{k-1} -> s_k (k = 1..S; S = steps for a stochastic\n"
           "scheme, 0 for a deterministic one). The same numbers as dmverify's own sampler with the\n"
           "same seed (docs/schemes.md s.4). A sampler that consumes them can then be checked\n"
           "sample by sample: dmverify audit ... --samples OUT.npy --noise NOISE.npy (docs/audit.md).\n\n"
           "  --n N              number of samples (rows); default: the problem file's n\n"
           "  --out F.npy        output file (written atomically)\n"
           "%s\n"
           "exit status: 0 written, 2 usage or input error\n",
           dmv_cli_problem_help());
}

int dmv_cli_noise(int argc, char **argv)
{
    dmv_cli_audit_problem ap;
    dmv_error err;
    dmv_npy_writer w;
    const char *out = NULL, *val;
    long n = 0, blocks, d, first, chunk;
    double *rows = NULL;
    int i, r, status = DMV_EXIT_USAGE;
    dmv_cli_audit_problem_init(&ap);
    dmv_error_init(&err);
    dmv_npy_writer_init(&w);
    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            noise_help();
            dmv_cli_audit_problem_clear(&ap);
            return DMV_EXIT_PASS;
        }
        r = dmv_cli_audit_problem_parse(&ap, argc, argv, &i, &err);
        if (r < 0) {
            fprintf(stderr, "dmverify noise: %s\n", err.msg);
            goto done;
        }
        if (r > 0)
            continue;
        if ((r = dmv_cli_option("--n", argc, argv, &i, &val)) != 0) {
            if (r < 0 || dmv_cli_parse_long(&n, "--n", val, 1, 1000000000000L) != 0)
                goto done;
            continue;
        }
        if ((r = dmv_cli_option("--out", argc, argv, &i, &val)) != 0) {
            if (r < 0)
                goto done;
            out = val;
            continue;
        }
        fprintf(stderr, "dmverify noise: unknown option '%s' (see --help)\n", argv[i]);
        goto done;
    }
    if (dmv_cli_audit_problem_finish(&ap, &err) != DMV_OK) {
        fprintf(stderr, "dmverify noise: %s\n", err.msg);
        goto done;
    }
    if (n == 0)
        n = ap.file_n;
    if (n < 1) {
        fprintf(stderr, "dmverify noise: no sample count: give --n N\n");
        goto done;
    }
    if (out == NULL) {
        fprintf(stderr, "dmverify noise: no output: give --out NOISE.npy\n");
        goto done;
    }
    if (dmv_path_check_output(out, "--out", &err) != DMV_OK) {
        fprintf(stderr, "dmverify noise: %s\n", err.msg);
        goto done;
    }
    (void) dmv_cleanup_install_signals();
    d = ap.cp.problem.data.d;
    blocks = dmv_audit_noise_blocks(&ap.cp.problem);
    {
        long shape[2];
        shape[0] = n;
        shape[1] = blocks * d;
        if (dmv_npy_writer_open(&w, out, 2, shape, &err) != DMV_OK) {
            fprintf(stderr, "dmverify noise: %s\n", err.msg);
            goto done;
        }
    }
    chunk = 1 + 1048576 / (blocks * d);
    rows = malloc((size_t) chunk * (size_t) (blocks * d) * sizeof *rows);
    if (rows == NULL) {
        fprintf(stderr, "dmverify noise: out of memory\n");
        goto done;
    }
    for (first = 0; first < n; first += chunk) {
        long m = n - first < chunk ? n - first : chunk;
        if (dmv_audit_noise_rows(rows, &ap.cp.problem, first, m, &err) != DMV_OK ||
            dmv_npy_writer_append(&w, rows, m, &err) != DMV_OK) {
            fprintf(stderr, "dmverify noise: %s\n", err.msg);
            goto done;
        }
    }
    if (dmv_npy_writer_close(&w, &err) != DMV_OK) {
        fprintf(stderr, "dmverify noise: %s\n", err.msg);
        goto done;
    }
    printf("wrote %s: %ld samples x (1 + %ld noise steps) x d = %ld (float64)\n", out, n, blocks - 1, d);
    status = DMV_EXIT_PASS;
done:
    free(rows);
    dmv_npy_writer_clear(&w);
    dmv_cli_audit_problem_clear(&ap);
    return status;
}
