/* Progress on stderr: carriage returns on a terminal, full lines otherwise. cli/progress.h. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "dmv/str.h"
#include "progress.h"
#include "mpi_layer.h"

double dmv_cli_now(void)
{
    struct timespec ts;
    if (timespec_get(&ts, TIME_UTC) == 0)
        return 0.0;
    return (double) ts.tv_sec + 1e-9 * (double) ts.tv_nsec;
}

void dmv_cli_progress_init(dmv_cli_progress *p, int quiet)
{
    p->t0 = p->last = dmv_cli_now();
    p->tty = isatty(STDERR_FILENO);
    p->quiet = quiet || !dmv_mpi_is_root(); /* one progress line per run, from rank 0 */
    p->shown = 0;
}

void dmv_cli_progress_update(dmv_cli_progress *p, const char *label, double fraction, const char *detail)
{
    double now = dmv_cli_now(), el = now - p->t0;
    char e1[32], e2[32];
    if (p->quiet || el < 1.0)
        return;
    if (p->tty ? now - p->last < 0.2 : now - p->last < DMV_CLI_PROGRESS_LOG_SECONDS)
        return;
    p->last = now;
    if (fraction < 0)
        fraction = 0;
    if (fraction > 1)
        fraction = 1;
    dmv_format_duration(e1, sizeof e1, el);
    if (fraction > 0)
        dmv_format_duration(e2, sizeof e2, el * (1 - fraction) / fraction);
    else
        snprintf(e2, sizeof e2, "?");
    fprintf(stderr, "%s%s: %5.1f%%%s%s, %s elapsed, ETA %s%s", p->tty ? "\r" : "", label, 100 * fraction,
            detail ? " " : "", detail ? detail : "", e1, e2, p->tty ? "   " : "\n");
    fflush(stderr);
    p->shown = p->tty;
}

void dmv_cli_progress_done(dmv_cli_progress *p)
{
    if (p->shown)
        fprintf(stderr, "\n");
    p->shown = 0;
}
