/* io/npy: round trips, the streaming writer, hand-made byte strings for every
 * error case, and the real CIFAR-10 spectrum (facts from docs/math/laws.md#cifar-spectrum,
 * cross-checked once with numpy: 3072 float32 values, sum 761.6195481 in double
 * (761.6196 as a float32 accumulation),
 * max 221.4533, nine -0.0 entries). */
#include <stdint.h>
#include <string.h>

#include "dmv/npy.h"
#include "dmv_test.h"

static char tmpdir[512];

static void path_of(char *out, size_t cap, const char *name)
{
    snprintf(out, cap, "%s/%s", tmpdir, name);
}

/* A file: magic, version major.0, header dict padded with spaces and '\n', then payload. */
static void write_npy_bytes(const char *path, int major, const char *dict, const void *payload, size_t plen,
                            int truncate_header)
{
    FILE *f = fopen(path, "wb");
    size_t pre = major == 1 ? 10 : 12, len = strlen(dict) + 1, total = (pre + len + 63) / 64 * 64, i;
    unsigned char p[12] = {0x93, 'N', 'U', 'M', 'P', 'Y', 0, 0, 0, 0, 0, 0};
    size_t hl = total - pre;
    p[6] = (unsigned char) major;
    p[8] = (unsigned char) (hl & 0xff);
    p[9] = (unsigned char) (hl >> 8);
    fwrite(p, 1, pre, f);
    if (truncate_header) {
        fwrite(dict, 1, strlen(dict) / 2, f);
        fclose(f);
        return;
    }
    fputs(dict, f);
    for (i = pre + strlen(dict); i + 1 < total; i++)
        fputc(' ', f);
    fputc('\n', f);
    if (plen)
        fwrite(payload, 1, plen, f);
    fclose(f);
}

static void le_f8(unsigned char *out, double x)
{
    uint64_t u;
    int b;
    memcpy(&u, &x, 8);
    for (b = 0; b < 8; b++)
        out[b] = (unsigned char) (u >> (8 * b));
}

static void le_f4(unsigned char *out, float x)
{
    uint32_t u;
    int b;
    memcpy(&u, &x, 4);
    for (b = 0; b < 4; b++)
        out[b] = (unsigned char) (u >> (8 * b));
}

static void expect_format_error(const char *name, int major, const char *dict, const void *payload, size_t plen,
                                int trunc, const char *must_say)
{
    char path[600];
    dmv_npy_array a;
    dmv_error err;
    int rc;
    path_of(path, sizeof path, name);
    write_npy_bytes(path, major, dict, payload, plen, trunc);
    dmv_npy_array_init(&a);
    dmv_error_init(&err);
    rc = dmv_npy_read(&a, path, &err);
    DMV_CHECK(rc == DMV_EFORMAT, "%s: rc = %d (%s), expected DMV_EFORMAT", name, rc, err.msg);
    DMV_CHECK(strstr(err.msg, path) != NULL, "%s: message does not name the file: %s", name, err.msg);
    DMV_CHECK(strstr(err.msg, must_say) != NULL, "%s: message lacks '%s': %s", name, must_say, err.msg);
    DMV_CHECK(a.data == NULL, "%s: data returned on error", name);
    dmv_npy_array_clear(&a);
    remove(path);
}

static int same_bits(double a, double b)
{
    return memcmp(&a, &b, sizeof a) == 0;
}

