/* Inline SVG plots for report.html: any dmv_ev_plot (linear or log axes,
 * ticks and labels, bands, legend) and the "statistic against its acceptance
 * interval" chart of a claim's tests. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dmv/report.h"
#include "rbuf.h"

static const char *const palette[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd",
                                      "#ff7f0e", "#17becf", "#8c564b", "#e377c2"};
#define NPALETTE ((long) (sizeof palette / sizeof palette[0]))
/* A series with more points is drawn as a line only (keeps the page light). */
#define DMV_SVG_MAX_MARKERS 400
/* A scatter (DMV_SERIES_POINTS) draws at most this many markers (the first ones; keeps the page light). */
#define DMV_SVG_MAX_SCATTER 4000

/* A reference line (a fit, an expected slope) is drawn dashed without
 * markers: by convention its label begins with "fit", "slope" or
 * "reference" (any case). */
static int is_reference_line(const char *label)
{
    static const char *const prefixes[3] = {"fit", "slope", "reference"};
    int k;
    if (label == NULL)
        return 0;
    for (k = 0; k < 3; k++) {
        const char *p = prefixes[k], *q = label;
        while (*p && *q && tolower((unsigned char) *q) == *p) {
            p++;
            q++;
        }
        if (*p == '\0')
            return 1;
    }
    return 0;
}

/* ---- ticks ----------------------------------------------------------------- */

static long push_tick(double *ticks, long n, long max, double t)
{
    if (n < max)
        ticks[n] = t;
    return n + 1;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *) a, y = *(const double *) b;
    return (x > y) - (x < y);
}

long dmv_report_ticks(double *ticks, long max, double lo, double hi, int log_scale)
{
    long n = 0;
    if (!(lo < hi) || !isfinite(lo) || !isfinite(hi) || max <= 0)
        return 0;
    if (log_scale) {
        double l0, l1;
        long e, e0, e1, every;
        if (!(lo > 0))
            return 0;
        l0 = log10(lo);
        l1 = log10(hi);
        e0 = (long) ceil(l0 - 1e-9);
        e1 = (long) floor(l1 + 1e-9);
        if (l1 - l0 < 2.0) {
            /* Fewer than two decades: 1, 2 and 5 times each power of ten. */
            static const double mult[3] = {1.0, 2.0, 5.0};
            for (e = (long) floor(l0) - 1; e <= e1; e++) {
                int m;
                for (m = 0; m < 3; m++) {
                    double t = mult[m] * pow(10.0, (double) e);
                    if (t >= lo * (1 - 1e-12) && t <= hi * (1 + 1e-12))
                        n = push_tick(ticks, n, max, t);
                }
            }
            if (n < 2) /* a narrow range (less than about a factor 2.5): linear ticks */
                return dmv_report_ticks(ticks, max, lo, hi, 0);
        } else {
            every = (e1 - e0) / 10 + 1; /* at most about ten labels */
            for (e = e0; e <= e1; e++)
                if ((e - e0) % every == 0)
                    n = push_tick(ticks, n, max, pow(10.0, (double) e));
        }
    } else {
        double raw = (hi - lo) / 5.0, mag = pow(10.0, floor(log10(raw))), norm = raw / mag, step;
        double k0, k1, k;
        step = norm < 1.5 ? mag : norm < 3.5 ? 2 * mag : norm < 7.5 ? 5 * mag : 10 * mag;
        k0 = ceil(lo / step - 1e-9);
        k1 = floor(hi / step + 1e-9);
        for (k = k0; k <= k1; k += 1.0) {
            double t = k * step;
            if (fabs(t) < 1e-12 * step)
                t = 0.0;
            n = push_tick(ticks, n, max, t);
        }
    }
    if (n > max)
        n = max;
    qsort(ticks, (size_t) n, sizeof *ticks, cmp_double);
    return n;
}

/* ---- axes ------------------------------------------------------------------ */

typedef struct {
    double lo, hi; /* data range after padding (in data units) */
    int log;
    double p0, p1; /* pixel range */
} axis;

static double tr(const axis *a, double v) { return a->log ? log10(v) : v; }

static double pix(const axis *a, double v)
{
    double t0 = tr(a, a->lo), t1 = tr(a, a->hi);
    return a->p0 + (tr(a, v) - t0) / (t1 - t0) * (a->p1 - a->p0);
}

