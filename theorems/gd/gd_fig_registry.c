/* The second claim table of Chidambaram, Gatmiry, Chen, Lee & Lu (arXiv 2409.13074): the figures' experiments. */
#include <stddef.h>

#include "gd_claims.h"

const dmv_claim *dmv_gd_fig_claims(long *n)
{
    *n = 0; /* no claim yet */
    return NULL;
}
