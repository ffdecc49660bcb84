/* The CI gate: compares a report.json with a baseline report.json.
 * Fails on an outcome that got worse (pass or expected fail < inconclusive <
 * fail or unexpected pass), an expected failure that now passes, a certified
 * ball that no longer overlaps its baseline ball, a changed sample hash that
 * the baseline called bit-exact, a lost claim (unless allowed), a new claim
 * that fails or is inconclusive, changed run settings (seed, quick, alpha,
 * samples) or data files (SHA-256). Settings and data are the cause: they are
 * reported first, once each, and the hash and ball changes they cause are
 * summarised in one line. See docs/gate.md. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#if defined(DMV_FLINT3) && DMV_FLINT3
#include <flint/arb.h>
#else
#include <arb.h>
#endif

#include "dmv/report.h"

static char *dup_str(const char *s)
{
    char *t;
    if (s == NULL)
        s = "";
    t = malloc(strlen(s) + 1);
    if (t != NULL)
        strcpy(t, s);
    return t;
}

void dmv_gate_result_init(dmv_gate_result *g)
{
    memset(g, 0, sizeof *g);
}

void dmv_gate_result_clear(dmv_gate_result *g)
{
    long i;
    for (i = 0; i < g->n; i++) {
        free(g->diffs[i].claim);
        free(g->diffs[i].what);
        free(g->diffs[i].baseline);
        free(g->diffs[i].current);
    }
    free(g->diffs);
    free(g->baseline_path);
    free(g->current_path);
    free(g->baseline_commit);
    free(g->current_commit);
    dmv_gate_result_init(g);
}

const char *dmv_gate_kind_name(dmv_gate_kind k)
{
    switch (k) {
    case DMV_GATE_VERDICT_WORSE: return "verdict worse";
    case DMV_GATE_VERDICT_BETTER: return "verdict better";
    case DMV_GATE_BALL_OUTSIDE: return "ball moved";
    case DMV_GATE_BALL_MISSING: return "ball missing";
    case DMV_GATE_HASH_CHANGED: return "hash changed";
    case DMV_GATE_HASH_INFO: return "hash changed (not bit-exact)";
    case DMV_GATE_CLAIM_MISSING: return "claim missing";
    case DMV_GATE_CLAIM_NEW: return "claim new";
    case DMV_GATE_SETTINGS: return "settings differ";
    case DMV_GATE_DATA: return "data differ";
    case DMV_GATE_DERIVED: return "derived differences";
    case DMV_GATE_UNEXPECTED_PASS: return "unexpected pass";
    case DMV_GATE_OUTCOME: return "expectation changed";
    case DMV_GATE_ULPS_GREW: return "rounding error grew";
    case DMV_GATE_ULPS_CHANGED: return "rounding error changed";
    default: return "unknown";
    }
}

static int add_diff(dmv_gate_result *g, dmv_gate_kind kind, int fails, const char *claim, const char *what,
                    const char *base, const char *cur, dmv_error *err)
{
    dmv_gate_diff *d;
    if (g->n == g->alloc) {
        long na = g->alloc ? 2 * g->alloc : 16;
        dmv_gate_diff *t = realloc(g->diffs, (size_t) na * sizeof *t);
        if (t == NULL)
            return dmv_error_set(err, DMV_ENOMEM, "gate: out of memory");
        g->diffs = t;
        g->alloc = na;
    }
    d = &g->diffs[g->n];
    d->kind = kind;
    d->fails = fails;
    d->claim = dup_str(claim);
    d->what = dup_str(what);
    d->baseline = dup_str(base);
    d->current = dup_str(cur);
    g->n++;
    if (!d->claim || !d->what || !d->baseline || !d->current)
        return dmv_error_set(err, DMV_ENOMEM, "gate: out of memory");
    if (fails)
        g->nfail++;
    return DMV_OK;
}

static const char *get_str(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static int parse_report(cJSON **out, const char *text, const char *name, dmv_error *err)
{
    cJSON *root, *v, *claims, *c;
    *out = NULL;
    root = cJSON_Parse(text);
    if (root == NULL)
        return dmv_error_set(err, DMV_EFORMAT, "%s: not valid JSON (near byte %ld)", name,
                             cJSON_GetErrorPtr() ? (long) (cJSON_GetErrorPtr() - text) : -1L);
    if (!cJSON_IsObject(root)) {
        cJSON_Delete(root);
        return dmv_error_set(err, DMV_EFORMAT, "%s: not a JSON object", name);
    }
    if (get_str(root, "schema") == NULL || strcmp(get_str(root, "schema"), DMV_REPORT_SCHEMA) != 0) {
        cJSON_Delete(root);
        return dmv_error_set(err, DMV_EFORMAT, "%s: \"schema\" is not \"%s\": not a dmverify report", name,
                             DMV_REPORT_SCHEMA);
    }
    v = cJSON_GetObjectItemCaseSensitive(root, "schema_version");
    if (!cJSON_IsNumber(v) || v->valuedouble != DMV_REPORT_SCHEMA_VERSION) {
        double ver = cJSON_IsNumber(v) ? v->valuedouble : -1;
        cJSON_Delete(root);
        return dmv_error_set(err, DMV_EFORMAT, "%s: schema_version %g is not supported (this gate reads version %d)",
                             name, ver, DMV_REPORT_SCHEMA_VERSION);
    }
    claims = cJSON_GetObjectItemCaseSensitive(root, "claims");
    if (!cJSON_IsArray(claims)) {
        cJSON_Delete(root);
        return dmv_error_set(err, DMV_EFORMAT, "%s: \"claims\" is missing or not an array", name);
    }
    cJSON_ArrayForEach(c, claims) {
        const char *id = get_str(c, "id"), *verdict = get_str(c, "verdict");
        if (id == NULL) {
            cJSON_Delete(root);
            return dmv_error_set(err, DMV_EFORMAT, "%s: a claim has no string \"id\"", name);
        }
        if (verdict == NULL || (strcmp(verdict, "pass") && strcmp(verdict, "fail") && strcmp(verdict, "inconclusive"))) {
            int code = dmv_error_set(err, DMV_EFORMAT, "%s: claim %s: \"verdict\" is not pass, fail or inconclusive",
                                     name, id);
            cJSON_Delete(root);
            return code;
        }
    }
    *out = root;
    return DMV_OK;
}

int dmv_gate_validate_text(const char *text, const char *name, dmv_error *err)
{
    cJSON *root;
    int code = parse_report(&root, text, name, err);
    cJSON_Delete(root);
    return code;
}

/* A baseline must have claims: an empty one would pass every run. */
static int check_has_claims(const cJSON *root, const char *name, dmv_error *err)
{
    if (cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(root, "claims")) < 1)
        return dmv_error_set(err, DMV_EFORMAT, "%s: the baseline has no claims (nothing to compare against); "
                                               "bless a report of a run instead", name);
    return DMV_OK;
}