static int usable(double v, int log_scale) { return isfinite(v) && (!log_scale || v > 0); }

/* Widens a degenerate or empty range and pads it by 5% (in log space for log axes). */
static void finish_range(axis *a, double lo, double hi)
{
    if (!(lo <= hi)) { /* no data */
        lo = a->log ? 0.1 : 0.0;
        hi = a->log ? 10.0 : 1.0;
    }
    if (a->log) {
        double l0 = log10(lo), l1 = log10(hi), pad;
        if (l1 - l0 < 1e-12) {
            l0 -= 0.5;
            l1 += 0.5;
        }
        pad = 0.05 * (l1 - l0);
        a->lo = pow(10.0, l0 - pad);
        a->hi = pow(10.0, l1 + pad);
    } else {
        double pad;
        if (hi - lo <= 1e-300 || hi - lo < 1e-12 * fabs(hi)) {
            double w = fabs(hi) > 0 ? 0.1 * fabs(hi) : 1.0;
            lo -= w;
            hi += w;
        }
        pad = 0.05 * (hi - lo);
        a->lo = lo - pad;
        a->hi = hi + pad;
    }
}

static int is_pow10(double t)
{
    double e = log10(t);
    return t > 0 && fabs(e - floor(e + 0.5)) < 1e-9;
}

/* 1 if every tick is a power of ten: then they are labelled 10^k. */
static int all_pow10(const double *t, long n)
{
    long i;
    for (i = 0; i < n; i++)
        if (!is_pow10(t[i]))
            return 0;
    return n > 0;
}

static void put_tick_label(dmv_rbuf *b, double t, int pow_style)
{
    if (pow_style) {
        double e = log10(t);
        if (fabs(e - floor(e + 0.5)) < 1e-9) {
            long ei = (long) floor(e + 0.5);
            if (ei == 0)
                dmv_rbuf_puts(b, "1");
            else if (ei == 1)
                dmv_rbuf_puts(b, "10");
            else
                dmv_rbuf_printf(b, "10<tspan dy=\"-6\" font-size=\"9\">%ld</tspan>", ei);
            return;
        }
    }
    dmv_rbuf_printf(b, "%.4g", t);
}

/* A band point is drawn when x and the upper end are usable; on a log axis
 * a lower end <= 0 (an interval down to zero) runs to the bottom of the plot. */
static int band_ok(const dmv_ev_series *se, long i, const axis *ax, const axis *ay)
{
    double lo = se->ylo[i];
    return usable(se->x[i], ax->log) && usable(se->yhi[i], ay->log) &&
           (usable(lo, ay->log) || (ay->log && isfinite(lo) && lo <= 0));
}

static double band_lo_pix(const dmv_ev_series *se, long i, const axis *ay)
{
    double lo = se->ylo[i];
    return usable(lo, ay->log) ? pix(ay, fmax(lo, ay->lo)) : ay->p0;
}

/* ---- one plot ---------------------------------------------------------------- */