static void test_round_trips(dmv_test_rng *rng)
{
    long it, iters = dmv_test_iters(30);
    char path[600];
    path_of(path, sizeof path, "rt.npy");
    for (it = 0; it < iters; it++) {
        int ndim = 1 + (int) (dmv_test_next(rng) % 2);
        long shape[2], n, i;
        double *x;
        dmv_npy_array a;
        dmv_error err;
        int rc;
        shape[0] = (long) (dmv_test_next(rng) % 50);
        shape[1] = ndim == 2 ? (long) (dmv_test_next(rng) % 7) : 1;
        n = shape[0] * shape[1];
        x = malloc((size_t) (n > 0 ? n : 1) * sizeof *x);
        for (i = 0; i < n; i++) {
            switch (dmv_test_next(rng) % 5) {
            case 0: x[i] = -0.0; break;
            case 1: x[i] = 4.9e-324 * (double) (dmv_test_next(rng) % 1000); break; /* subnormals */
            case 2: x[i] = -1.7976931348623157e308 * dmv_test_uniform(rng); break;
            default: x[i] = (dmv_test_uniform(rng) - 0.5) * 1e3; break;
            }
        }
        dmv_error_init(&err);
        rc = dmv_npy_write(path, x, ndim, shape, &err);
        DMV_CHECK(rc == DMV_OK, "write ndim %d shape (%ld,%ld): %s", ndim, shape[0], shape[1], err.msg);
        dmv_npy_array_init(&a);
        rc = dmv_npy_read(&a, path, &err);
        DMV_CHECK(rc == DMV_OK, "read back ndim %d shape (%ld,%ld): %s", ndim, shape[0], shape[1], err.msg);
        if (rc == DMV_OK) {
            DMV_CHECK(a.ndim == ndim && a.shape[0] == shape[0] && a.shape[1] == shape[1],
                      "shape (%d: %ld,%ld) read as (%d: %ld,%ld)", ndim, shape[0], shape[1], a.ndim, a.shape[0],
                      a.shape[1]);
            for (i = 0; i < n; i++)
                DMV_CHECK(same_bits(a.data[i], x[i]), "value %ld: wrote %a, read %a", i, x[i], a.data[i]);
        }
        dmv_npy_array_clear(&a);
        free(x);
    }
    /* The header is 64-byte aligned and the file has exactly header + 8 n bytes. */
    {
        double v[3] = {1, 2, 3};
        long shape[2] = {3, 1};
        FILE *f;
        long size;
        unsigned char pre[10];
        dmv_npy_write(path, v, 1, shape, NULL);
        f = fopen(path, "rb");
        DMV_CHECK(fread(pre, 1, 10, f) == 10, "short file");
        fseek(f, 0, SEEK_END);
        size = ftell(f);
        fclose(f);
        DMV_CHECK(pre[6] == 1 && pre[7] == 0, "version %d.%d", pre[6], pre[7]);
        DMV_CHECK((10 + (pre[8] | pre[9] << 8)) % 64 == 0, "header length %d not aligned", pre[8] | pre[9] << 8);
        DMV_CHECK(size == 10 + (pre[8] | pre[9] << 8) + 24, "file size %ld", size);
    }
    remove(path);
}

static void test_streaming(void)
{
    char path[600];
    dmv_npy_writer w;
    dmv_npy_array a;
    dmv_error err;
    long shape[2] = {5, 3}, i;
    double rows[15];
    int rc;
    FILE *f;
    for (i = 0; i < 15; i++)
        rows[i] = (double) i / 7.0;
    path_of(path, sizeof path, "stream.npy");
    remove(path);
    dmv_error_init(&err);
    dmv_npy_writer_init(&w);
    rc = dmv_npy_writer_open(&w, path, 2, shape, &err);
    DMV_CHECK(rc == DMV_OK, "open: %s", err.msg);
    rc = dmv_npy_writer_append(&w, rows, 2, &err);
    DMV_CHECK(rc == DMV_OK, "append 2: %s", err.msg);
    f = fopen(path, "rb");
    DMV_CHECK(f == NULL, "the target exists before close");
    if (f)
        fclose(f);
    rc = dmv_npy_writer_append(&w, rows + 6, 3, &err);
    DMV_CHECK(rc == DMV_OK, "append 3: %s", err.msg);
    rc = dmv_npy_writer_append(&w, rows, 1, &err);
    DMV_CHECK(rc == DMV_EINVAL && strstr(err.msg, "announced"), "a sixth row accepted: rc %d %s", rc, err.msg);
    dmv_error_init(&err);
    rc = dmv_npy_writer_close(&w, &err);
    DMV_CHECK(rc == DMV_OK, "close: %s", err.msg);
    dmv_npy_array_init(&a);
    rc = dmv_npy_read(&a, path, &err);
    DMV_CHECK(rc == DMV_OK && a.shape[0] == 5 && a.shape[1] == 3, "read: %s", err.msg);
    for (i = 0; rc == DMV_OK && i < 15; i++)
        DMV_CHECK(a.data[i] == rows[i], "streamed value %ld: %g vs %g", i, a.data[i], rows[i]);
    dmv_npy_array_clear(&a);

    /* Closing early fails and leaves the previous file untouched, with no temporary left behind. */
    dmv_npy_writer_init(&w);
    rc = dmv_npy_writer_open(&w, path, 1, shape, &err);
    rc = dmv_npy_writer_append(&w, rows, 4, &err);
    rc = dmv_npy_writer_close(&w, &err);
    DMV_CHECK(rc == DMV_EINVAL && strstr(err.msg, "4 of the 5"), "early close: rc %d %s", rc, err.msg);
    dmv_error_init(&err);
    rc = dmv_npy_read(&a, path, &err);
    DMV_CHECK(rc == DMV_OK && a.ndim == 2 && a.shape[0] == 5, "old file damaged: %s", err.msg);
    dmv_npy_array_clear(&a);
    {
        char cmd[700];
        snprintf(cmd, sizeof cmd, "ls '%s'/stream.npy.tmp.* >/dev/null 2>&1", tmpdir);
        DMV_CHECK(system(cmd) != 0, "a temporary file was left behind");
    }
    /* An unwritable folder is DMV_EIO naming the path. */
    dmv_error_init(&err);
    rc = dmv_npy_write("/nonexistent-dir/x.npy", rows, 1, shape, &err);
    DMV_CHECK(rc == DMV_EIO && strstr(err.msg, "/nonexistent-dir/x.npy"), "rc %d %s", rc, err.msg);
    dmv_error_init(&err);
    rc = dmv_npy_read(&a, "/nonexistent-dir/x.npy", &err);
    DMV_CHECK(rc == DMV_EIO && strstr(err.msg, "/nonexistent-dir/x.npy"), "rc %d %s", rc, err.msg);
    remove(path);
}