int dmv_gate_baseline_check(const char *path, dmv_error *err)
{
    char *text = NULL;
    cJSON *root = NULL;
    int code;
    if (path == NULL || *path == '\0')
        return dmv_error_set(err, DMV_EINVAL, "--gate: the baseline path is empty");
    code = dmv_report_read_file(&text, NULL, path, err);
    if (code == DMV_OK)
        code = parse_report(&root, text, path, err);
    if (code == DMV_OK)
        code = check_has_claims(root, path, err);
    cJSON_Delete(root);
    free(text);
    return code;
}

/* The outcome of a claim, from its "verdict" and "expect" (the written "outcome" is the same function
 * of the two, for readers; reports written before expectations have no "expect": the verdict). */
static const char *claim_outcome(const cJSON *c)
{
    const char *v = get_str(c, "verdict"), *e = get_str(c, "expect");
    if (e != NULL && strcmp(e, "fail") == 0)
        return strcmp(v, "fail") == 0 ? "expected fail" : strcmp(v, "pass") == 0 ? "unexpected pass" : v;
    return v;
}

/* pass and expected fail (what was expected) < inconclusive < fail and unexpected pass (failures of a run) */
static int outcome_rank(const char *v)
{
    if (strcmp(v, "pass") == 0 || strcmp(v, "expected fail") == 0)
        return 0;
    return strcmp(v, "inconclusive") == 0 ? 1 : 2;
}