int dmv_report_svg_plot(char **out, const dmv_ev_plot *p, dmv_error *err)
{
    const double W = 720, left = 84, right = 24, top = 36, ph = 300;
    const double pw = W - left - right;
    double H, xlo = INFINITY, xhi = -INFINITY, ylo = INFINITY, yhi = -INFINITY, ticks[64];
    axis ax, ay;
    dmv_rbuf b;
    long s, i, nt, npoints = 0;
    int pow_labels;
    *out = NULL;
    if (p == NULL || (p->nseries > 0 && p->series == NULL))
        return dmv_error_set(err, DMV_EINVAL, "svg plot: plot is NULL or has no series array");
    for (s = 0; s < p->nseries; s++) {
        const dmv_ev_series *se = &p->series[s];
        for (i = 0; i < se->n && se->x && se->y; i++) {
            double x = se->x[i], v[3];
            int m;
            if (!usable(x, p->xlog))
                continue;
            v[0] = se->y[i];
            v[1] = se->ylo ? se->ylo[i] : NAN;
            v[2] = se->yhi ? se->yhi[i] : NAN;
            for (m = 0; m < 3; m++)
                if (usable(v[m], p->ylog)) {
                    if (m == 0)
                        npoints++;
                    xlo = fmin(xlo, x);
                    xhi = fmax(xhi, x);
                    ylo = fmin(ylo, v[m]);
                    yhi = fmax(yhi, v[m]);
                }
        }
    }
    ax.log = p->xlog != 0;
    ay.log = p->ylog != 0;
    finish_range(&ax, xlo, xhi);
    finish_range(&ay, ylo, yhi);
    ax.p0 = left;
    ax.p1 = left + pw;
    ay.p0 = top + ph; /* y grows downwards in SVG */
    ay.p1 = top;
    H = top + ph + 58 + 18.0 * (double) p->nseries;

    dmv_rbuf_init(&b);
    dmv_rbuf_printf(&b,
                    "<svg class=\"dmv-plot\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%g\" height=\"%g\" "
                    "viewBox=\"0 0 %g %g\" role=\"img\" aria-label=\"",
                    W, H, W, H);
    dmv_rbuf_put_xml(&b, p->name);
    dmv_rbuf_printf(&b, "\" data-points=\"%ld\">\n<title>", npoints);
    dmv_rbuf_put_xml(&b, p->name);
    dmv_rbuf_puts(&b, "</title>\n");
    dmv_rbuf_printf(&b, "<rect x=\"0\" y=\"0\" width=\"%g\" height=\"%g\" fill=\"#fff\"/>\n", W, H);
    dmv_rbuf_printf(&b, "<text x=\"%g\" y=\"22\" text-anchor=\"middle\" font-size=\"14\" font-weight=\"bold\">",
                    left + pw / 2);
    dmv_rbuf_put_xml(&b, p->name);
    dmv_rbuf_puts(&b, "</text>\n");

    /* grid, ticks and tick labels */
    nt = dmv_report_ticks(ticks, 64, ax.lo, ax.hi, ax.log);
    pow_labels = ax.log && all_pow10(ticks, nt);
    for (i = 0; i < nt; i++) {
        double x = pix(&ax, ticks[i]);
        dmv_rbuf_printf(&b, "<line x1=\"%.2f\" y1=\"%g\" x2=\"%.2f\" y2=\"%g\" stroke=\"#e3e3e3\"/>", x, top, x,
                        top + ph);
        dmv_rbuf_printf(&b, "<line x1=\"%.2f\" y1=\"%g\" x2=\"%.2f\" y2=\"%g\" stroke=\"#333\"/>", x, top + ph, x,
                        top + ph + 5);
        dmv_rbuf_printf(&b, "<text class=\"xtick\" x=\"%.2f\" y=\"%g\" text-anchor=\"middle\" font-size=\"11\">", x,
                        top + ph + 18);
        put_tick_label(&b, ticks[i], pow_labels);
        dmv_rbuf_puts(&b, "</text>\n");
    }
    nt = dmv_report_ticks(ticks, 64, ay.lo, ay.hi, ay.log);
    pow_labels = ay.log && all_pow10(ticks, nt);
    for (i = 0; i < nt; i++) {
        double y = pix(&ay, ticks[i]);
        dmv_rbuf_printf(&b, "<line x1=\"%g\" y1=\"%.2f\" x2=\"%g\" y2=\"%.2f\" stroke=\"#e3e3e3\"/>", left, y,
                        left + pw, y);
        dmv_rbuf_printf(&b, "<line x1=\"%g\" y1=\"%.2f\" x2=\"%g\" y2=\"%.2f\" stroke=\"#333\"/>", left - 5, y, left,
                        y);
        dmv_rbuf_printf(&b, "<text class=\"ytick\" x=\"%g\" y=\"%.2f\" text-anchor=\"end\" font-size=\"11\">",
                        left - 8, y + 4);
        put_tick_label(&b, ticks[i], pow_labels);
        dmv_rbuf_puts(&b, "</text>\n");
    }
    dmv_rbuf_printf(&b, "<rect x=\"%g\" y=\"%g\" width=\"%g\" height=\"%g\" fill=\"none\" stroke=\"#333\"/>\n",
                    left, top, pw, ph);
    /* axis labels */
    dmv_rbuf_printf(&b, "<text x=\"%g\" y=\"%g\" text-anchor=\"middle\" font-size=\"12\">", left + pw / 2,
                    top + ph + 38);
    dmv_rbuf_put_xml(&b, p->xlabel);
    if (ax.log)
        dmv_rbuf_puts(&b, " (log scale)");
    dmv_rbuf_puts(&b, "</text>\n");
    dmv_rbuf_printf(&b,
                    "<text x=\"0\" y=\"0\" transform=\"translate(16 %g) rotate(-90)\" text-anchor=\"middle\" "
                    "font-size=\"12\">",
                    top + ph / 2);
    dmv_rbuf_put_xml(&b, p->ylabel);
    if (ay.log)
        dmv_rbuf_puts(&b, " (log scale)");
    dmv_rbuf_puts(&b, "</text>\n");
    if (npoints == 0)
        dmv_rbuf_printf(&b, "<text x=\"%g\" y=\"%g\" text-anchor=\"middle\" fill=\"#888\">no plottable data</text>\n",
                        left + pw / 2, top + ph / 2);

    /* series: band, line, markers; clipped to the plot area */
    dmv_rbuf_printf(&b, "<svg x=\"%g\" y=\"%g\" width=\"%g\" height=\"%g\" "
                        "viewBox=\"%g %g %g %g\" overflow=\"hidden\">\n",
                    left, top, pw, ph, left, top, pw, ph);
    for (s = 0; s < p->nseries; s++) {
        const dmv_ev_series *se = &p->series[s];
        const char *col = palette[s % NPALETTE];
        int fit = is_reference_line(se->label);
        int pen = 0;
        if (se->x == NULL || se->y == NULL)
            continue;
        if (se->ylo != NULL && se->yhi != NULL) {
            long cnt = 0;
            dmv_rbuf_printf(&b, "<polygon fill=\"%s\" fill-opacity=\"0.18\" stroke=\"none\" points=\"", col);
            for (i = 0; i < se->n; i++)
                if (band_ok(se, i, &ax, &ay)) {
                    dmv_rbuf_printf(&b, "%.2f,%.2f ", pix(&ax, se->x[i]), pix(&ay, se->yhi[i]));
                    cnt++;
                }
            for (i = se->n - 1; i >= 0; i--)
                if (band_ok(se, i, &ax, &ay))
                    dmv_rbuf_printf(&b, "%.2f,%.2f ", pix(&ax, se->x[i]), band_lo_pix(se, i, &ay));
            dmv_rbuf_printf(&b, "\"/><!-- band of %ld points -->\n", cnt);
        }
        if (se->style == DMV_SERIES_POINTS) { /* a scatter: markers only, no line */
            long drawn = 0;
            dmv_rbuf_printf(&b, "<g class=\"scatter\" fill=\"%s\" fill-opacity=\"0.75\"><title>", col);
            dmv_rbuf_put_xml(&b, se->label);
            dmv_rbuf_puts(&b, "</title>\n");
            for (i = 0; i < se->n && drawn < DMV_SVG_MAX_SCATTER; i++) {
                if (!(usable(se->x[i], ax.log) && usable(se->y[i], ay.log)))
                    continue;
                dmv_rbuf_printf(&b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2\"/>", pix(&ax, se->x[i]),
                                pix(&ay, se->y[i]));
                if (++drawn % 8 == 0)
                    dmv_rbuf_puts(&b, "\n");
            }
            dmv_rbuf_printf(&b, "</g><!-- scatter of %ld markers -->\n", drawn);
            continue;
        }
        dmv_rbuf_printf(&b, "<path fill=\"none\" stroke=\"%s\" stroke-width=\"%s\"%s d=\"", col, fit ? "1.5" : "2",
                        fit ? " stroke-dasharray=\"6 4\"" : "");
        for (i = 0; i < se->n; i++) {
            if (usable(se->x[i], ax.log) && usable(se->y[i], ay.log)) {
                dmv_rbuf_printf(&b, "%s%.2f %.2f ", pen ? "L" : "M", pix(&ax, se->x[i]), pix(&ay, se->y[i]));
                pen = 1;
            } else
                pen = 0; /* a gap at a missing point */
        }
        dmv_rbuf_puts(&b, "\"/>\n");
        if (!fit && se->n <= DMV_SVG_MAX_MARKERS)
            for (i = 0; i < se->n; i++) {
                if (!(usable(se->x[i], ax.log) && usable(se->y[i], ay.log)))
                    continue;
                dmv_rbuf_printf(&b, "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"3\" fill=\"%s\"><title>",
                                pix(&ax, se->x[i]), pix(&ay, se->y[i]), col);
                dmv_rbuf_put_xml(&b, se->label);
                dmv_rbuf_puts(&b, ": x = ");
                dmv_rbuf_put_num(&b, se->x[i]);
                dmv_rbuf_puts(&b, ", y = ");
                dmv_rbuf_put_num(&b, se->y[i]);
                if (se->ylo != NULL && se->yhi != NULL) {
                    dmv_rbuf_puts(&b, " in [");
                    dmv_rbuf_put_num(&b, se->ylo[i]);
                    dmv_rbuf_puts(&b, ", ");
                    dmv_rbuf_put_num(&b, se->yhi[i]);
                    dmv_rbuf_puts(&b, "]");
                }
                dmv_rbuf_puts(&b, "</title></circle>\n");
            }
    }
    dmv_rbuf_puts(&b, "</svg>\n");

    /* legend, below the axis label */
    for (s = 0; s < p->nseries; s++) {
        const dmv_ev_series *se = &p->series[s];
        const char *col = palette[s % NPALETTE];
        double y = top + ph + 56 + 18.0 * (double) s;
        int fit = is_reference_line(se->label);
        if (se->ylo != NULL && se->yhi != NULL)
            dmv_rbuf_printf(&b, "<rect x=\"%g\" y=\"%g\" width=\"24\" height=\"12\" fill=\"%s\" fill-opacity=\"0.18\"/>",
                            left, y - 10, col);
        if (se->style == DMV_SERIES_POINTS)
            dmv_rbuf_printf(&b, "<circle cx=\"%g\" cy=\"%g\" r=\"4\" fill=\"%s\"/>", left + 12, y - 4, col);
        else
            dmv_rbuf_printf(&b,
                            "<line x1=\"%g\" y1=\"%g\" x2=\"%g\" y2=\"%g\" stroke=\"%s\" stroke-width=\"2\"%s/>",
                            left, y - 4, left + 24, y - 4, col, fit ? " stroke-dasharray=\"6 4\"" : "");
        dmv_rbuf_printf(&b, "<text class=\"legend\" x=\"%g\" y=\"%g\" font-size=\"12\">", left + 32, y);
        dmv_rbuf_put_xml(&b, se->label);
        if (se->ylo != NULL && se->yhi != NULL)
            dmv_rbuf_puts(&b, " (band: interval)");
        dmv_rbuf_puts(&b, "</text>\n");
    }
    dmv_rbuf_puts(&b, "</svg>\n");
    return dmv_rbuf_finish(&b, out, err, "an SVG plot");
}

