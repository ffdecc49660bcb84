/* The umix narrow-regime kernel (fast/umix_narrow_kernel.h) compiled for AVX2 (CMakeLists.txt sets
 * the flags of this file only); fast/umix_narrow.c calls it only when the CPU runs it. Empty
 * unless DMV_UMIX_X86_VARIANTS (x86-64, GCC or Clang). */
#ifdef DMV_UMIX_X86_VARIANTS
#define DMV_UMIX_SUFFIX avx2
#include "umix_narrow_kernel.h"
#else
typedef int dmv_umix_avx2_unused; /* ISO C forbids an empty translation unit */
#endif
