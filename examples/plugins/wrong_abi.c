/* A plug-in built for another ABI version: `dmverify audit --plugin` must refuse it (exit 2,
 * naming both versions). Used by tests/audit/e2e-plugin.sh. */
#include "dmv/plugin.h"

static const dmv_plugin plugin = {DMV_PLUGIN_ABI + 1, sizeof(dmv_plugin), "wrong ABI", 0};

const dmv_plugin *dmv_plugin_entry(void);
const dmv_plugin *dmv_plugin_entry(void)
{
    return &plugin;
}