static void test_hand_made(void)
{
    unsigned char pay[64];
    char path[600];
    dmv_npy_array a;
    dmv_error err;
    int rc, major;

    /* Valid files in versions 1, 2 and 3, float32 and float64, 2-D. */
    for (major = 1; major <= 3; major++) {
        le_f4(pay, 1.5f);
        le_f4(pay + 4, -0.0f);
        le_f4(pay + 8, 3.0e-41f); /* float32 subnormal */
        le_f4(pay + 12, 65504.0f);
        le_f4(pay + 16, 0.1f);
        le_f4(pay + 20, -2.0f);
        path_of(path, sizeof path, "v.npy");
        write_npy_bytes(path, major, "{\"descr\": \"<f4\", \"fortran_order\": False, \"shape\": (2, 3)}", pay, 24, 0);
        dmv_npy_array_init(&a);
        dmv_error_init(&err);
        rc = dmv_npy_read(&a, path, &err);
        DMV_CHECK(rc == DMV_OK, "version %d f4: %s", major, err.msg);
        if (rc == DMV_OK) {
            DMV_CHECK(a.ndim == 2 && a.shape[0] == 2 && a.shape[1] == 3, "shape");
            DMV_CHECK(a.data[0] == 1.5 && same_bits(a.data[1], -0.0) && a.data[2] == (double) 3.0e-41f &&
                          a.data[3] == 65504.0 && a.data[4] == (double) 0.1f && a.data[5] == -2.0,
                      "f4 values %a %a %a %a %a %a", a.data[0], a.data[1], a.data[2], a.data[3], a.data[4],
                      a.data[5]);
        }
        dmv_npy_array_clear(&a);
    }
    le_f8(pay, 0.1);
    le_f8(pay + 8, -1e300);
    path_of(path, sizeof path, "v8.npy");
    write_npy_bytes(path, 1, "{'descr': '<f8', 'fortran_order': True, 'shape': (2,), }", pay, 16, 0);
    dmv_npy_array_init(&a);
    dmv_error_init(&err);
    rc = dmv_npy_read(&a, path, &err);
    DMV_CHECK(rc == DMV_OK && a.ndim == 1 && a.shape[0] == 2 && a.data[0] == 0.1 && a.data[1] == -1e300,
              "1-D f8 flagged Fortran: %s", err.msg);
    dmv_npy_array_clear(&a);
    remove(path);

    /* Every error case. */
    le_f8(pay, 1.0);
    le_f8(pay + 8, 2.0);
    le_f8(pay + 16, 3.0);
    le_f8(pay + 24, 4.0);
    {
        const char *ok = "{'descr': '<f8', 'fortran_order': False, 'shape': (4,), }";
        char path2[600];
        FILE *f;
        path_of(path2, sizeof path2, "magic.npy");
        f = fopen(path2, "wb");
        fputs("\x93NUMPZ\x01\x00\x10\x00{}", f);
        fclose(f);
        dmv_npy_array_init(&a);
        dmv_error_init(&err);
        rc = dmv_npy_read(&a, path2, &err);
        DMV_CHECK(rc == DMV_EFORMAT && strstr(err.msg, "magic") && strstr(err.msg, path2), "magic: %d %s", rc,
                  err.msg);
        remove(path2);
        expect_format_error("trunc-data.npy", 1, ok, pay, 24, 0, "truncated data");
        expect_format_error("trunc-hdr.npy", 1, ok, NULL, 0, 1, "truncated .npy header");
        expect_format_error("trailing.npy", 1, ok, pay, 32 + 3, 0, "trailing bytes");
        expect_format_error("version.npy", 4, ok, pay, 32, 0, "version 4.0");
        expect_format_error("be8.npy", 1, "{'descr': '>f8', 'fortran_order': False, 'shape': (4,), }", pay, 32, 0,
                            "big-endian");
        expect_format_error("be4.npy", 2, "{'descr': '>f4', 'fortran_order': False, 'shape': (4,), }", pay, 16, 0,
                            "big-endian");
        expect_format_error("fortran.npy", 1, "{'descr': '<f8', 'fortran_order': True, 'shape': (2, 2), }", pay,
                            32, 0, "Fortran");
        expect_format_error("i8.npy", 1, "{'descr': '<i8', 'fortran_order': False, 'shape': (4,), }", pay, 32, 0,
                            "'<i8' is not supported");
        expect_format_error("f2.npy", 1, "{'descr': '<f2', 'fortran_order': False, 'shape': (4,), }", pay, 8, 0,
                            "'<f2' is not supported");
        expect_format_error("c16.npy", 1, "{'descr': '<c16', 'fortran_order': False, 'shape': (2,), }", pay, 32, 0,
                            "not supported");
        expect_format_error("struct.npy", 1, "{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (4,), }",
                            pay, 32, 0, "structured");
        expect_format_error("3d.npy", 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 2, 2), }", pay, 32,
                            0, "3 dimensions");
        expect_format_error("0d.npy", 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (), }", pay, 8, 0,
                            "0 dimensions");
        expect_format_error("noshape.npy", 1, "{'descr': '<f8', 'fortran_order': False, }", pay, 32, 0,
                            "lacks 'shape'");
        expect_format_error("badshape.npy", 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (-4,), }", pay,
                            32, 0, "'shape' is not a tuple");
        expect_format_error("garbage.npy", 1, "not a dict", pay, 32, 0, "not a dict literal");
        le_f8(pay + 16, NAN);
        expect_format_error("nan.npy", 1, ok, pay, 32, 0, "value [2] = nan is not finite");
        le_f8(pay + 16, 3.0);
        le_f8(pay + 24, -INFINITY);
        expect_format_error("inf.npy", 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }", pay, 32,
                            0, "value [1, 1] = -inf is not finite");
        le_f4(pay, NAN);
        expect_format_error("nan4.npy", 1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", pay, 4, 0,
                            "not finite");
    }
}

