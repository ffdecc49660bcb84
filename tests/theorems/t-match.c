/* dmv_claim_match: glob semantics checked against hand-written expectations. */
#include <string.h>

#include "dmv/claim.h"
#include "dmv_test.h"

int main(void)
{
    struct { const char *pat, *id; int expect; } cases[] = {
        {"pg.*", "pg.law.em", 1},
        {"pg.*", "pgx.law", 0},
        {"pg.law.*", "pg.law.em", 1},
        {"pg.law.*", "pg.pathwise.em", 0},
        {"*.em", "pg.law.em", 1},
        {"*.em", "pg.law.ei", 0},
        {"pg.law.e?", "pg.law.em", 1},
        {"pg.law.e?", "pg.law.euler", 0},
        {"pg.law.e[im]", "pg.law.ei", 1},
        {"pg.law.e[!i]", "pg.law.ei", 0},
        {"pg.law.e[a-m]", "pg.law.em", 1},
        {"pg.law.em", "pg.law.em", 1},
        {"pg.law.em", "pg.law.emx", 0},
        {"*", "anything", 1},
        {"", "x", 0},
        {"a*b*c", "aXbYc", 1},
        {"a*b*c", "aXbY", 0},
        {"[", "[", 1},
    };
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
        DMV_CHECK(dmv_claim_match(cases[i].pat, cases[i].id) == cases[i].expect, "pattern '%s' id '%s' expect %d",
                  cases[i].pat, cases[i].id, cases[i].expect);
    DMV_TEST_DONE("t-match");
}
