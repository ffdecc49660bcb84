/* The CI gate on pairs of reports built from the synthetic run: each rule
 * (verdict worse, ball moved, bit-exact hash changed, claim or value lost,
 * settings changed) fires exactly when it should, balls are compared beyond
 * double precision, closed balls that touch overlap, and bad inputs give
 * DMV_EIO / DMV_EFORMAT with the file named. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
    nf = gate(cur, base, 0, &kinds, &nd);
    DMV_CHECK(nf == 0 && kinds == BIT(DMV_GATE_CLAIM_NEW), "claim new: %ld, %x", nf, kinds);
    free(cur);
    r.n = 4;

    /* run settings */
    r.run.seed = 1;
    cur = json(&r);
    nf = gate(base, cur, 0, &kinds, &nd);
    DMV_CHECK(nf == 1 && kinds == BIT(DMV_GATE_SETTINGS), "seed: %ld, %x", nf, kinds);
    free(cur);
    r.run.seed = SAMPLE_SEED;

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
    sample_run_clear(&r);
    DMV_TEST_DONE("reports/t-gate");
}