static void test_reader(void)
{
    char path[600];
    dmv_npy_writer w;
    dmv_npy_reader r;
    dmv_error err;
    long shape[2] = {7, 3}, i;
    double rows[21], back[21];
    unsigned char pay[64];
    int rc;
    for (i = 0; i < 21; i++)
        rows[i] = (double) i * 0.25 - 1;
    path_of(path, sizeof path, "reader.npy");
    dmv_error_init(&err);
    dmv_npy_writer_init(&w);
    rc = dmv_npy_writer_open(&w, path, 2, shape, &err);
    rc = rc ? rc : dmv_npy_writer_append(&w, rows, 7, &err);
    rc = rc ? rc : dmv_npy_writer_close(&w, &err);
    DMV_CHECK(rc == DMV_OK, "write: %s", err.msg);
    dmv_npy_reader_init(&r);
    rc = dmv_npy_reader_open(&r, path, &err);
    DMV_CHECK(rc == DMV_OK && r.ndim == 2 && r.shape[0] == 7 && r.shape[1] == 3 && r.itemsize == 8, "open: %s",
              err.msg);
    rc = dmv_npy_reader_read(&r, back, 2, &err);
    rc = rc ? rc : dmv_npy_reader_read(&r, back + 6, 0, &err);
    rc = rc ? rc : dmv_npy_reader_read(&r, back + 6, 5, &err);
    DMV_CHECK(rc == DMV_OK, "read in pieces: %s", err.msg);
    for (i = 0; rc == DMV_OK && i < 21; i++)
        DMV_CHECK(back[i] == rows[i], "row-streamed value %ld: %g vs %g", i, back[i], rows[i]);
    rc = dmv_npy_reader_read(&r, back, 1, &err);
    DMV_CHECK(rc == DMV_EINVAL && strstr(err.msg, "after 7 of the 7"), "read past the end: %d %s", rc, err.msg);
    dmv_npy_reader_clear(&r);

    /* a truncated file fails at open, before any row */
    le_f8(pay, 1.0);
    le_f8(pay + 8, 2.0);
    le_f8(pay + 16, NAN);
    le_f8(pay + 24, 4.0);
    write_npy_bytes(path, 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (3, 2), }", pay, 32, 0);
    dmv_error_init(&err);
    rc = dmv_npy_reader_open(&r, path, &err);
    DMV_CHECK(rc == DMV_EFORMAT && strstr(err.msg, "truncated data") && strstr(err.msg, path), "truncated: %d %s",
              rc, err.msg);
    DMV_CHECK(r.f == NULL && r.path == NULL, "reader not cleared after a failed open");
    /* trailing bytes too */
    write_npy_bytes(path, 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }", pay, 32, 0);
    dmv_error_init(&err);
    rc = dmv_npy_reader_open(&r, path, &err);
    DMV_CHECK(rc == DMV_EFORMAT && strstr(err.msg, "trailing bytes"), "trailing: %d %s", rc, err.msg);
    /* a NaN in row 1 is named by [row, column] */
    write_npy_bytes(path, 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }", pay, 32, 0);
    dmv_error_init(&err);
    rc = dmv_npy_reader_open(&r, path, &err);
    rc = rc ? rc : dmv_npy_reader_read(&r, back, 1, &err);
    DMV_CHECK(rc == DMV_OK && back[0] == 1.0 && back[1] == 2.0, "row 0 before the NaN: %d %s", rc, err.msg);
    rc = dmv_npy_reader_read(&r, back, 1, &err);
    DMV_CHECK(rc == DMV_EFORMAT && strstr(err.msg, "value [1, 0] = nan"), "NaN row: %d %s", rc, err.msg);
    dmv_npy_reader_clear(&r);
    /* float32 rows */
    le_f4(pay, 0.5f);
    le_f4(pay + 4, -3.0f);
    write_npy_bytes(path, 3, "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", pay, 8, 0);
    dmv_error_init(&err);
    rc = dmv_npy_reader_open(&r, path, &err);
    rc = rc ? rc : dmv_npy_reader_read(&r, back, 2, &err);
    DMV_CHECK(rc == DMV_OK && r.itemsize == 4 && back[0] == 0.5 && back[1] == -3.0, "f4 rows: %d %s", rc, err.msg);
    dmv_npy_reader_clear(&r);
    remove(path);
}