static const cJSON *find_by_key(const cJSON *arr, const char *key, const char *value)
{
    const cJSON *c;
    cJSON_ArrayForEach(c, arr) {
        const char *s = get_str(c, key);
        if (s != NULL && strcmp(s, value) == 0)
            return c;
    }
    return NULL;
}

/* Parses "mid" +/- "rad" into an Arb ball that contains the decimal values. */
static int ball_from(arb_t x, const char *mid, const char *rad)
{
    size_t n = strlen(mid) + strlen(rad) + 8;
    char *s = malloc(n);
    int bad;
    slong prec;
    if (s == NULL)
        return 1;
    snprintf(s, n, "%s +/- %s", mid, rad);
    /* about 3.33 bits per decimal digit: enough to hold every digit given */
    prec = (slong) (4 * strlen(mid) + 64);
    bad = arb_set_str(x, s, prec);
    free(s);
    return bad;
}

/* A plain number in unit "ulp" (an observed rounding error): its growth fails the gate, any other
 * change is information (include/dmv/report.h, DMV_GATE_ULPS_*). Other plain numbers are not compared. */
static int compare_ulps(dmv_gate_result *g, const char *id, const cJSON *bnum, const cJSON *cnums, int derived,
                        dmv_error *err)
{
    const char *name = get_str(bnum, "name"), *unit = get_str(bnum, "unit");
    const cJSON *m, *bv, *cv;
    double b, c;
    char what[512], bs[64], cs[64];
    if (unit == NULL || strcmp(unit, "ulp") != 0 || !cJSON_IsArray(cnums))
        return DMV_OK;
    m = find_by_key(cnums, "name", name);
    bv = cJSON_GetObjectItemCaseSensitive(bnum, "value");
    cv = m ? cJSON_GetObjectItemCaseSensitive(m, "value") : NULL;
    if (!cJSON_IsNumber(bv) || !cJSON_IsNumber(cv))
        return DMV_OK; /* absent: the claim's own comparison (verdict, balls) reports it */
    b = bv->valuedouble;
    c = cv->valuedouble;
    if (b == c || derived)
        return DMV_OK;
    snprintf(what, sizeof what, "%s", name);
    snprintf(bs, sizeof bs, "%.6g ulp", b);
    snprintf(cs, sizeof cs, "%.6g ulp", c);
    if (c > DMV_GATE_ULPS_FACTOR * b && c > b + DMV_GATE_ULPS_SLACK)
        return add_diff(g, DMV_GATE_ULPS_GREW, 1, id, what, bs, cs, err);
    return add_diff(g, DMV_GATE_ULPS_CHANGED, 0, id, what, bs, cs, err);
}

