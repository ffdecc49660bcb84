/* Build and machine facts recorded in every report: version, commit,
 * compiler and flags, library versions, CPU, host, date. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <gmp.h>
#include <mpfr.h>
#if defined(DMV_FLINT3) && DMV_FLINT3
#include <flint/flint.h>
#else
#include <arb.h>
#include <flint/flint.h>
#endif

#include "dmv/buildinfo.h"
#include "dmv/report.h"

/* OpenBLAS's own entry point (cblas.h of OpenBLAS declares it the same way);
 * declared here so that reports/ does not depend on where cblas.h lives. */
char *openblas_get_config(void);

static void copy(char *dst, size_t n, const char *src)
{
    if (src == NULL || *src == '\0')
        src = "unknown";
    snprintf(dst, n, "%s", src);
}

static void read_cpu_model(char *dst, size_t n)
{
    FILE *f = fopen("/proc/cpuinfo", "r");
    char line[512];
    copy(dst, n, "unknown");
    if (f == NULL)
        return;
    while (fgets(line, sizeof line, f) != NULL) {
        if (strncmp(line, "model name", 10) == 0) {
            char *c = strchr(line, ':');
            if (c != NULL) {
                size_t len;
                c++;
                while (*c == ' ' || *c == '\t')
                    c++;
                len = strlen(c);
                while (len > 0 && (c[len - 1] == '\n' || c[len - 1] == ' '))
                    c[--len] = '\0';
                copy(dst, n, c);
            }
            break;
        }
    }
    fclose(f);
}

int dmv_report_env_fill(dmv_report_env *env)
{
    time_t now = time(NULL);
    struct tm tm;
    long ncpu;
    memset(env, 0, sizeof *env);
    copy(env->version, sizeof env->version, DMV_VERSION);
    copy(env->commit, sizeof env->commit, DMV_GIT_COMMIT);
    copy(env->compiler, sizeof env->compiler, DMV_C_COMPILER);
    copy(env->flags, sizeof env->flags, DMV_C_FLAGS);
    copy(env->build_type, sizeof env->build_type, DMV_BUILD_TYPE);
#if defined(DMV_FLINT3) && DMV_FLINT3
    copy(env->arb, sizeof env->arb, "in FLINT");
#else
    copy(env->arb, sizeof env->arb, arb_version);
#endif
    copy(env->flint, sizeof env->flint, flint_version);
    copy(env->mpfr, sizeof env->mpfr, mpfr_get_version());
    copy(env->gmp, sizeof env->gmp, gmp_version);
    copy(env->cjson, sizeof env->cjson, cJSON_Version());
    copy(env->openblas, sizeof env->openblas, openblas_get_config());
    read_cpu_model(env->cpu, sizeof env->cpu);
    ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    env->ncpu = ncpu > 0 ? ncpu : 0;
    if (gethostname(env->hostname, sizeof env->hostname - 1) != 0)
        copy(env->hostname, sizeof env->hostname, "unknown");
    env->hostname[sizeof env->hostname - 1] = '\0';
    if (gmtime_r(&now, &tm) != NULL)
        strftime(env->date_utc, sizeof env->date_utc, "%Y-%m-%dT%H:%M:%SZ", &tm);
    else
        copy(env->date_utc, sizeof env->date_utc, "unknown");
    return DMV_OK;
}
