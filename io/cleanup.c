/* Temporary files removed on SIGINT/SIGTERM: a fixed table of paths that an
 * async-signal-safe handler unlinks before _exit(128 + sig). include/dmv/cleanup.h. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dmv/cleanup.h"

#if ATOMIC_INT_LOCK_FREE != 2
#error "io/cleanup.c needs lock-free atomic int (async-signal-safe)"
#endif

/* state: 0 free, 1 being written (the handler skips it), 2 a file, 3 a folder */
static atomic_int slot_state[DMV_CLEANUP_SLOTS];
static char slot_path[DMV_CLEANUP_SLOTS][DMV_CLEANUP_PATH_MAX];
static atomic_int installed;

static int take_slot(const char *path, int is_dir)
{
    size_t n = strlen(path);
    int i;
    if (n >= DMV_CLEANUP_PATH_MAX)
        return -1;
    for (i = 0; i < DMV_CLEANUP_SLOTS; i++) {
        int expect = 0;
        if (atomic_compare_exchange_strong(&slot_state[i], &expect, 1)) {
            memcpy(slot_path[i], path, n + 1);
            atomic_store(&slot_state[i], is_dir ? 3 : 2);
            return i;
        }
    }
    return -1;
}

int dmv_cleanup_register(const char *path, int is_dir)
{
    if (path == NULL)
        return -1;
    return take_slot(path, is_dir);
}

void dmv_cleanup_forget(int slot)
{
    if (slot >= 0 && slot < DMV_CLEANUP_SLOTS)
        atomic_store(&slot_state[slot], 0);
}

int dmv_cleanup_count(void)
{
    int i, n = 0;
    for (i = 0; i < DMV_CLEANUP_SLOTS; i++)
        n += atomic_load(&slot_state[i]) >= 2;
    return n;
}

static void block_signals(sigset_t *old)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigprocmask(SIG_BLOCK, &set, old);
}

int dmv_cleanup_mkstemp(char *tmpl, int *slot)
{
    sigset_t old;
    int fd, e;
    *slot = -1;
    block_signals(&old);
    fd = mkstemp(tmpl);
    e = errno;
    if (fd >= 0)
        *slot = take_slot(tmpl, 0);
    sigprocmask(SIG_SETMASK, &old, NULL);
    errno = e;
    return fd;
}

char *dmv_cleanup_mkdtemp(char *tmpl, int *slot)
{
    sigset_t old;
    char *r;
    int e;
    *slot = -1;
    block_signals(&old);
    r = mkdtemp(tmpl);
    e = errno;
    if (r != NULL)
        *slot = take_slot(tmpl, 1);
    sigprocmask(SIG_SETMASK, &old, NULL);
    errno = e;
    return r;
}

static void on_signal(int sig)
{
    static const char msg[] = "dmverify: interrupted; temporary files removed\n";
    int i;
    for (i = 0; i < DMV_CLEANUP_SLOTS; i++) {
        int s = atomic_load(&slot_state[i]);
        if (s == 2)
            (void) unlink(slot_path[i]);
        else if (s == 3)
            (void) rmdir(slot_path[i]);
    }
    if (write(STDERR_FILENO, msg, sizeof msg - 1) < 0) {
        /* nothing more can be done in a handler */
    }
    _exit(128 + sig);
}

int dmv_cleanup_install_signals(void)
{
    static const int sigs[2] = {SIGINT, SIGTERM};
    struct sigaction sa;
    int k;
    if (atomic_exchange(&installed, 1))
        return 0;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaddset(&sa.sa_mask, SIGINT);
    sigaddset(&sa.sa_mask, SIGTERM);
    sa.sa_flags = 0;
    for (k = 0; k < 2; k++) {
        struct sigaction old;
        /* a signal ignored at start (nohup, a background job without job control) stays ignored */
        if (sigaction(sigs[k], NULL, &old) != 0)
            return -1;
        if (old.sa_handler == SIG_IGN)
            continue;
        if (sigaction(sigs[k], &sa, NULL) != 0)
            return -1;
    }
    return 0;
}