static int compare_numbers(dmv_gate_result *g, const char *id, const cJSON *bc, const cJSON *cc, int allow_missing,
                           int derived, const char *bname, const char *cname, dmv_error *err)
{
    const cJSON *bn = cJSON_GetObjectItemCaseSensitive(bc, "numbers");
    const cJSON *cn = cJSON_GetObjectItemCaseSensitive(cc, "numbers");
    const cJSON *n;
    int code = DMV_OK;
    arb_t a, b;
    if (!cJSON_IsArray(bn))
        return DMV_OK;
    arb_init(a);
    arb_init(b);
    cJSON_ArrayForEach(n, bn) {
        const char *name = get_str(n, "name"), *mid = get_str(n, "mid"), *rad = get_str(n, "rad");
        const cJSON *m;
        const char *cmid, *crad;
        char what[512], bs[512], cs[512];
        if (name != NULL && mid == NULL) {
            code = compare_ulps(g, id, n, cn, derived, err);
            if (code)
                break;
            continue;
        }
        if (name == NULL)
            continue;
        if (rad == NULL)
            rad = "0";
        snprintf(what, sizeof what, "ball %s", name);
        snprintf(bs, sizeof bs, "%s +/- %s", mid, rad);
        m = cJSON_IsArray(cn) ? find_by_key(cn, "name", name) : NULL;
        cmid = m ? get_str(m, "mid") : NULL;
        crad = m ? get_str(m, "rad") : NULL;
        if (cmid == NULL) {
            code = add_diff(g, DMV_GATE_BALL_MISSING, !allow_missing, id, what, bs,
                            m ? "not a certified ball" : "(absent)", err);
            if (code)
                break;
            continue;
        }
        if (crad == NULL)
            crad = "0";
        snprintf(cs, sizeof cs, "%s +/- %s", cmid, crad);
        if (ball_from(a, mid, rad)) {
            code = dmv_error_set(err, DMV_EFORMAT, "%s: claim %s, number %s: cannot parse the ball \"%s\"", bname, id,
                                 name, bs);
            break;
        }
        if (ball_from(b, cmid, crad)) {
            code = dmv_error_set(err, DMV_EFORMAT, "%s: claim %s, number %s: cannot parse the ball \"%s\"", cname, id,
                                 name, cs);
            break;
        }
        if (!arb_overlaps(a, b)) {
            if (derived) { /* caused by the settings or data that differ: counted, not listed */
                g->nderived_ball++;
                continue;
            }
            code = add_diff(g, DMV_GATE_BALL_OUTSIDE, 1, id, what, bs, cs, err);
            if (code)
                break;
        }
    }
    arb_clear(a);
    arb_clear(b);
    return code;
}

static int is_true(const cJSON *o, const char *key)
{
    return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, key));
}

static int compare_settings(dmv_gate_result *g, const cJSON *br, const cJSON *cr, dmv_error *err)
{
    const cJSON *b = cJSON_GetObjectItemCaseSensitive(br, "run"), *c = cJSON_GetObjectItemCaseSensitive(cr, "run");
    const cJSON *ba, *ca;
    const char *bs = b ? get_str(b, "seed") : NULL, *cs = c ? get_str(c, "seed") : NULL;
    int code = DMV_OK;
    if (b == NULL || c == NULL)
        return DMV_OK;
    if (bs && cs && strcmp(bs, cs) != 0)
        code = add_diff(g, DMV_GATE_SETTINGS, 1, "", "seed", bs, cs, err);
    if (!code && is_true(b, "quick") != is_true(c, "quick"))
        code = add_diff(g, DMV_GATE_SETTINGS, 1, "", "quick", is_true(b, "quick") ? "true" : "false",
                        is_true(c, "quick") ? "true" : "false", err);
    ba = cJSON_GetObjectItemCaseSensitive(b, "alpha");
    ca = cJSON_GetObjectItemCaseSensitive(c, "alpha");
    if (!code && cJSON_IsNumber(ba) && cJSON_IsNumber(ca) && ba->valuedouble != ca->valuedouble) {
        char s1[64], s2[64];
        snprintf(s1, sizeof s1, "%.17g", ba->valuedouble);
        snprintf(s2, sizeof s2, "%.17g", ca->valuedouble);
        code = add_diff(g, DMV_GATE_SETTINGS, 1, "", "alpha", s1, s2, err);
    }
    ba = cJSON_GetObjectItemCaseSensitive(b, "law_samples");
    ca = cJSON_GetObjectItemCaseSensitive(c, "law_samples");
    if (!code && cJSON_IsNumber(ba) && cJSON_IsNumber(ca) && ba->valuedouble != ca->valuedouble) {
        char s1[64], s2[64];
        snprintf(s1, sizeof s1, "%.0f", ba->valuedouble);
        snprintf(s2, sizeof s2, "%.0f", ca->valuedouble);
        code = add_diff(g, DMV_GATE_SETTINGS, 1, "", "samples", s1, s2, err);
    }
    return code;
}

