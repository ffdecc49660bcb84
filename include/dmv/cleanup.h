/* Temporary files removed on SIGINT/SIGTERM (io/cleanup.c).
 *
 * Every writer that creates a temporary file beside its target (the atomic
 * writers of reports/file.c and io/npy.c, the path probes of io/path.c)
 * creates it with dmv_cleanup_mkstemp, which registers the path in a fixed
 * table, and calls dmv_cleanup_forget once the file was renamed or removed.
 * A program that calls dmv_cleanup_install_signals gets handlers that unlink
 * every registered path and _exit(128 + signal): 130 for SIGINT, 143 for
 * SIGTERM. The handler uses only async-signal-safe calls (unlink, write,
 * _exit) and lock-free atomics; the table holds DMV_CLEANUP_SLOTS paths of at
 * most DMV_CLEANUP_PATH_MAX bytes. docs/sample.md, docs/run.md. */
#ifndef DMV_CLEANUP_H
#define DMV_CLEANUP_H

#include "dmv/error.h"

enum { DMV_CLEANUP_SLOTS = 64, DMV_CLEANUP_PATH_MAX = 4096 };

/* mkstemp(tmpl) with SIGINT/SIGTERM blocked until the created path is
 * registered. Returns the open descriptor (>= 0) and the slot in *slot (-1 if
 * the table is full or the path too long: the file then exists but is not
 * removed by a signal), or -1 with errno set (nothing created). */
int dmv_cleanup_mkstemp(char *tmpl, int *slot);
/* mkdtemp(tmpl) likewise (a folder; the handler removes it with rmdir). NULL on failure. */
char *dmv_cleanup_mkdtemp(char *tmpl, int *slot);
/* Registers an existing path (copied); returns its slot or -1. */
int dmv_cleanup_register(const char *path, int is_dir);
/* The path of slot was renamed or removed: a signal no longer touches it. slot < 0 is ignored. */
void dmv_cleanup_forget(int slot);
/* Installs the SIGINT and SIGTERM handlers (idempotent); a signal ignored when the program
 * started (nohup, a background job of a shell without job control) stays ignored.
 * 0, or -1 if sigaction failed. */
int dmv_cleanup_install_signals(void);
/* How many paths are registered now (for tests). */
int dmv_cleanup_count(void);

#endif
