/* Writes the four reports of a synthetic run into the build tree
 * (BUILD/reports-sample/, used by e2e-html.sh) and checks the files. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dmv/report.h"
#include "dmv_test.h"
#include "sample_run.h"

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : DMV_BINARY_DIR "/reports-sample/nested";
    static const char *const names[4] = {"report.json", "report.md", "junit.xml", "report.html"};
    dmv_run_result r;
    dmv_error err;
    int i, code;
    DIR *d;
    struct dirent *de;
    DMV_CHECK(sample_run(&r) == 0, "sample run could not be built");
    dmv_error_init(&err);
    code = dmv_report_write_all(dir, &r, &err);
    DMV_CHECK(code == DMV_OK, "write_all(%s): %s", dir, err.msg);
    for (i = 0; i < 4; i++) {
        char path[4096], *text = NULL;
        size_t len = 0;
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        dmv_error_init(&err);
        code = dmv_report_read_file(&text, &len, path, &err);
        DMV_CHECK(code == DMV_OK && len > 100, "%s: %s (len %zu)", path, err.msg, len);
        free(text);
    }
    /* no temporary file is left behind */
    d = opendir(dir);
    DMV_CHECK(d != NULL, "cannot list %s", dir);
    while (d != NULL && (de = readdir(d)) != NULL)
        DMV_CHECK(strstr(de->d_name, ".tmp.") == NULL, "temporary file left: %s", de->d_name);
    if (d != NULL)
        closedir(d);
    /* writing into a path under a regular file fails with an error naming it */
    {
        char bad[4096];
        snprintf(bad, sizeof bad, "%s/report.json/sub", dir);
        dmv_error_init(&err);
        code = dmv_report_write_all(bad, &r, &err);
        DMV_CHECK(code == DMV_EIO && strstr(err.msg, "report.json") != NULL, "code %d msg '%s'", code, err.msg);
    }
    /* the single-file writers produce the same bytes as the renderers (same env) */
    {
        typedef int (*wfn)(const char *, const dmv_run_result *, const dmv_report_env *, dmv_error *);
        typedef int (*rfn)(char **, const dmv_run_result *, const dmv_report_env *, dmv_error *);
        const wfn w[4] = {dmv_report_write_json, dmv_report_write_markdown, dmv_report_write_junit,
                          dmv_report_write_html};
        const rfn rr[4] = {dmv_report_render_json, dmv_report_render_markdown, dmv_report_render_junit,
                           dmv_report_render_html};
        dmv_report_env env;
        dmv_report_env_fill(&env);
        for (i = 0; i < 4; i++) {
            char path[4096], *a = NULL, *b = NULL;
            size_t len = 0;
            snprintf(path, sizeof path, "%s/single-%d", dir, i);
            dmv_error_init(&err);
            DMV_CHECK(w[i](path, &r, &env, &err) == DMV_OK, "writer %d: %s", i, err.msg);
            DMV_CHECK(rr[i](&a, &r, &env, &err) == DMV_OK, "renderer %d", i);
            DMV_CHECK(dmv_report_read_file(&b, &len, path, &err) == DMV_OK && a != NULL && strcmp(a, b) == 0,
                      "writer %d wrote other bytes than the renderer", i);
            free(a);
            free(b);
            remove(path);
            DMV_CHECK(w[i](NULL, &r, &env, &err) == DMV_EINVAL, "NULL path");
        }
    }
    sample_run_clear(&r);
    DMV_TEST_DONE("reports/t-render-sample");
}