/* The data files of both runs, matched by name: another SHA-256 fails (the runs read different data). */
static int compare_data(dmv_gate_result *g, const cJSON *br, const cJSON *cr, dmv_error *err)
{
    const cJSON *b = cJSON_GetObjectItemCaseSensitive(br, "run"), *c = cJSON_GetObjectItemCaseSensitive(cr, "run");
    const cJSON *bd = b ? cJSON_GetObjectItemCaseSensitive(b, "data") : NULL;
    const cJSON *cd = c ? cJSON_GetObjectItemCaseSensitive(c, "data") : NULL;
    const cJSON *f;
    int code = DMV_OK;
    if (!cJSON_IsArray(bd) || !cJSON_IsArray(cd))
        return DMV_OK; /* a report written before data files were recorded */
    cJSON_ArrayForEach(f, bd) {
        const char *name = get_str(f, "name"), *bs = get_str(f, "sha256"), *cs;
        const cJSON *m;
        char what[512];
        if (name == NULL || bs == NULL)
            continue;
        m = find_by_key(cd, "name", name);
        cs = m ? get_str(m, "sha256") : NULL;
        if (cs == NULL || strcmp(bs, cs) == 0)
            continue;
        snprintf(what, sizeof what, "%s sha256", name);
        code = add_diff(g, DMV_GATE_DATA, 1, "", what, bs, cs, err);
        if (code != DMV_OK)
            break;
    }
    return code;
}

static char *commit_of(const cJSON *root)
{
    const cJSON *env = cJSON_GetObjectItemCaseSensitive(root, "env");
    const char *s = env ? get_str(env, "commit") : NULL;
    return dup_str(s ? s : "unknown");
}

