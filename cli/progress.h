/* Progress on stderr, shared by sample, exact and run (docs/sample.md).
 * On a terminal: one line redrawn with carriage returns (at most 5 times a
 * second). Otherwise (a log file, a CI job): full lines, at most one every
 * DMV_CLI_PROGRESS_LOG_SECONDS. Nothing in the first second. Each line shows the
 * percentage, the elapsed time and a readable ETA ("ETA 1 min 20 s"). */
#ifndef DMV_CLI_PROGRESS_H
#define DMV_CLI_PROGRESS_H

enum { DMV_CLI_PROGRESS_LOG_SECONDS = 3 };

typedef struct {
    double t0, last;  /* start, last line shown */
    int tty;          /* stderr is a terminal */
    int quiet;        /* print nothing */
    int shown;        /* a carriage-return line is open (needs a final newline) */
} dmv_cli_progress;

double dmv_cli_now(void);
void dmv_cli_progress_init(dmv_cli_progress *p, int quiet);
/* fraction in [0, 1]; label starts the line ("sample"); detail may be NULL ("(500/1000)"). */
void dmv_cli_progress_update(dmv_cli_progress *p, const char *label, double fraction, const char *detail);
/* Ends an open carriage-return line. */
void dmv_cli_progress_done(dmv_cli_progress *p);

#endif
