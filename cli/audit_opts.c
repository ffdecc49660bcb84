/* The problem of `dmverify audit` and `dmverify noise` (cli/audit_opts.h). */
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "audit_opts.h"
#include "dmv/path.h"

void dmv_cli_audit_problem_init(dmv_cli_audit_problem *ap)
{
    memset(ap, 0, sizeof *ap);
    dmv_cli_problem_init(&ap->cp);
    dmv_problem_file_init(&ap->pf);
}

void dmv_cli_audit_problem_clear(dmv_cli_audit_problem *ap)
{
    dmv_cli_problem_clear(&ap->cp);
    dmv_problem_file_clear(&ap->pf);
    if (ap->model_mode)
        dmv_fast_model_clear(&ap->model);
}

int dmv_cli_audit_problem_parse(dmv_cli_audit_problem *ap, int argc, char **argv, int *i, dmv_error *err)
{
    const char *a = argv[*i], *val;
    int r = dmv_cli_problem_parse(&ap->cp, argc, argv, i, err);
    if (r != 0) {
        if (r > 0 && ap->cli_opt == NULL)
            ap->cli_opt = a;
        return r;
    }
    r = dmv_cli_option("--problem", argc, argv, i, &val);
    if (r < 0 || (r > 0 && *val == '\0')) {
        dmv_error_set(err, DMV_EINVAL, "--problem '%s': needs a JSON problem file", r > 0 ? val : "");
        return -1;
    }
    if (r > 0)
        ap->problem_path = val;
    return r;
}

int dmv_cli_audit_problem_finish(dmv_cli_audit_problem *ap, dmv_error *err)
{
    dmv_cli_problem *cp = &ap->cp;
    int rc;
    if (ap->problem_path != NULL) {
        const dmv_model_gaussian *g;
        if (ap->cli_opt != NULL)
            return dmv_error_set(err, DMV_EINVAL,
                                 "--problem %s and %.*s: the problem file gives the whole problem; edit the file "
                                 "instead", ap->problem_path, (int) strcspn(ap->cli_opt, "="), ap->cli_opt);
        if ((rc = dmv_path_check_input(ap->problem_path, "--problem", err)) != DMV_OK ||
            (rc = dmv_problem_file_read(&ap->pf, ap->problem_path, err)) != DMV_OK)
            return rc;
        g = &ap->pf.model.u.gaussian;
        dmv_cli_problem_from_file(cp, &ap->pf);
        ap->file_n = ap->pf.n;
        if (ap->pf.model.kind != DMV_MODEL_GAUSSIAN || g->full ||
            (g->basis_kind != DMV_BASIS_NONE && g->basis_kind != DMV_BASIS_IDENTITY)) {
            /* no closed-form law: the two-sample check against dmverify's sampler of this model */
            long j;
            dmv_error e2;
            dmv_error_init(&e2);
            if ((rc = dmv_fast_model_from_spec(&ap->model, &ap->pf.model, &e2)) != DMV_OK)
                return dmv_error_set(err, rc, "problem %s: model: %s", ap->problem_path, e2.msg);
            ap->model_mode = 1;
            cp->lambda_buf = malloc((size_t) ap->model.dim * sizeof(double));
            if (cp->lambda_buf == NULL)
                return dmv_error_set(err, DMV_ENOMEM, "problem %s: out of memory", ap->problem_path);
            for (j = 0; j < ap->model.dim; j++)
                cp->lambda_buf[j] = 1.0; /* placeholders: the problem options want eigenvalues */
            cp->lambda_len = ap->model.dim;
            goto finish;
        }
        cp->lambda_buf = malloc((size_t) g->d * sizeof(double));
        if (cp->lambda_buf == NULL)
            return dmv_error_set(err, DMV_ENOMEM, "problem %s: out of memory", ap->problem_path);
        memcpy(cp->lambda_buf, g->lambda, (size_t) g->d * sizeof(double));
        cp->lambda_len = g->d;
        if (g->mean != NULL) {
            cp->mean_buf = malloc((size_t) g->d * sizeof(double));
            if (cp->mean_buf == NULL)
                return dmv_error_set(err, DMV_ENOMEM, "problem %s: out of memory", ap->problem_path);
            memcpy(cp->mean_buf, g->mean, (size_t) g->d * sizeof(double));
            cp->mean_len = g->d;
        }
    }
finish:
    if (cp->spectrum_path != NULL && (rc = dmv_path_check_input(cp->spectrum_path, "--spectrum", err)) != DMV_OK)
        return rc;
    if ((rc = dmv_cli_problem_finish(cp, err)) != DMV_OK) {
        if (ap->problem_path != NULL) {
            dmv_error e2;
            dmv_error_init(&e2);
            dmv_error_set(&e2, rc, "problem %s: %s", ap->problem_path, err->msg);
            *err = e2;
        }
        return rc;
    }
    if (cp->continuous != DMV_CLI_SCHEME)
        return dmv_error_set(err, DMV_EINVAL, "--scheme %s: the exact continuous law has no sampler to audit; name "
                                              "the sampler's scheme (em, euler, ddim, ...)",
                             cp->continuous == DMV_CLI_EXACT_SDE ? "sde" : "ode");
    return DMV_OK;
}
