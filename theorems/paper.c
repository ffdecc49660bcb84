/* A claim's paper record (dmv_paper): the citation and arXiv id the reports and `dmverify list` show. */
#include <stddef.h>

#include "dmv/claim.h"

const char *dmv_claim_citation(const dmv_claim *c)
{
    return (c != NULL && c->paper != NULL) ? c->paper->citation : NULL;
}

const char *dmv_claim_arxiv(const dmv_claim *c)
{
    return (c != NULL && c->paper != NULL) ? c->paper->arxiv : NULL;
}
