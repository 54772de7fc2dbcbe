// OpenBLAS's CBLAS interface (Debian: libopenblas-dev installs it as <cblas.h> via alternatives).
#include <cblas.h>
// Threads: OpenBLAS exports these; declared here so Swift can set and read the pool size.
void openblas_set_num_threads(int num_threads);
int openblas_get_num_threads(void);
// The kernel set OpenBLAS picked for this CPU (e.g. "Cooperlake").
char* openblas_get_corename(void);
// Flush-to-zero and denormals-are-zero for the calling thread (x86 MXCSR bits 15 and 6); returns the
// previous control word for prc_restore_fp_mode. Denormal operands make sgemm ~20-100x slower.
#if defined(__x86_64__) || defined(__i386__)
#include <xmmintrin.h>
static inline unsigned int prc_enter_flush_mode(void) { unsigned int old = _mm_getcsr(); _mm_setcsr(old | 0x8040u); return old; }
static inline void prc_restore_fp_mode(unsigned int old) { _mm_setcsr(old); }
#else
static inline unsigned int prc_enter_flush_mode(void) { return 0; }
static inline void prc_restore_fp_mode(unsigned int old) { (void)old; }
#endif
// CPU features, for choosing OpenBLAS kernels when its own detection falls back to generic ones.
#if defined(__x86_64__)
static inline int prc_cpu_has_avx512(void) { return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw"); }
static inline int prc_cpu_has_avx2(void) { return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"); }
#else
static inline int prc_cpu_has_avx512(void) { return 0; }
static inline int prc_cpu_has_avx2(void) { return 0; }
#endif
#include "row_kernels.h"
