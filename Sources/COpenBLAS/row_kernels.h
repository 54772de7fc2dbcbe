// One-row kernels of the model (matrix-vector work at B = 1), with AVX-512 and AVX2 variants chosen
// per function at run time (the package itself is compiled for baseline x86-64, i.e. SSE2 only).
// Each variant runs one fixed loop: 4 accumulators over 4 vectors per iteration, then one vector at a
// time into the first, then a scalar tail, then a fixed reduction. An update is w <- fma(s, p, w) and a
// product term fma(w, x, acc), in every kernel of a variant, so "update then product" in one sweep
// gives the same bits as the update followed by the product.
#ifndef PRC_ROW_KERNELS_H
#define PRC_ROW_KERNELS_H
#include <math.h>
#if defined(__x86_64__)
#include <immintrin.h>

#define PRC_PASS_BODY(VEC, LOAD, STORE, FMA, SET1, ZERO, N)                                      \
    VEC a0 = ZERO(), a1 = ZERO(), a2 = ZERO(), a3 = ZERO(), sv = SET1(s);                        \
    long j = 0;                                                                                  \
    for (; j + 4 * N <= k; j += 4 * N) {                                                         \
        PRC_LANE(j, a0, VEC, LOAD, STORE, FMA) PRC_LANE(j + N, a1, VEC, LOAD, STORE, FMA)        \
        PRC_LANE(j + 2 * N, a2, VEC, LOAD, STORE, FMA) PRC_LANE(j + 3 * N, a3, VEC, LOAD, STORE, FMA) \
    }                                                                                            \
    for (; j + N <= k; j += N) { PRC_LANE(j, a0, VEC, LOAD, STORE, FMA) }                                               \
    float tail = 0;                                                                              \
    for (; j < k; j++) {                                                                         \
        float wv = w[j];                                                                         \
        if (p) { wv = fmaf(s, p[j], wv); w[j] = wv; }                                            \
        if (x) tail = fmaf(wv, x[j], tail);                                                      \
    }
#define PRC_LANE(J, ACC, VEC, LOAD, STORE, FMA) {                                                                       \
        VEC wv = LOAD(w + (J));                                                                  \
        if (p) { wv = FMA(sv, LOAD(p + (J)), wv); STORE(w + (J), wv); }                          \
        if (x) ACC = FMA(wv, LOAD(x + (J)), ACC);                                                \
    }

__attribute__((target("avx512f,fma")))
static inline float prc_row_pass_avx512(float *w, long k, float s, const float *p, const float *x) {
    PRC_PASS_BODY(__m512, _mm512_loadu_ps, _mm512_storeu_ps, _mm512_fmadd_ps, _mm512_set1_ps, _mm512_setzero_ps, 16)
    if (!x) return 0;
    return _mm512_reduce_add_ps(_mm512_add_ps(_mm512_add_ps(a0, a1), _mm512_add_ps(a2, a3))) + tail;
}

__attribute__((target("avx2,fma")))
static inline float prc_row_pass_avx2(float *w, long k, float s, const float *p, const float *x) {
    PRC_PASS_BODY(__m256, _mm256_loadu_ps, _mm256_storeu_ps, _mm256_fmadd_ps, _mm256_set1_ps, _mm256_setzero_ps, 8)
    if (!x) return 0;
    __m256 t = _mm256_add_ps(_mm256_add_ps(a0, a1), _mm256_add_ps(a2, a3));
    __m128 h = _mm_add_ps(_mm256_castps256_ps128(t), _mm256_extractf128_ps(t, 1));
    h = _mm_add_ps(h, _mm_movehl_ps(h, h));
    h = _mm_add_ss(h, _mm_shuffle_ps(h, h, 1));
    return _mm_cvtss_f32(h) + tail;
}
#undef PRC_LANE
#undef PRC_PASS_BODY

// 2 = AVX-512, 1 = AVX2 with FMA, 0 = neither (the Swift SIMD kernels are used).
static inline int prc_row_kernel_level(void) {
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("fma")) return 2;
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return 1;
    return 0;
}
#else
static inline float prc_row_pass_avx512(float *w, long k, float s, const float *p, const float *x) { return 0; }
static inline float prc_row_pass_avx2(float *w, long k, float s, const float *p, const float *x) { return 0; }
static inline int prc_row_kernel_level(void) { return 0; }
#endif
#endif
