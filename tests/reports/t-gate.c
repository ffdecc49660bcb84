/* The CI gate on pairs of reports built from the synthetic run: each rule
 * (verdict worse, ball moved, bit-exact hash changed, claim or value lost,
 * settings changed) fires exactly when it should, balls are compared beyond
 * double precision, closed balls that touch overlap, and bad inputs give
 * DMV_EIO / DMV_EFORMAT with the file named. The cause comes first: a changed
 * setting or data file is one difference and the hash/ball changes it causes
 * are counted, not listed; expectations: an expected failure in both is no
 * difference, an unexpected pass fails; a new failing claim fails; a baseline
 * without claims is refused. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dmv/report.h"
#include "dmv_test.h"
#include "sample_run.h"

static char *dup_s(const char *s)
{
    char *t = malloc(strlen(s) + 1);
    strcpy(t, s);
    return t;
}

static void set_ball(dmv_run_result *r, const char *mid, const char *rad)
{
    dmv_ev_number *n = &r->outcomes[0].result.numbers[0];
    free(n->mid);
    free(n->rad);
    n->mid = dup_s(mid);
    n->rad = dup_s(rad);
}

static char *json(const dmv_run_result *r)
{
    char *s = NULL;
    dmv_report_env env;
    dmv_error err;
    memset(&env, 0, sizeof env);
    strcpy(env.commit, "abc123");
    dmv_error_init(&err);
    if (dmv_report_render_json(&s, r, &env, &err) != DMV_OK)
        fprintf(stderr, "render: %s\n", err.msg);
    return s;
}

/* compare two texts; returns nfail, stores the kinds seen as a bit mask */
static long gate(const char *a, const char *b, int flags, unsigned *kinds, long *ndiff)
{
    dmv_gate_result g;
    dmv_error err;
    long i, nfail;
    int code;
    dmv_gate_result_init(&g);
    dmv_error_init(&err);
    code = dmv_gate_compare_text(&g, a, "base.json", b, "cur.json", flags, &err);
    DMV_CHECK(code == DMV_OK, "compare: %s", err.msg);
    *kinds = 0;
    for (i = 0; i < g.n; i++)
        *kinds |= 1u << g.diffs[i].kind;
    nfail = g.nfail;
    *ndiff = g.n;
    dmv_gate_result_clear(&g);
    return nfail;
}

#define BIT(k) (1u << (k))

