/* A shared library without the entry symbol: `dmverify audit --plugin` must refuse it (exit 2,
 * naming the symbol). Used by tests/audit/e2e-plugin.sh. */
int dmv_not_a_plugin(void);
int dmv_not_a_plugin(void)
{
    return 0;
}
