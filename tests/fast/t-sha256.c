/* SHA-256 against the FIPS 180-4 / NIST CAVS examples. */
#include <string.h>

#include "dmv/fast.h"
#include "dmv_test.h"

static void hexs(char *o, const unsigned char *d)
{
    int i;
    for (i = 0; i < 32; i++)
        sprintf(o + 2 * i, "%02x", d[i]);
}

static void one(const char *msg, size_t len, size_t piece, long repeat, const char *want)
{
    dmv_fast_sha256 c;
    unsigned char d[32];
    char h[65];
    long r;
    size_t off;
    dmv_fast_sha256_init(&c);
    for (r = 0; r < repeat; r++)
        for (off = 0; off < len; off += piece)
            dmv_fast_sha256_update(&c, msg + off, len - off < piece ? len - off : piece);
    dmv_fast_sha256_final(&c, d);
    hexs(h, d);
    DMV_CHECK(strcmp(h, want) == 0, "msg '%.20s' x %ld (pieces of %zu): %s != %s", msg, repeat, piece, h, want);
}

int main(void)
{
    const char *m448 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    const char *m896 = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";
    size_t p;
    for (p = 1; p <= 70; p += 23) {
        one("abc", 3, p, 1, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        one("", 0, p, 1, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        one(m448, strlen(m448), p, 1, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
        one(m896, strlen(m896), p, 1, "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
    }
    one("a", 1, 1, 1000000, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    DMV_TEST_DONE("t-sha256");
}
