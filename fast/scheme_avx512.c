/* The step kernels compiled for AVX-512 (F, DQ, VL, BW) (CMakeLists.txt sets the flags of this file only):
 * fast/scheme_kernel.h, the same bits as the baseline copy in fast/scheme.c. fast/scheme.c calls
 * it only when the noise variant is avx512 (chosen by cpuid, fast/noise.c). Empty unless
 * DMV_NOISE_X86_VARIANTS (x86-64, GCC or Clang). */
#ifdef DMV_NOISE_X86_VARIANTS
#include <stddef.h>

#define DMV_STEP_SUFFIX avx512
#include "scheme_kernel.h"
#else
typedef int dmv_scheme_avx512_unused; /* ISO C forbids an empty translation unit */
#endif