int main(void)
{
    dmv_run_result r;
    char *base, *cur;
    unsigned kinds;
    long nd, nf;

    DMV_CHECK(sample_run(&r) == 0, "sample run");
    set_ball(&r, "1.00000000000000000000000000001", "1e-31");
    base = json(&r);

    /* identical reports: no difference */
    nf = gate(base, base, 0, &kinds, &nd);
    DMV_CHECK(nf == 0 && nd == 0, "identical: %ld fail, %ld diffs", nf, nd);

    /* verdicts: pass -> fail and inconclusive -> fail are worse; fail -> pass is better */
    r.outcomes[0].final_verdict = DMV_VERDICT_FAIL;
    r.outcomes[1].final_verdict = DMV_VERDICT_PASS;
    cur = json(&r);
    nf = gate(base, cur, 0, &kinds, &nd);
    DMV_CHECK(nf == 1 && nd == 2 && kinds == (BIT(DMV_GATE_VERDICT_WORSE) | BIT(DMV_GATE_VERDICT_BETTER)),
              "verdicts: %ld fail, %ld diffs, kinds %x", nf, nd, kinds);
    free(cur);
    r.outcomes[0].final_verdict = DMV_VERDICT_PASS;
    r.outcomes[1].final_verdict = DMV_VERDICT_FAIL;
    r.outcomes[2].final_verdict = DMV_VERDICT_FAIL;
    cur = json(&r);
    nf = gate(base, cur, 0, &kinds, &nd);
    DMV_CHECK(nf == 1 && kinds == BIT(DMV_GATE_VERDICT_WORSE), "inconclusive -> fail: %ld, %x", nf, kinds);
    free(cur);
    r.outcomes[2].final_verdict = DMV_VERDICT_INCONCLUSIVE;
    r.outcomes[0].final_verdict = DMV_VERDICT_INCONCLUSIVE;
    cur = json(&r);
    nf = gate(base, cur, 0, &kinds, &nd);
    DMV_CHECK(nf == 1 && kinds == BIT(DMV_GATE_VERDICT_WORSE), "pass -> inconclusive: %ld, %x", nf, kinds);
    free(cur);
    r.outcomes[0].final_verdict = DMV_VERDICT_PASS;

    /* balls, beyond double precision: both mids round to the double 1.0 */
    set_ball(&r, "1.00000000000000000000000000003", "1e-31"); /* |d| = 2e-29 > 2e-31: disjoint */
    cur = json(&r);
    nf = gate(base, cur, 0, &kinds, &nd);
    DMV_CHECK(nf == 1 && kinds == BIT(DMV_GATE_BALL_OUTSIDE), "disjoint balls: %ld, %x", nf, kinds);
    free(cur);
    set_ball(&r, "1.0000000000000000000000000000100000015", "1e-31"); /* |d| = 1.5e-36: overlap */
    cur = json(&r);
    nf = gate(base, cur, 0, &kinds, &nd);
    DMV_CHECK(nf == 0 && nd == 0, "overlapping balls: %ld, %x", nf, kinds);
    free(cur);
    /* closed balls touching at one point overlap; 1e-7 further they do not */
    free(base);
    set_ball(&r, "1", "0.5");
    base = json(&r);
    set_ball(&r, "2", "0.5");
    cur = json(&r);
    nf = gate(base, cur, 0, &kinds, &nd);
    DMV_CHECK(nf == 0, "touching balls must overlap: %ld, %x", nf, kinds);
    free(cur);
    set_ball(&r, "2.0000001", "0.5");
    cur = json(&r);
    nf = gate(base, cur, 0, &kinds, &nd);
    DMV_CHECK(nf == 1 && kinds == BIT(DMV_GATE_BALL_OUTSIDE), "balls 1e-7 apart: %ld, %x", nf, kinds);
    free(cur);
    /* a shrunken ball inside the old one passes; a wider one around a moved mid too (they overlap) */
    set_ball(&r, "1.3", "1e-3");
    cur = json(&r);
    nf = gate(base, cur, 0, &kinds, &nd);
    DMV_CHECK(nf == 0, "ball inside: %ld", nf);
    free(cur);
    /* a certified value that disappears or stops being a ball */
    set_ball(&r, "1", "0.5");
    free(r.outcomes[0].result.numbers[0].name);
    r.outcomes[0].result.numbers[0].name = dup_s("renamed");
    cur = json(&r);
    nf = gate(base, cur, 0, &kinds, &nd);
    DMV_CHECK(nf == 1 && kinds == BIT(DMV_GATE_BALL_MISSING), "ball missing: %ld, %x", nf, kinds);
    nf = gate(base, cur, DMV_GATE_ALLOW_MISSING, &kinds, &nd);
    DMV_CHECK(nf == 0 && kinds == BIT(DMV_GATE_BALL_MISSING), "ball missing, allowed: %ld, %x", nf, kinds);
    free(cur);
    free(r.outcomes[0].result.numbers[0].name);
    r.outcomes[0].result.numbers[0].name = dup_s("slope(EM)");

    /* hashes: bit-exact claim 0 fails, ulp-bounded claim 1 is information */
    free(r.outcomes[0].result.sample_hash);
    r.outcomes[0].result.sample_hash = dup_s("philox-sha256:0000");
    free(r.outcomes[1].result.sample_hash);
    r.outcomes[1].result.sample_hash = dup_s("ffff");
    cur = json(&r);
    nf = gate(base, cur, 0, &kinds, &nd);
    DMV_CHECK(nf == 1 && nd == 2 && kinds == (BIT(DMV_GATE_HASH_CHANGED) | BIT(DMV_GATE_HASH_INFO)),
              "hashes: %ld fail, %ld diffs, %x", nf, nd, kinds);
    free(cur);
    free(r.outcomes[0].result.sample_hash);
    r.outcomes[0].result.sample_hash = NULL; /* a bit-exact hash that disappears also fails */
    cur = json(&r);
    nf = gate(base, cur, 0, &kinds, &nd);
    DMV_CHECK(nf == 1 && (kinds & BIT(DMV_GATE_HASH_CHANGED)), "hash absent: %ld, %x", nf, kinds);
    free(cur);
    r.outcomes[0].result.sample_hash = dup_s(SAMPLE_HASH);
    free(r.outcomes[1].result.sample_hash);
    r.outcomes[1].result.sample_hash = dup_s("0123abcd");

    /* claims lost and new */
    r.n = 3; /* drops broken.claim */
    cur = json(&r);
    nf = gate(base, cur, 0, &kinds, &nd);
    DMV_CHECK(nf == 1 && kinds == BIT(DMV_GATE_CLAIM_MISSING), "claim missing: %ld, %x", nf, kinds);
    nf = gate(base, cur, DMV_GATE_ALLOW_MISSING, &kinds, &nd);
    DMV_CHECK(nf == 0 && nd == 1, "claim missing, allowed: %ld", nf);
    /* a new claim is gated from its first run: broken.claim is inconclusive, so it fails the gate */
    nf = gate(cur, base, 0, &kinds, &nd);
    DMV_CHECK(nf == 1 && kinds == BIT(DMV_GATE_CLAIM_NEW), "claim new, inconclusive: %ld, %x", nf, kinds);
    free(cur);
    {
        char *b2, *c2;
        r.n = 2; /* a baseline of pg.w2.rate and pg.eig.error; law.moments and broken.claim are new */
        b2 = json(&r);
        r.n = 4;
        r.outcomes[2].final_verdict = DMV_VERDICT_PASS;
        r.outcomes[3].final_verdict = DMV_VERDICT_FAIL;
        c2 = json(&r);
        nf = gate(b2, c2, 0, &kinds, &nd);
        DMV_CHECK(nf == 1 && nd == 2 && kinds == BIT(DMV_GATE_CLAIM_NEW), "new pass (info) + new fail: %ld of %ld, %x",
                  nf, nd, kinds);
        free(b2);
        free(c2);
        r.outcomes[2].final_verdict = DMV_VERDICT_INCONCLUSIVE;
        r.outcomes[3].final_verdict = DMV_VERDICT_INCONCLUSIVE;
    }

    /* run settings */
    r.run.seed = 1;
    cur = json(&r);
    nf = gate(base, cur, 0, &kinds, &nd);
    DMV_CHECK(nf == 1 && kinds == BIT(DMV_GATE_SETTINGS), "seed: %ld, %x", nf, kinds);
    free(cur);
    r.run.seed = SAMPLE_SEED;

    /* the cause first: a changed seed is one SETTINGS line; the hash change it causes is summarised
       (DERIVED, not HASH_CHANGED), the certified value that moved too */
    r.run.seed = 7;
    free(r.outcomes[0].result.sample_hash);
    r.outcomes[0].result.sample_hash = dup_s("philox-sha256:0000");
    set_ball(&r, "5", "1e-3");
    cur = json(&r);
    nf = gate(base, cur, 0, &kinds, &nd);
    DMV_CHECK(nf == 1 && nd == 2 && kinds == (BIT(DMV_GATE_SETTINGS) | BIT(DMV_GATE_DERIVED)),
              "seed + derived: %ld of %ld, %x", nf, nd, kinds);
    {
        dmv_gate_result g;
        dmv_error err;
        dmv_gate_result_init(&g);
        dmv_error_init(&err);
        DMV_CHECK(dmv_gate_compare_text(&g, base, "b", cur, "c", 0, &err) == DMV_OK, "%s", err.msg);
        DMV_CHECK(g.nderived_hash == 1 && g.nderived_ball == 1, "derived counts %ld %ld", g.nderived_hash,
                  g.nderived_ball);
        DMV_CHECK(g.n >= 1 && g.diffs[0].kind == DMV_GATE_SETTINGS && strcmp(g.diffs[0].what, "seed") == 0 &&
                      strcmp(g.diffs[0].baseline, "18446744073709551615") == 0 && strcmp(g.diffs[0].current, "7") == 0,
                  "the seed line");
        dmv_gate_result_clear(&g);
    }
    free(cur);
    r.run.seed = SAMPLE_SEED;
    free(r.outcomes[0].result.sample_hash);
    r.outcomes[0].result.sample_hash = dup_s(SAMPLE_HASH);
    set_ball(&r, "1", "0.5");

    /* data files: another SHA-256 of the same file is one DATA line and fails */
    {
        dmv_data_file files[2] = {{"cifar10_eigenvalues.npy", "/d/cifar10_eigenvalues.npy", ""},
                                  {"pierret_galerne_table.csv", "/d/pierret_galerne_table.csv", ""}};
        char *b2, *c2;
        memset(files[0].sha256, 'a', 64);
        memset(files[1].sha256, 'b', 64);
        r.run.ndata = 2;
        r.run.data = files;
        b2 = json(&r);
        DMV_CHECK(b2 != NULL && strstr(b2, "pierret_galerne_table.csv") != NULL, "data files in report.json");
        nf = gate(b2, b2, 0, &kinds, &nd);
        DMV_CHECK(nf == 0 && nd == 0, "same data: %ld", nd);
        files[0].sha256[10] = 'c';
        c2 = json(&r);
        nf = gate(b2, c2, 0, &kinds, &nd);
        DMV_CHECK(nf == 1 && nd == 1 && kinds == BIT(DMV_GATE_DATA), "data differ: %ld of %ld, %x", nf, nd, kinds);
        free(b2);
        free(c2);
        r.run.ndata = 0;
        r.run.data = NULL;
    }

    /* expectations: an expected failure in both is no difference; one that passes fails the gate */
    {
        dmv_claim xf = sample_claims[1];
        char *b2, *c2;
        xf.expect = DMV_EXPECT_FAIL;
        xf.expect_reason = "the published bound is off by a factor 2";
        xf.expect_evidence = "docs/claims.md";
        r.outcomes[1].claim = &xf;
        r.outcomes[1].final_verdict = DMV_VERDICT_FAIL;
        r.outcomes[1].expectation = DMV_EXPECTATION_MET;
        b2 = json(&r);
        DMV_CHECK(b2 != NULL && strstr(b2, "\"outcome\":\t\"expected fail\"") != NULL, "outcome in report.json");
        nf = gate(b2, b2, 0, &kinds, &nd);
        DMV_CHECK(nf == 0 && nd == 0, "expected failure in both: %ld", nd);
        nf = gate(base, b2, 0, &kinds, &nd); /* fail -> expected fail (the finding documented): better */
        DMV_CHECK(nf == 0 && kinds == BIT(DMV_GATE_VERDICT_BETTER), "fail -> expected fail: %ld of %ld, %x", nf, nd,
                  kinds);
        r.outcomes[1].claim = &sample_claims[1];
        r.outcomes[1].final_verdict = DMV_VERDICT_PASS;
        r.outcomes[1].expectation = DMV_EXPECTATION_NONE;
        c2 = json(&r);
        nf = gate(c2, b2, 0, &kinds, &nd); /* pass -> expected fail: information, the expectation changed */
        DMV_CHECK(nf == 0 && nd == 1 && kinds == BIT(DMV_GATE_OUTCOME), "pass -> expected fail: %ld of %ld, %x", nf,
                  nd, kinds);
        free(c2);
        r.outcomes[1].claim = &xf;
        r.outcomes[1].final_verdict = DMV_VERDICT_PASS;
        r.outcomes[1].expectation = DMV_EXPECTATION_UNEXPECTED_PASS;
        c2 = json(&r);
        nf = gate(b2, c2, 0, &kinds, &nd);
        DMV_CHECK(nf == 1 && kinds == BIT(DMV_GATE_UNEXPECTED_PASS), "unexpected pass: %ld, %x", nf, kinds);
        free(c2);
        r.outcomes[1].final_verdict = DMV_VERDICT_INCONCLUSIVE;
        r.outcomes[1].expectation = DMV_EXPECTATION_UNRESOLVED;
        c2 = json(&r);
        nf = gate(b2, c2, 0, &kinds, &nd);
        DMV_CHECK(nf == 1 && kinds == BIT(DMV_GATE_VERDICT_WORSE), "expected fail -> inconclusive: %ld, %x", nf, kinds);
        free(c2);
        free(b2);
        r.outcomes[1].claim = &sample_claims[1];
        r.outcomes[1].final_verdict = DMV_VERDICT_FAIL;
        r.outcomes[1].expectation = DMV_EXPECTATION_NONE;
    }

    /* a baseline with no claims is refused (it would pass every run), naming the file */
    {
        dmv_gate_result g;
        dmv_error err;
        const char *empty = "{\"schema\": \"dmverify-report\", \"schema_version\": 1, \"claims\": []}";
        FILE *f;
        char path[4200];
        int fd;
        dmv_gate_result_init(&g);
        dmv_error_init(&err);
        DMV_CHECK(dmv_gate_compare_text(&g, empty, "empty.json", base, "cur.json", 0, &err) == DMV_EFORMAT &&
                      strstr(err.msg, "empty.json") && strstr(err.msg, "no claims"),
                  "empty baseline: '%s'", err.msg);
        dmv_gate_result_clear(&g);
        /* dmv_gate_baseline_check on files: good, empty, another version, absent */
        snprintf(path, sizeof path, "%s/reports-t-gate.XXXXXX", DMV_BINARY_DIR);
        fd = mkstemp(path);
        DMV_CHECK(fd >= 0, "mkstemps");
        f = fdopen(fd, "w");
        fputs(base, f);
        fclose(f);
        dmv_error_init(&err);
        DMV_CHECK(dmv_gate_baseline_check(path, &err) == DMV_OK, "good baseline: %s", err.msg);
        f = fopen(path, "w");
        fputs(empty, f);
        fclose(f);
        dmv_error_init(&err);
        DMV_CHECK(dmv_gate_baseline_check(path, &err) == DMV_EFORMAT && strstr(err.msg, path), "empty: '%s'", err.msg);
        f = fopen(path, "w");
        fputs("{\"schema\": \"dmverify-report\", \"schema_version\": 9, \"claims\": [{\"id\": \"a\", \"verdict\": "
              "\"pass\"}]}",
              f);
        fclose(f);
        dmv_error_init(&err);
        DMV_CHECK(dmv_gate_baseline_check(path, &err) == DMV_EFORMAT && strstr(err.msg, path) &&
                      strstr(err.msg, "schema_version 9"),
                  "version: '%s'", err.msg);
        remove(path);
        dmv_error_init(&err);
        DMV_CHECK(dmv_gate_baseline_check(path, &err) == DMV_EIO && strstr(err.msg, path), "absent: '%s'", err.msg);
    }

    /* printing: a table, a closing line and the status */
    {
        dmv_gate_result g;
        dmv_error err;
        FILE *f = tmpfile();
        char buf[8192];
        size_t n;
        int st;
        r.outcomes[0].final_verdict = DMV_VERDICT_FAIL;
        cur = json(&r);
        dmv_gate_result_init(&g);
        dmv_error_init(&err);
        DMV_CHECK(dmv_gate_compare_text(&g, base, "OLD.json", cur, "NEW.json", 0, &err) == DMV_OK, "%s", err.msg);
        st = dmv_gate_print(f, &g);
        rewind(f);
        n = fread(buf, 1, sizeof buf - 1, f);
        buf[n] = '\0';
        fclose(f);
        DMV_CHECK(st == 1, "print status %d", st);
        DMV_CHECK(strstr(buf, "OLD.json") && strstr(buf, "NEW.json") && strstr(buf, "CLAIM") &&
                      strstr(buf, "pg.w2.rate") && strstr(buf, "gate: FAIL (1 of 1"),
                  "printed:\n%s", buf);
        dmv_gate_result_clear(&g);
        free(cur);
        r.outcomes[0].final_verdict = DMV_VERDICT_PASS;
    }

    /* bad inputs */
    {
        dmv_gate_result g;
        dmv_error err;
        char *bad;
        int code;
        dmv_gate_result_init(&g);
#define EXPECT_ERR(text, want, needle)                                                                              \
    do {                                                                                                            \
        dmv_error_init(&err);                                                                                       \
        code = dmv_gate_compare_text(&g, base, "base.json", text, "cur.json", 0, &err);                             \
        DMV_CHECK(code == (want) && strstr(err.msg, "cur.json") && strstr(err.msg, needle), "code %d msg '%s'",     \
                  code, err.msg);                                                                                   \
    } while (0)
        EXPECT_ERR("{\"schema\": ", DMV_EFORMAT, "JSON");
        EXPECT_ERR("[1, 2]", DMV_EFORMAT, "object");
        EXPECT_ERR("{\"schema\": \"other\", \"schema_version\": 1, \"claims\": []}", DMV_EFORMAT, "schema");
        EXPECT_ERR("{\"schema\": \"dmverify-report\", \"schema_version\": 2, \"claims\": []}", DMV_EFORMAT,
                   "schema_version 2");
        EXPECT_ERR("{\"schema\": \"dmverify-report\", \"schema_version\": 1}", DMV_EFORMAT, "claims");
        EXPECT_ERR("{\"schema\": \"dmverify-report\", \"schema_version\": 1, \"claims\": [{\"id\": \"x\", "
                   "\"verdict\": \"maybe\"}]}",
                   DMV_EFORMAT, "claim x");
        bad = dup_s(base);
        {
            char *p = strstr(bad, "\"mid\":\t\"1\"");
            DMV_CHECK(p != NULL, "ball not found in the JSON text");
            if (p != NULL)
                memcpy(p + 8, "x", 1);
        }
        EXPECT_ERR(bad, DMV_EFORMAT, "slope(EM)");
        free(bad);
        dmv_error_init(&err);
        code = dmv_gate_compare(&g, "/nonexistent/OLD.json", "/nonexistent/NEW.json", &err);
        DMV_CHECK(code == DMV_EIO && strstr(err.msg, "/nonexistent/OLD.json"), "missing file: %d '%s'", code, err.msg);
        dmv_error_init(&err);
        DMV_CHECK(dmv_gate_validate_text(base, "b", &err) == DMV_OK, "validate: %s", err.msg);
        dmv_gate_result_clear(&g);
    }
    free(base);
    /* observed rounding errors (plain numbers in unit "ulp"): growth beyond 2x the baseline and 4 ulps
     * more fails the gate, any other change is information, an equal value is no difference */
    {
        static const struct { double b, c; long nfail, ndiff; unsigned kinds; } ucase[] = {
            {10.0, 10.0, 0, 0, 0},
            {10.0, 15.0, 0, 1, BIT(DMV_GATE_ULPS_CHANGED)},
            {10.0, 20.0, 0, 1, BIT(DMV_GATE_ULPS_CHANGED)}, /* exactly 2x: not beyond */
            {10.0, 21.0, 1, 1, BIT(DMV_GATE_ULPS_GREW)},
            {10.0, 3.0, 0, 1, BIT(DMV_GATE_ULPS_CHANGED)},
            {1.0, 4.9, 0, 1, BIT(DMV_GATE_ULPS_CHANGED)},   /* 4.9x, but only 3.9 ulps more */
            {1.0, 5.5, 1, 1, BIT(DMV_GATE_ULPS_GREW)},
        };
        long k = r.outcomes[0].result.nnumbers, u;
        DMV_CHECK(dmv_result_add_number(&r.outcomes[0].result, "max |fast - exact| in ulps", 1.0, 0, "ulp") == DMV_OK,
                  "add the ulps number");
        for (u = 0; u < (long) (sizeof ucase / sizeof ucase[0]); u++) {
            char *b2, *c2;
            r.outcomes[0].result.numbers[k].value = ucase[u].b;
            b2 = json(&r);
            r.outcomes[0].result.numbers[k].value = ucase[u].c;
            c2 = json(&r);
            nf = gate(b2, c2, 0, &kinds, &nd);
            DMV_CHECK(nf == ucase[u].nfail && nd == ucase[u].ndiff && kinds == ucase[u].kinds,
                      "ulps %g -> %g: %ld fail of %ld, kinds %x", ucase[u].b, ucase[u].c, nf, nd, kinds);
            free(b2);
            free(c2);
        }
    }
    sample_run_clear(&r);
    DMV_TEST_DONE("reports/t-gate");
}
