/* The model interface: shared helpers. */
#include <string.h>

#include "dmv/fast.h"

void dmv_fast_model_clear(dmv_fast_model *m)
{
    if (m == NULL)
        return;
    if (m->clear)
        m->clear(m);
    memset(m, 0, sizeof *m);
}
