/* The replay driver of the fuzz targets (tests/fuzz/, docs/fuzzing.md): a main() for the builds
 * without libFuzzer. Each argument is a file or a folder (its regular files, not recursive); every
 * file is given to LLVMFuzzerTestOneInput as the fuzzer would give it. Fails when no file was
 * replayed (an empty corpus replays nothing: a test that cannot fail). A crash, leak or UB report
 * in a sanitizer build fails the test; so does a target's own abort. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

static int replay_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    unsigned char *buf = NULL;
    size_t len = 0, cap = 0, got;
    if (f == NULL) {
        fprintf(stderr, "replay: cannot open %s\n", path);
        return -1;
    }
    for (;;) {
        if (len == cap) {
            unsigned char *p = realloc(buf, cap ? 2 * cap : 4096);
            if (p == NULL) {
                fclose(f);
                free(buf);
                fprintf(stderr, "replay: %s: out of memory\n", path);
                return -1;
            }
            buf = p;
            cap = cap ? 2 * cap : 4096;
        }
        got = fread(buf + len, 1, cap - len, f);
        len += got;
        if (got == 0)
            break;
    }
    if (ferror(f)) {
        fclose(f);
        free(buf);
        fprintf(stderr, "replay: cannot read %s\n", path);
        return -1;
    }
    fclose(f);
    LLVMFuzzerTestOneInput(buf, len);
    free(buf);
    return 1;
}

int main(int argc, char **argv)
{
    long n = 0;
    int i;
    for (i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) != 0) {
            fprintf(stderr, "replay: no such file or folder: %s\n", argv[i]);
            return 1;
        }
        if (S_ISDIR(st.st_mode)) {
            DIR *d = opendir(argv[i]);
            struct dirent *e;
            if (d == NULL) {
                fprintf(stderr, "replay: cannot open folder %s\n", argv[i]);
                return 1;
            }
            while ((e = readdir(d)) != NULL) {
                char path[4096];
                struct stat fs;
                if (e->d_name[0] == '.')
                    continue;
                if (snprintf(path, sizeof path, "%s/%s", argv[i], e->d_name) >= (int) sizeof path)
                    continue;
                if (stat(path, &fs) != 0 || !S_ISREG(fs.st_mode))
                    continue;
                if (replay_file(path) < 0) {
                    closedir(d);
                    return 1;
                }
                n++;
            }
            closedir(d);
        } else {
            if (replay_file(argv[i]) < 0)
                return 1;
            n++;
        }
    }
    if (n == 0) {
        fprintf(stderr, "replay: no input replayed (empty corpus?)\n");
        return 1;
    }
    printf("replay: %ld inputs, no crash\n", n);
    return 0;
}