/* ---- tests: statistic against its acceptance interval --------------------- */

int dmv_report_svg_tests(char **out, const dmv_test *tests, long ntests, dmv_error *err)
{
    const double W = 960, row = 26, top = 44, bw = 260, bx = 270;
    double H = top + row * (double) ntests + 16;
    dmv_rbuf b;
    long i;
    *out = NULL;
    if (ntests < 0 || (ntests > 0 && tests == NULL))
        return dmv_error_set(err, DMV_EINVAL, "svg tests: ntests = %ld with tests = NULL", ntests);
    dmv_rbuf_init(&b);
    dmv_rbuf_printf(&b,
                    "<svg class=\"dmv-plot dmv-tests\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%g\" "
                    "height=\"%g\" viewBox=\"0 0 %g %g\" role=\"img\" aria-label=\"tests\" data-points=\"%ld\">\n"
                    "<title>measured statistic against its acceptance interval</title>\n"
                    "<rect x=\"0\" y=\"0\" width=\"%g\" height=\"%g\" fill=\"#fff\"/>\n",
                    W, H, W, H, ntests, W, H);
    dmv_rbuf_printf(&b,
                    "<text x=\"8\" y=\"18\" font-size=\"13\" font-weight=\"bold\">Measured statistic (dot) against "
                    "its acceptance interval (bar, unadjusted level)</text>\n"
                    "<text x=\"8\" y=\"34\" font-size=\"11\" fill=\"#555\">each row on its own scale: the interval "
                    "spans the middle half; red dot = outside; red name = rejected after Holm</text>\n");
    for (i = 0; i < ntests; i++) {
        const dmv_test *t = &tests[i];
        double y = top + row * (double) i + row / 2, a = t->lo, c = t->hi, s = t->statistic;
        double f0, f1, fs, span;
        int inside = isfinite(s) && !(s < a) && !(s > c);
        int clipped = 0;
        char name[44];
        /* positions as fractions of the bar width */
        if (isfinite(a) && isfinite(c) && a < c) {
            span = c - a;
            f0 = 0.25;
            f1 = 0.75;
            fs = 0.25 + 0.5 * (s - a) / span;
        } else if (isfinite(c)) { /* upper bound only */
            span = fmax(fabs(c), isfinite(s) ? fabs(s - c) : 0.0);
            if (!(span > 0))
                span = 1.0;
            f0 = 0.0;
            f1 = 0.75;
            fs = 0.75 + 0.5 * (s - c) / span;
        } else if (isfinite(a)) { /* lower bound only */
            span = fmax(fabs(a), isfinite(s) ? fabs(s - a) : 0.0);
            if (!(span > 0))
                span = 1.0;
            f0 = 0.25;
            f1 = 1.0;
            fs = 0.25 + 0.5 * (s - a) / span;
        } else {
            f0 = 0.0;
            f1 = 1.0;
            fs = 0.5;
        }
        if (!isfinite(fs))
            fs = 0.5;
        if (fs < 0.02) {
            fs = 0.02;
            clipped = 1;
        } else if (fs > 0.98) {
            fs = 0.98;
            clipped = 1;
        }
        if (i % 2 == 0)
            dmv_rbuf_printf(&b, "<rect x=\"0\" y=\"%g\" width=\"%g\" height=\"%g\" fill=\"#f6f6f6\"/>", y - row / 2,
                            W, row);
        snprintf(name, sizeof name, "%s", t->name ? t->name : "");
        if (t->name && strlen(t->name) >= sizeof name)
            memcpy(name + sizeof name - 4, "...", 4);
        dmv_rbuf_printf(&b, "<text x=\"8\" y=\"%g\" font-size=\"12\"%s><title>", y + 4,
                        t->rejected ? " fill=\"#c00\" font-weight=\"bold\"" : "");
        dmv_rbuf_put_xml(&b, t->name);
        dmv_rbuf_printf(&b, "</title>%s", t->rejected ? "&#x2717; " : "");
        dmv_rbuf_put_xml(&b, name);
        dmv_rbuf_puts(&b, "</text>");
        dmv_rbuf_printf(&b, "<line x1=\"%g\" y1=\"%g\" x2=\"%g\" y2=\"%g\" stroke=\"#ccc\"/>", bx, y, bx + bw, y);
        dmv_rbuf_printf(&b, "<rect x=\"%.2f\" y=\"%g\" width=\"%.2f\" height=\"10\" fill=\"#9ecae1\"/>", bx + f0 * bw,
                        y - 5, (f1 - f0) * bw);
        dmv_rbuf_printf(&b, "<circle cx=\"%.2f\" cy=\"%g\" r=\"%s\" fill=\"%s\"><title>statistic = ",
                        bx + fs * bw, y, clipped ? "5" : "4", inside ? "#2ca02c" : "#d62728");
        dmv_rbuf_put_num(&b, s);
        dmv_rbuf_puts(&b, clipped ? " (off scale)" : "");
        dmv_rbuf_puts(&b, "</title></circle>");
        dmv_rbuf_printf(&b, "<text x=\"%g\" y=\"%g\" font-size=\"11\">", bx + bw + 12, y + 4);
        dmv_rbuf_puts(&b, "stat ");
        dmv_rbuf_put_num(&b, s);
        dmv_rbuf_puts(&b, inside ? " in [" : " outside [");
        dmv_rbuf_put_num(&b, a);
        dmv_rbuf_puts(&b, ", ");
        dmv_rbuf_put_num(&b, c);
        dmv_rbuf_puts(&b, "], p = ");
        dmv_rbuf_put_num(&b, t->p_value);
        dmv_rbuf_puts(&b, " (Holm level ");
        dmv_rbuf_put_num(&b, t->adjusted_level);
        dmv_rbuf_puts(&b, ")</text>\n");
    }
    dmv_rbuf_puts(&b, "</svg>\n");
    return dmv_rbuf_finish(&b, out, err, "the tests chart");
}
