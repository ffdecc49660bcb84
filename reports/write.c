/* The report writers: render, then write atomically; write_all writes the
 * four reports into one folder. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dmv/report.h"

typedef int (*render_fn)(char **, const dmv_run_result *, const dmv_report_env *, dmv_error *);

static int render_and_write(render_fn f, const char *path, const dmv_run_result *r, const dmv_report_env *env,
                            dmv_error *err)
{
    char *s = NULL;
    int code;
    if (path == NULL)
        return dmv_error_set(err, DMV_EINVAL, "write report: path is NULL");
    code = f(&s, r, env, err);
    if (code != DMV_OK)
        return code;
    code = dmv_report_write_atomic(path, s, strlen(s), err);
    free(s);
    return code;
}

int dmv_report_write_json(const char *path, const dmv_run_result *r, const dmv_report_env *env, dmv_error *err)
{
    return render_and_write(dmv_report_render_json, path, r, env, err);
}

int dmv_report_write_markdown(const char *path, const dmv_run_result *r, const dmv_report_env *env,
                              dmv_error *err)
{
    return render_and_write(dmv_report_render_markdown, path, r, env, err);
}

int dmv_report_write_junit(const char *path, const dmv_run_result *r, const dmv_report_env *env, dmv_error *err)
{
    return render_and_write(dmv_report_render_junit, path, r, env, err);
}

int dmv_report_write_html(const char *path, const dmv_run_result *r, const dmv_report_env *env, dmv_error *err)
{
    return render_and_write(dmv_report_render_html, path, r, env, err);
}

int dmv_report_write_all(const char *dir, const dmv_run_result *r, dmv_error *err)
{
    static const char *const names[4] = {"report.json", "report.md", "junit.xml", "report.html"};
    const render_fn fns[4] = {dmv_report_render_json, dmv_report_render_markdown, dmv_report_render_junit,
                              dmv_report_render_html};
    dmv_report_env env;
    char *path;
    int i, code;
    if (dir == NULL)
        return dmv_error_set(err, DMV_EINVAL, "write reports: folder is NULL");
    code = dmv_report_mkdir_p(dir, err);
    if (code != DMV_OK)
        return code;
    dmv_report_env_fill(&env);
    path = malloc(strlen(dir) + 16);
    if (path == NULL)
        return dmv_error_set(err, DMV_ENOMEM, "write reports into %s: out of memory", dir);
    for (i = 0; i < 4; i++) {
        sprintf(path, "%s/%s", dir, names[i]);
        code = render_and_write(fns[i], path, r, &env, err);
        if (code != DMV_OK)
            break;
    }
    free(path);
    return code;
}
