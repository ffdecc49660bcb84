/* The data folder and the hashed data files of a run. cli/data.h. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "data.h"
#include "dmv/buildinfo.h"
#include "dmv/fast.h"
#include "dmv/path.h"
#include "dmv/str.h"

void dmv_cli_data_init(dmv_cli_data *d)
{
    d->dir = NULL;
    d->origin = NULL;
    d->n = 0;
    d->files = NULL;
}

void dmv_cli_data_clear(dmv_cli_data *d)
{
    long i;
    for (i = 0; i < d->n; i++) {
        free((char *) d->files[i].name);
        free((char *) d->files[i].path);
    }
    free(d->files);
    free(d->dir);
    dmv_cli_data_init(d);
}

static int is_dir(const char *p)
{
    struct stat st;
    return p != NULL && stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* <folder of the running program>/../share/dmverify/data, malloc'd, or NULL. */
static char *exe_relative(void)
{
    char exe[4096], *slash, *out;
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return NULL;
    exe[n] = '\0';
    slash = strrchr(exe, '/');
    if (slash == NULL)
        return NULL;
    *slash = '\0';
    out = malloc(strlen(exe) + 32);
    if (out != NULL)
        sprintf(out, "%s/../share/dmverify/data", exe);
    return out;
}

int dmv_cli_data_resolve(dmv_cli_data *d, const char *explicit_dir, dmv_error *err)
{
    const char *env = getenv("DMV_DATA_DIR");
    char *rel;
    int rc;
    free(d->dir);
    d->dir = NULL;
    if (explicit_dir != NULL) {
        if ((rc = dmv_path_check_input_dir(explicit_dir, "--data-dir", err)) != DMV_OK)
            return rc;
        d->dir = dmv_strdup(explicit_dir);
        d->origin = "--data-dir";
    } else if (env != NULL && *env != '\0') {
        if ((rc = dmv_path_check_input_dir(env, "DMV_DATA_DIR (environment)", err)) != DMV_OK)
            return rc;
        d->dir = dmv_strdup(env);
        d->origin = "DMV_DATA_DIR";
    } else if ((rel = exe_relative()) != NULL && is_dir(rel)) {
        d->dir = rel;
        d->origin = "installed";
    } else {
        free(rel);
        if (is_dir(DMV_INSTALL_DATA_DIR)) {
            d->dir = dmv_strdup(DMV_INSTALL_DATA_DIR);
            d->origin = "installed";
        } else {
            d->dir = dmv_strdup(DMV_SOURCE_DATA_DIR);
            d->origin = "source tree";
        }
    }
    if (d->dir == NULL)
        return dmv_error_set(err, DMV_ENOMEM, "data folder: out of memory");
    return DMV_OK;
}

static int hash_file(char hex[65], const char *path, dmv_error *err)
{
    static const char digits[] = "0123456789abcdef";
    unsigned char buf[65536], dg[32];
    dmv_fast_sha256 c;
    size_t r;
    int k;
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return dmv_error_set(err, DMV_EIO, "data file %s: %s", path, strerror(errno));
    dmv_fast_sha256_init(&c);
    while ((r = fread(buf, 1, sizeof buf, f)) > 0)
        dmv_fast_sha256_update(&c, buf, r);
    if (ferror(f)) {
        fclose(f);
        return dmv_error_set(err, DMV_EIO, "data file %s: read error", path);
    }
    fclose(f);
    dmv_fast_sha256_final(&c, dg);
    for (k = 0; k < 32; k++) {
        hex[2 * k] = digits[dg[k] >> 4];
        hex[2 * k + 1] = digits[dg[k] & 15];
    }
    hex[64] = '\0';
    return DMV_OK;
}

static int add_file(dmv_cli_data *d, const char *claim_id, const char *name, size_t len, dmv_error *err)
{
    dmv_data_file *f;
    char *nm, *path, what[256];
    long i;
    int rc;
    for (i = 0; i < d->n; i++)
        if (strlen(d->files[i].name) == len && strncmp(d->files[i].name, name, len) == 0)
            return DMV_OK; /* already checked and hashed */
    nm = malloc(len + 1);
    path = malloc(strlen(d->dir) + len + 2);
    f = realloc(d->files, (size_t) (d->n + 1) * sizeof *f);
    if (f != NULL)
        d->files = f;
    if (nm == NULL || path == NULL || f == NULL) {
        free(nm);
        free(path);
        return dmv_error_set(err, DMV_ENOMEM, "data files: out of memory");
    }
    memcpy(nm, name, len);
    nm[len] = '\0';
    sprintf(path, "%s/%s", d->dir, nm);
    snprintf(what, sizeof what, "claim %s needs data file", claim_id);
    rc = dmv_path_check_input(path, what, err);
    if (rc == DMV_OK) {
        f = &d->files[d->n];
        f->name = nm;
        f->path = path;
        rc = hash_file(f->sha256, path, err);
        if (rc == DMV_OK) {
            d->n++;
            return DMV_OK;
        }
    }
    free(nm);
    free(path);
    return rc;
}

int dmv_cli_data_prepare(dmv_cli_data *d, const dmv_claim *const *claims, long nclaims, dmv_error *err)
{
    long i;
    int rc;
    for (i = 0; i < nclaims; i++) {
        const char *s = claims[i]->data_files;
        while (s != NULL && *s != '\0') {
            size_t len;
            while (*s == ' ')
                s++;
            len = strcspn(s, " ");
            if (len > 0 && (rc = add_file(d, claims[i]->id, s, len, err)) != DMV_OK) {
                if (d->origin != NULL && strcmp(d->origin, "--data-dir") != 0) {
                    /* say where the folder came from, so that the user knows what to change */
                    size_t used = strlen(err->msg);
                    if (used < sizeof err->msg)
                        snprintf(err->msg + used, sizeof err->msg - used,
                                 " (data folder from the %s; give --data-dir DIR)", d->origin);
                }
                return rc;
            }
            s += len;
        }
    }
    return DMV_OK;
}
