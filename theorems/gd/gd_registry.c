/* The claim table of Chidambaram, Gatmiry, Chen, Lee & Lu (arXiv 2409.13074): theorems/gd/. */
#include <stddef.h>

#include "gd_claims.h"

#define GD_AUTHORS "Chidambaram, Gatmiry, Chen, Lee & Lu"
#define GD_TITLE "What does guidance do? A fine-grained analysis in a simple setting"
#define GD_VENUE "NeurIPS 2024"

const dmv_paper dmv_paper_gd = {"gd", GD_AUTHORS, GD_TITLE, GD_VENUE, "2409.13074", GD_AUTHORS ", " GD_TITLE " (" GD_VENUE ")"};

const dmv_claim *dmv_gd_claims(long *n)
{
    *n = 0; /* no claim yet */
    return NULL;
}
