/* The claim table of Yi, Sun & Li (arXiv 2305.14712): theorems/ym/. */
#include <stddef.h>

#include "ym_claims.h"

#define YM_AUTHORS "Yi, Sun & Li"
#define YM_TITLE "On the generalization of diffusion model"

const dmv_paper dmv_paper_ym = {"ym", YM_AUTHORS, YM_TITLE, NULL, "2305.14712", YM_AUTHORS ", " YM_TITLE};

const dmv_claim *dmv_ym_claims(long *n)
{
    *n = 0; /* no claim yet */
    return NULL;
}
