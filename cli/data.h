/* The published data folder of `dmverify run` and the files the selected claims
 * read, hashed before any compute (docs/run.md, "Data").
 *
 * Folder: --data-dir DIR, else the environment's DMV_DATA_DIR, else the
 * installed data (<program folder>/../share/dmverify/data, then the configured
 * install prefix's share/dmverify/data) if it exists, else the source tree's
 * data/. A folder given explicitly (option or environment) that does not exist
 * is an error, never a fallback. Then every file named by a selected claim's
 * data_files must be a readable regular file of that folder (else an error
 * naming the claim and the path), and is hashed with SHA-256. */
#ifndef DMV_CLI_DATA_H
#define DMV_CLI_DATA_H

#include "dmv/claim.h"
#include "dmv/error.h"

typedef struct {
    char *dir;            /* the folder chosen (owned) */
    const char *origin;   /* "--data-dir", "DMV_DATA_DIR", "installed", "source tree" */
    long n;
    dmv_data_file *files; /* n files: name, path (owned), sha256 */
} dmv_cli_data;

void dmv_cli_data_init(dmv_cli_data *d);
void dmv_cli_data_clear(dmv_cli_data *d);
/* Chooses the folder. explicit_dir: the --data-dir value or NULL. DMV_EINVAL/DMV_EIO naming it. */
int dmv_cli_data_resolve(dmv_cli_data *d, const char *explicit_dir, dmv_error *err);
/* Checks and hashes the files of the claims (nclaims of them; duplicates hashed once). */
int dmv_cli_data_prepare(dmv_cli_data *d, const dmv_claim *const *claims, long nclaims, dmv_error *err);

#endif
