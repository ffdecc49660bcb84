/* The noise kernels compiled for AVX2 (CMakeLists.txt sets the flags of this file only):
 * fast/noise_kernel.h, the same bits as the baseline copy in fast/noise.c. fast/noise.c calls it
 * only when the CPU supports it (cpuid). Empty unless DMV_NOISE_X86_VARIANTS (x86-64, GCC or
 * Clang). */
#ifdef DMV_NOISE_X86_VARIANTS
#define DMV_NOISE_SUFFIX avx2
#include "noise_kernel.h"
#else
typedef int dmv_noise_avx2_unused; /* ISO C forbids an empty translation unit */
#endif