int dmv_gate_compare_text(dmv_gate_result *out, const char *baseline_text, const char *baseline_name,
                          const char *current_text, const char *current_name, int flags, dmv_error *err)
{
    cJSON *br = NULL, *cr = NULL;
    const cJSON *bclaims, *cclaims, *bc, *cc;
    int allow_missing = (flags & DMV_GATE_ALLOW_MISSING) != 0;
    int code, derived;
    long nmissing_allowed = 0;
    dmv_gate_result_clear(out);
    if (baseline_text == NULL || current_text == NULL)
        return dmv_error_set(err, DMV_EINVAL, "gate: %s text is NULL", baseline_text == NULL ? "baseline" : "current");
    if (baseline_name == NULL)
        baseline_name = "baseline";
    if (current_name == NULL)
        current_name = "current";
    code = parse_report(&br, baseline_text, baseline_name, err);
    if (code != DMV_OK)
        return code;
    code = parse_report(&cr, current_text, current_name, err);
    if (code != DMV_OK) {
        cJSON_Delete(br);
        return code;
    }
    out->baseline_path = dup_str(baseline_name);
    out->current_path = dup_str(current_name);
    out->baseline_commit = commit_of(br);
    out->current_commit = commit_of(cr);
    bclaims = cJSON_GetObjectItemCaseSensitive(br, "claims");
    cclaims = cJSON_GetObjectItemCaseSensitive(cr, "claims");
    out->nclaims_baseline = cJSON_GetArraySize(bclaims);
    out->nclaims_current = cJSON_GetArraySize(cclaims);

    code = check_has_claims(br, baseline_name, err);
    if (code == DMV_OK)
        code = compare_settings(out, br, cr, err);
    if (code == DMV_OK)
        code = compare_data(out, br, cr, err);
    derived = out->n > 0; /* settings or data differ: hash and ball changes follow from them */
    cJSON_ArrayForEach(bc, bclaims) {
        const char *id = get_str(bc, "id"), *bv, *cv, *bh, *ch;
        if (code != DMV_OK)
            break;
        bv = claim_outcome(bc);
        cc = find_by_key(cclaims, "id", id);
        if (cc == NULL) {
            if (allow_missing)
                nmissing_allowed++; /* summarised below in one line */
            else
                code = add_diff(out, DMV_GATE_CLAIM_MISSING, 1, id, "claim", bv, "(absent)", err);
            continue;
        }
        out->nclaims_compared++;
        cv = claim_outcome(cc);
        if (strcmp(cv, bv) == 0)
            ; /* the same outcome: an expected failure in both is no difference */
        else if (strcmp(cv, "unexpected pass") == 0)
            code = add_diff(out, DMV_GATE_UNEXPECTED_PASS, 1, id, "outcome", bv, cv, err);
        else if (outcome_rank(cv) > outcome_rank(bv))
            code = add_diff(out, DMV_GATE_VERDICT_WORSE, 1, id, "verdict", bv, cv, err);
        else if (outcome_rank(cv) < outcome_rank(bv))
            code = add_diff(out, DMV_GATE_VERDICT_BETTER, 0, id, "verdict", bv, cv, err);
        else
            code = add_diff(out, DMV_GATE_OUTCOME, 0, id, "outcome", bv, cv, err);
        if (code != DMV_OK)
            break;
        code = compare_numbers(out, id, bc, cc, allow_missing, derived, baseline_name, current_name, err);
        if (code != DMV_OK)
            break;
        bh = get_str(bc, "sample_hash");
        ch = get_str(cc, "sample_hash");
        if (bh != NULL && (ch == NULL || strcmp(bh, ch) != 0)) {
            if (derived && ch != NULL)
                out->nderived_hash++;
            else if (is_true(bc, "bit_exact"))
                code = add_diff(out, DMV_GATE_HASH_CHANGED, 1, id, "sample hash (bit-exact)", bh,
                                ch ? ch : "(absent)", err);
            else
                code = add_diff(out, DMV_GATE_HASH_INFO, 0, id, "sample hash (ulp-bounded)", bh,
                                ch ? ch : "(absent)", err);
        }
    }
    cJSON_ArrayForEach(cc, cclaims) {
        const char *id = get_str(cc, "id"), *cv;
        if (code != DMV_OK)
            break;
        if (find_by_key(bclaims, "id", id) != NULL)
            continue;
        /* a new claim is gated from its first run: only what was expected passes the gate */
        cv = claim_outcome(cc);
        code = add_diff(out, DMV_GATE_CLAIM_NEW, outcome_rank(cv) > 0, id, "claim (new)", "(absent)", cv, err);
    }
    if (code == DMV_OK && nmissing_allowed > 0) {
        char msg[128];
        snprintf(msg, sizeof msg, "%ld baseline claim%s", nmissing_allowed, nmissing_allowed == 1 ? "" : "s");
        code = add_diff(out, DMV_GATE_CLAIM_MISSING, 0, "", "claims not in this run", msg, "(absent, --allow-missing)",
                        err);
    }
    if (code == DMV_OK && out->nderived_hash + out->nderived_ball > 0) {
        char msg[256];
        snprintf(msg, sizeof msg, "%ld sample hash%s and %ld certified value%s changed (not listed: they follow "
                                  "from the settings or data above)",
                 out->nderived_hash, out->nderived_hash == 1 ? "" : "es", out->nderived_ball,
                 out->nderived_ball == 1 ? "" : "s");
        code = add_diff(out, DMV_GATE_DERIVED, 0, "", "derived", "", msg, err);
    }
    cJSON_Delete(br);
    cJSON_Delete(cr);
    return code;
}

int dmv_gate_compare_flags(dmv_gate_result *out, const char *baseline_json, const char *current_json, int flags,
                           dmv_error *err)
{
    char *bt = NULL, *ct = NULL;
    int code;
    dmv_gate_result_clear(out);
    if (baseline_json == NULL || current_json == NULL)
        return dmv_error_set(err, DMV_EINVAL, "gate: %s path is NULL", baseline_json == NULL ? "baseline" : "current");
    code = dmv_report_read_file(&bt, NULL, baseline_json, err);
    if (code == DMV_OK)
        code = dmv_report_read_file(&ct, NULL, current_json, err);
    if (code == DMV_OK)
        code = dmv_gate_compare_text(out, bt, baseline_json, ct, current_json, flags, err);
    free(bt);
    free(ct);
    return code;
}

int dmv_gate_compare(dmv_gate_result *out, const char *baseline_json, const char *current_json, dmv_error *err)
{
    return dmv_gate_compare_flags(out, baseline_json, current_json, 0, err);
}

