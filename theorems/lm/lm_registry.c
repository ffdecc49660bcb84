/* The claim table of Liang, Ju, Liang & Shroff (arXiv 2410.13746): theorems/lm/. */
#include <stddef.h>

#include "lm_claims.h"

#define LM_AUTHORS "Liang, Ju, Liang & Shroff"
#define LM_TITLE "Theory on score-mismatched diffusion models and zero-shot conditional samplers"
#define LM_VENUE "ICLR 2025"

const dmv_paper dmv_paper_lm = {"lm", LM_AUTHORS, LM_TITLE, LM_VENUE, "2410.13746", LM_AUTHORS ", " LM_TITLE " (" LM_VENUE ")"};

const dmv_claim *dmv_lm_claims(long *n)
{
    *n = 0; /* no claim yet */
    return NULL;
}
