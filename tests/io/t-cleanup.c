/* io/cleanup.c: a child process registers temporary files, then receives SIGINT or
 * SIGTERM: it must exit 130 / 143 (128 + the signal) with every registered file and
 * folder removed, and a forgotten one kept. */
#define _POSIX_C_SOURCE 200809L
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "dmv/cleanup.h"
#include "dmv_test.h"

static int exists(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0;
}

int main(void)
{
    static const int sigs[2] = {SIGINT, SIGTERM};
    int k;
    for (k = 0; k < 2; k++) {
        char f1[] = "/tmp/dmv-t-cleanup.XXXXXX", f2[] = "/tmp/dmv-t-cleanup.XXXXXX",
             d1[] = "/tmp/dmv-t-cleanup-d.XXXXXX";
        int slot, fd, status = 0;
        pid_t pid;
        fd = dmv_cleanup_mkstemp(f1, &slot);
        DMV_CHECK(fd >= 0 && slot >= 0, "mkstemp: fd %d slot %d", fd, slot);
        close(fd);
        fd = dmv_cleanup_mkstemp(f2, &slot);
        DMV_CHECK(fd >= 0 && slot >= 0, "mkstemp 2");
        close(fd);
        dmv_cleanup_forget(slot); /* f2 is "renamed": a signal must keep it */
        DMV_CHECK(dmv_cleanup_mkdtemp(d1, &slot) != NULL && slot >= 0, "mkdtemp");
        DMV_CHECK(dmv_cleanup_count() == 2, "%d registered, expected 2", dmv_cleanup_count());
        signal(sigs[k], SIG_DFL);
        pid = fork();
        if (pid == 0) {
            if (dmv_cleanup_install_signals() != 0)
                _exit(99);
            raise(sigs[k]);
            _exit(98); /* not reached: the handler exits */
        }
        DMV_CHECK(pid > 0 && waitpid(pid, &status, 0) == pid, "fork/wait");
        DMV_CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 128 + sigs[k], "signal %d: status %d (exit %d)",
                  sigs[k], status, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
        DMV_CHECK(!exists(f1), "signal %d: registered file %s left", sigs[k], f1);
        DMV_CHECK(!exists(d1), "signal %d: registered folder %s left", sigs[k], d1);
        DMV_CHECK(exists(f2), "signal %d: a forgotten file was removed", sigs[k]);
        unlink(f1);
        unlink(f2);
        rmdir(d1);
        /* the parent's table still holds f1 and d1: forget them for the next round */
        for (slot = 0; slot < DMV_CLEANUP_SLOTS; slot++)
            dmv_cleanup_forget(slot);
    }
    /* an ignored signal stays ignored */
    {
        char f1[] = "/tmp/dmv-t-cleanup.XXXXXX";
        int slot, fd, status = 0;
        pid_t pid;
        fd = dmv_cleanup_mkstemp(f1, &slot);
        close(fd);
        signal(SIGINT, SIG_IGN);
        pid = fork();
        if (pid == 0) {
            dmv_cleanup_install_signals();
            raise(SIGINT);
            _exit(7);
        }
        DMV_CHECK(pid > 0 && waitpid(pid, &status, 0) == pid, "fork/wait");
        DMV_CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 7 && exists(f1), "ignored SIGINT: status %d", status);
        unlink(f1);
        dmv_cleanup_forget(slot);
    }
    DMV_TEST_DONE("t-cleanup");
}