/* Prints s padded (or cut with "...") to width w. */
static void cell(FILE *f, const char *s, int w)
{
    int n = (int) strlen(s);
    if (n <= w)
        fprintf(f, "%-*s", w, s);
    else
        fprintf(f, "%.*s...", w - 3, s);
}

static int is_cause(const dmv_gate_diff *d)
{
    return d->kind == DMV_GATE_SETTINGS || d->kind == DMV_GATE_DATA || d->kind == DMV_GATE_DERIVED;
}

int dmv_gate_print(FILE *f, const dmv_gate_result *g)
{
    int wc = 5, ww = 4, wb = 8, wcur = 7;
    const int cap = 72;
    long i, nrows = 0;
    fprintf(f, "dmverify gate: baseline %s (commit %s, %ld claims) vs current %s (commit %s, %ld claims)\n",
            g->baseline_path ? g->baseline_path : "?", g->baseline_commit ? g->baseline_commit : "?",
            g->nclaims_baseline, g->current_path ? g->current_path : "?", g->current_commit ? g->current_commit : "?",
            g->nclaims_current);
    if (g->n == 0)
        fprintf(f, "no differences in %ld compared claims\n", g->nclaims_compared);
    /* the cause first, once each: settings, data, then the summary of what follows from them */
    for (i = 0; i < g->n; i++) {
        const dmv_gate_diff *d = &g->diffs[i];
        if (d->kind == DMV_GATE_SETTINGS)
            fprintf(f, "%-6s settings differ: %s %s -> %s\n", d->fails ? "FAIL" : "info", d->what, d->baseline,
                    d->current);
        else if (d->kind == DMV_GATE_DATA)
            fprintf(f, "%-6s data differ: %s %s -> %s\n", d->fails ? "FAIL" : "info", d->what, d->baseline,
                    d->current);
    }
    for (i = 0; i < g->n; i++)
        if (g->diffs[i].kind == DMV_GATE_DERIVED)
            fprintf(f, "%-6s derived: %s\n", g->diffs[i].fails ? "FAIL" : "info", g->diffs[i].current);
    for (i = 0; i < g->n; i++) {
        const dmv_gate_diff *d = &g->diffs[i];
        int a = (int) strlen(d->claim), b = (int) strlen(d->what), c = (int) strlen(d->baseline),
            e = (int) strlen(d->current);
        if (is_cause(d))
            continue;
        nrows++;
        wc = a > wc ? a : wc;
        ww = b > ww ? b : ww;
        wb = c > wb ? c : wb;
        wcur = e > wcur ? e : wcur;
    }
    if (nrows > 0) {
        wc = wc > cap ? cap : wc;
        ww = ww > cap ? cap : ww;
        wb = wb > cap ? cap : wb;
        wcur = wcur > cap ? cap : wcur;
        fprintf(f, "%-6s ", "GATE");
        cell(f, "CLAIM", wc);
        fputs("  ", f);
        cell(f, "WHAT", ww);
        fputs("  ", f);
        cell(f, "BASELINE", wb);
        fputs("  CURRENT\n", f);
        for (i = 0; i < g->n; i++) {
            const dmv_gate_diff *d = &g->diffs[i];
            if (is_cause(d))
                continue;
            fprintf(f, "%-6s ", d->fails ? "FAIL" : "info");
            cell(f, d->claim[0] ? d->claim : "(run)", wc);
            fputs("  ", f);
            cell(f, d->what, ww);
            fputs("  ", f);
            cell(f, d->baseline, wb);
            fputs("  ", f);
            if ((int) strlen(d->current) <= wcur)
                fprintf(f, "%s\n", d->current);
            else
                fprintf(f, "%.*s...\n", wcur - 3, d->current);
        }
    }
    if (g->nfail > 0) {
        fprintf(f, "gate: FAIL (%ld of %ld differences fail the gate)\n", g->nfail, g->n);
        return 1;
    }
    fprintf(f, "gate: PASS (%ld differences, none fails the gate)\n", g->n);
    return 0;
}
