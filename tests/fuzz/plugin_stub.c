/* The shared library that fuzz_plugin.c loads through the plug-in host (not a target): its entry
 * point returns the descriptor the fuzz program built from the input (exported by the program). */
#include "dmv/plugin.h"

extern dmv_plugin dmv_fuzz_plugin_desc;
extern int dmv_fuzz_plugin_null;

const dmv_plugin *dmv_plugin_entry(void);
const dmv_plugin *dmv_plugin_entry(void)
{
    return dmv_fuzz_plugin_null ? (const dmv_plugin *) 0 : &dmv_fuzz_plugin_desc;
}