static void test_cifar(void)
{
    char path[600];
    dmv_npy_array a;
    dmv_error err;
    int rc;
    long i, zeros = 0, negzeros = 0, negatives = 0;
    double sum = 0, max = 0;
    snprintf(path, sizeof path, "%s/cifar10_eigenvalues.npy", DMV_TEST_DATA_DIR);
    dmv_npy_array_init(&a);
    dmv_error_init(&err);
    rc = dmv_npy_read(&a, path, &err);
    /* the data is in the repository (data/): a missing file is a failure, never a skip */
    DMV_CHECK(rc == DMV_OK, "cifar: %s", err.msg);
    if (rc != DMV_OK)
        return;
    DMV_CHECK(a.ndim == 1 && a.shape[0] == 3072 && a.shape[1] == 1, "cifar shape %d (%ld, %ld)", a.ndim, a.shape[0],
              a.shape[1]);
    for (i = 0; i < a.shape[0]; i++) {
        sum += a.data[i];
        if (a.data[i] > max)
            max = a.data[i];
        if (a.data[i] == 0) {
            zeros++;
            negzeros += signbit(a.data[i]) != 0;
        }
        if (a.data[i] < 0)
            negatives++;
        DMV_CHECK((double) (float) a.data[i] == a.data[i], "value %ld = %a is not a float32", i, a.data[i]);
    }
    /* docs/math/laws.md#cifar-spectrum quotes 761.6196 (a float32 accumulation, as numpy's a.sum() on the float32 array);
     * the exact sum of the values, accumulated in double, is 761.6195481198 (numpy, a.astype(float).sum()). */
    DMV_CHECK(fabs(sum - 761.6195481198) < 1e-9, "cifar sum %.10f, expected 761.6195481198", sum);
    DMV_CHECK(fabs(sum - 761.6196) < 1e-4, "cifar sum %.7f, expected 761.6196 to 4 decimals", sum);
    DMV_CHECK(fabs(max - 221.4533) < 0.5e-4, "cifar max %.7f, expected 221.4533", max);
    DMV_CHECK(zeros == 9 && negzeros == 9 && negatives == 0, "cifar zeros %ld (negative zeros %ld), negatives %ld",
              zeros, negzeros, negatives);
    dmv_npy_array_clear(&a);
}

int main(void)
{
    dmv_test_rng rng = {20261122};
    snprintf(tmpdir, sizeof tmpdir, "%s", DMV_BINARY_DIR);
    test_round_trips(&rng);
    test_streaming();
    test_hand_made();
    test_reader();
    test_cifar();
    DMV_TEST_DONE("t-npy");
}
