/* dmv_format_duration: readable durations, against hand-written expectations
 * (60 s = 1 min, 3600 s = 1 h, 86400 s = 1 d; rounding to the nearest second). */
#include <math.h>
#include <string.h>

#include "dmv/str.h"
#include "dmv_test.h"

int main(void)
{
    static const struct { double s; const char *want; } cases[] = {
        {0, "0 s"}, {0.49, "0 s"}, {0.5, "1 s"}, {45.2, "45 s"}, {59.4, "59 s"}, {59.5, "1 min"},
        {80, "1 min 20 s"}, {3599, "59 min 59 s"}, {3600, "1 h"}, {3660, "1 h 1 min"}, {7530, "2 h 5 min"},
        {86399, "23 h 59 min"}, {86400, "1 d"}, {3 * 86400 + 4 * 3600 + 59, "3 d 4 h"}, {-1, "?"}};
    char buf[64], small[4];
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        dmv_format_duration(buf, sizeof buf, cases[i].s);
        DMV_CHECK(strcmp(buf, cases[i].want) == 0, "%g s: '%s', expected '%s'", cases[i].s, buf, cases[i].want);
    }
    dmv_format_duration(buf, sizeof buf, NAN);
    DMV_CHECK(strcmp(buf, "?") == 0, "NaN: '%s'", buf);
    dmv_format_duration(buf, sizeof buf, INFINITY);
    DMV_CHECK(strcmp(buf, "?") == 0, "inf: '%s'", buf);
    dmv_format_duration(small, sizeof small, 80); /* truncated, still terminated */
    DMV_CHECK(strlen(small) == 3 && strncmp(small, "1 m", 3) == 0, "truncation: '%s'", small);
    DMV_TEST_DONE("t-duration");
}
