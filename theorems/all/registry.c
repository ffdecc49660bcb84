/* The claim registry: every paper's claim table (theorems/<paper>/), one after the other in a fixed
 * order, then the implementation checks (theorems/checks/). This is the order in which claims run
 * and are reported. A new paper adds its folder, its table function and one line below. */
#include <string.h>

#include "dmv/claim.h"
#include "../checks/core_claims.h"
#include "../gd/gd_claims.h"
#include "../lm/lm_claims.h"
#include "../od/od_claims.h"
#include "../pg/pg_claims.h"
#include "../ym/ym_claims.h"

typedef const dmv_claim *(*dmv_claim_table_fn)(long *n);

static const dmv_claim_table_fn tables[] = {
    dmv_pg_claims,     /* theorems/pg/: Pierret & Galerne */
    dmv_gd_claims,     /* theorems/gd/: Chidambaram et al. (guidance) */
    dmv_gd_fig_claims, /* theorems/gd/: Chidambaram et al., the figures' experiments */
    dmv_lm_claims,     /* theorems/lm/: Liang et al. (score mismatch, zero-shot) */
    dmv_od_claims,     /* theorems/od/: Venkatraman et al. (outsourced sampling) */
    dmv_ym_claims,     /* theorems/ym/: Yi et al. (memorisation) */
    dmv_checks_claims, /* theorems/checks/: core.pathwise.* (last) */
};
#define NTABLES ((long) (sizeof tables / sizeof tables[0]))

long dmv_claim_count(void)
{
    long t, n, total = 0;
    for (t = 0; t < NTABLES; t++) {
        (void) tables[t](&n);
        total += n;
    }
    return total;
}

const dmv_claim *dmv_claim_get(long i)
{
    long t, n;
    if (i < 0)
        return NULL;
    for (t = 0; t < NTABLES; t++) {
        const dmv_claim *c = tables[t](&n);
        if (i < n)
            return &c[i];
        i -= n;
    }
    return NULL;
}

const dmv_claim *dmv_claim_find(const char *id)
{
    long t, n, i;
    for (t = 0; t < NTABLES; t++) {
        const dmv_claim *c = tables[t](&n);
        for (i = 0; i < n; i++)
            if (strcmp(c[i].id, id) == 0)
                return &c[i];
    }
    return NULL;
}
