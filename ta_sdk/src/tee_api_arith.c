// SPDX-License-Identifier: BSD-2-Clause
/*
 * Copyright (c) 2026, the swemu authors
 *
 * The GP TEE Arithmetical API (Internal Core API v1.3.1 §8): sign-magnitude integers in
 * caller-owned uint32_t arrays (layout in tee_arith_internal.h), 32-bit limbs with 64-bit
 * intermediates, schoolbook multiplication and Knuth-style long division. Written for
 * clarity rather than speed; FMM values are plain reduced integers.
 */
#include <string.h>
#include <tee_internal_api.h>

#define HDR_WORDS 2
#define SIGN_BIT 0x80000000U
#define USED_MASK 0x7FFFFFFFU
/* Keeps word counts far from overflowing size_t arithmetic on 32-bit targets. */
#define MAX_WORDS 0x00FFFFFFU

/* A magnitude with a sign. `d` points into a TEE_BigInt or a temporary buffer. */
struct num {
  uint32_t* d;
  size_t n; /* words in use, no leading zero words */
  bool neg; /* never set for zero */
};

static void arith_panic(void) __attribute__((noreturn));
static void arith_panic(void) {
  TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
}

static uint32_t* words_alloc(size_t n) {
  uint32_t* p;

  if (n > MAX_WORDS)
    TEE_Panic(TEE_ERROR_OUT_OF_MEMORY);
  p = TEE_Malloc((n ? n : 1) * sizeof(uint32_t), TEE_MALLOC_FILL_ZERO);
  if (!p)
    TEE_Panic(TEE_ERROR_OUT_OF_MEMORY);
  return p;
}

static size_t mag_norm(const uint32_t* d, size_t n) {
  while (n && !d[n - 1])
    n--;
  return n;
}

static struct num view(const TEE_BigInt* b) {
  struct num v;

  if (!b)
    arith_panic();
  v.d = (uint32_t*)(b + HDR_WORDS);
  v.n = b[1] & USED_MASK;
  if (v.n > b[0])
    arith_panic(); /* not an initialized TEE_BigInt */
  v.n = mag_norm(v.d, v.n);
  v.neg = (b[1] & SIGN_BIT) && v.n;
  return v;
}

/* Writes d[0..n) with a sign into dest; false if it does not fit. `d` may point into dest. */
static bool store(TEE_BigInt* dest, const uint32_t* d, size_t n, bool neg) {
  size_t cap;

  if (!dest)
    arith_panic();
  cap = dest[0];
  n = mag_norm(d, n);
  if (n > cap)
    return false;
  if (n && d != dest + HDR_WORDS)
    memmove(dest + HDR_WORDS, d, n * sizeof(uint32_t));
  if (cap > n)
    memset(dest + HDR_WORDS + n, 0, (cap - n) * sizeof(uint32_t));
  dest[1] = (uint32_t)n | (neg && n ? SIGN_BIT : 0);
  return true;
}

static void store_or_panic(TEE_BigInt* dest, const uint32_t* d, size_t n, bool neg) {
  if (!store(dest, d, n, neg))
    TEE_Panic(TEE_ERROR_OVERFLOW);
}

static void store_num(TEE_BigInt* dest, struct num v) {
  store_or_panic(dest, v.d, v.n, v.neg);
}

/* ---- Magnitude arithmetic ----------------------------------------------------------- */

static int mag_cmp(const uint32_t* a, size_t an, const uint32_t* b, size_t bn) {
  if (an != bn)
    return an > bn ? 1 : -1;
  while (an--) {
    if (a[an] != b[an])
      return a[an] > b[an] ? 1 : -1;
  }
  return 0;
}

/* r = a + b; r has max(an, bn) + 1 words and may be a or b. */
static size_t mag_add(uint32_t* r, const uint32_t* a, size_t an, const uint32_t* b, size_t bn) {
  uint64_t acc = 0;
  size_t i;

  if (an < bn) {
    const uint32_t* tp = a;
    size_t tn = an;

    a = b;
    an = bn;
    b = tp;
    bn = tn;
  }
  for (i = 0; i < an; i++) {
    acc += a[i];
    if (i < bn)
      acc += b[i];
    r[i] = (uint32_t)acc;
    acc >>= 32;
  }
  r[an] = (uint32_t)acc;
  return mag_norm(r, an + 1);
}

/* r = a - b with a >= b; r has an words and may be a or b. */
static size_t mag_sub(uint32_t* r, const uint32_t* a, size_t an, const uint32_t* b, size_t bn) {
  uint32_t borrow = 0;
  size_t i;

  for (i = 0; i < an; i++) {
    uint64_t t = (uint64_t)a[i] - (i < bn ? b[i] : 0) - borrow;

    r[i] = (uint32_t)t;
    borrow = (uint32_t)(t >> 32) & 1;
  }
  return mag_norm(r, an);
}

/* r = a * b; r has an + bn words and overlaps neither input. */
static size_t mag_mul(uint32_t* r, const uint32_t* a, size_t an, const uint32_t* b, size_t bn) {
  size_t i, j;

  memset(r, 0, (an + bn) * sizeof(uint32_t));
  for (i = 0; i < an; i++) {
    uint64_t carry = 0;

    for (j = 0; j < bn; j++) {
      uint64_t t = (uint64_t)a[i] * b[j] + r[i + j] + carry;

      r[i + j] = (uint32_t)t;
      carry = t >> 32;
    }
    r[i + bn] = (uint32_t)carry;
  }
  return mag_norm(r, an + bn);
}

/* dst = src << s (0 <= s < 32) over n words; returns the word shifted out. */
static uint32_t mag_shl_bits(uint32_t* dst, const uint32_t* src, size_t n, unsigned int s) {
  uint32_t out = 0;
  size_t i;

  for (i = 0; i < n; i++) {
    uint32_t w = src[i];

    dst[i] = s ? (w << s) | out : w;
    out = s ? w >> (32 - s) : 0;
  }
  return out;
}

/*
 * q = a / b, r = a % b on magnitudes (b != 0). q (an + 1 words) and r (bn words) may be
 * NULL; neither may overlap b, but r may be a.
 */
static void mag_divmod(uint32_t* q, size_t* qn, uint32_t* r, size_t* rn, const uint32_t* a,
                       size_t an, const uint32_t* b, size_t bn) {
  uint32_t *u, *v;
  unsigned int s;
  size_t i, j;

  if (!bn)
    TEE_Panic(TEE_ERROR_BAD_PARAMETERS); /* division by zero */
  if (mag_cmp(a, an, b, bn) < 0) {
    if (r) {
      memmove(r, a, an * sizeof(uint32_t));
      *rn = an;
    }
    if (q)
      *qn = 0;
    return;
  }
  if (bn == 1) {
    uint64_t rem = 0;
    uint32_t dv = b[0];

    for (i = an; i-- > 0;) {
      uint64_t cur = (rem << 32) | a[i];

      if (q)
        q[i] = (uint32_t)(cur / dv);
      rem = cur % dv;
    }
    if (q)
      *qn = mag_norm(q, an);
    if (r) {
      r[0] = (uint32_t)rem;
      *rn = mag_norm(r, 1);
    }
    return;
  }

  /* Normalize so the divisor's top word has its top bit set. */
  s = (unsigned int)__builtin_clz(b[bn - 1]);
  u = words_alloc(an + 1);
  v = words_alloc(bn);
  mag_shl_bits(v, b, bn, s);
  u[an] = mag_shl_bits(u, a, an, s);

  for (j = an - bn + 1; j-- > 0;) {
    uint64_t top = ((uint64_t)u[j + bn] << 32) | u[j + bn - 1];
    uint64_t qhat = top / v[bn - 1];
    uint64_t rhat = top % v[bn - 1];
    uint64_t carry = 0, sub;
    uint32_t borrow = 0;

    /* The estimate is at most two too large; the next-word test fixes most of that. */
    while (qhat > 0xFFFFFFFFU || qhat * v[bn - 2] > ((rhat << 32) | u[j + bn - 2])) {
      qhat--;
      rhat += v[bn - 1];
      if (rhat > 0xFFFFFFFFU)
        break;
    }
    for (i = 0; i < bn; i++) {
      uint64_t p = qhat * v[i] + carry;
      uint64_t t = (uint64_t)u[i + j] - (uint32_t)p - borrow;

      carry = p >> 32;
      u[i + j] = (uint32_t)t;
      borrow = (uint32_t)(t >> 32) & 1;
    }
    sub = carry + borrow;
    if (sub > u[j + bn]) {
      /* Went below zero: qhat was one too large, add the divisor back. */
      uint64_t c = 0;

      u[j + bn] = (uint32_t)(u[j + bn] - sub);
      qhat--;
      for (i = 0; i < bn; i++) {
        c += (uint64_t)u[i + j] + v[i];
        u[i + j] = (uint32_t)c;
        c >>= 32;
      }
      u[j + bn] += (uint32_t)c;
    } else {
      u[j + bn] = (uint32_t)(u[j + bn] - sub);
    }
    if (q)
      q[j] = (uint32_t)qhat;
  }
  if (q)
    *qn = mag_norm(q, an - bn + 1);
  if (r) {
    for (i = 0; i < bn; i++)
      r[i] = s ? (u[i] >> s) | (u[i + 1] << (32 - s)) : u[i];
    *rn = mag_norm(r, bn);
  }
  TEE_Free(u);
  TEE_Free(v);
}

/* r = a + b with signs; r->d has max(an, bn) + 1 words and may be a.d or b.d. */
static void num_add(struct num* r, struct num a, struct num b) {
  if (a.neg == b.neg) {
    r->n = mag_add(r->d, a.d, a.n, b.d, b.n);
    r->neg = a.neg;
  } else if (mag_cmp(a.d, a.n, b.d, b.n) >= 0) {
    r->n = mag_sub(r->d, a.d, a.n, b.d, b.n);
    r->neg = a.neg;
  } else {
    r->n = mag_sub(r->d, b.d, b.n, a.d, a.n);
    r->neg = b.neg;
  }
  if (!r->n)
    r->neg = false;
}

static void num_sub(struct num* r, struct num a, struct num b) {
  b.neg = !b.neg && b.n;
  num_add(r, a, b);
}

/* r = a mod m in [0, m); m > 0. r->d has m.n words and may be a.d. */
static void num_mod(struct num* r, struct num a, struct num m) {
  bool neg = a.neg;

  mag_divmod(NULL, NULL, r->d, &r->n, a.d, a.n, m.d, m.n);
  r->neg = false;
  if (neg && r->n)
    r->n = mag_sub(r->d, m.d, m.n, r->d, r->n);
}

static bool is_small_modulus(struct num m) {
  return m.neg || m.n == 0 || (m.n == 1 && m.d[0] < 2);
}

static struct num modulus_view(const TEE_BigInt* n) {
  struct num m = view(n);

  if (is_small_modulus(m))
    TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
  return m;
}

/* out (m.n words) = x * y mod m for reduced x, y; prod has 2 * m.n words. */
static void mulmod(struct num* out, struct num x, struct num y, struct num m, uint32_t* prod) {
  struct num p = {prod, 0, false};

  p.n = mag_mul(prod, x.d, x.n, y.d, y.n);
  num_mod(out, p, m);
}

/* out (m.n words) = base^e mod m with base reduced and e >= 0. */
static void modexp(struct num* out, struct num base, struct num e, struct num m) {
  uint32_t* prod = words_alloc(2 * m.n);
  uint32_t* tmp = words_alloc(m.n);
  struct num acc = {tmp, 0, false};
  size_t bits = e.n ? (e.n - 1) * 32 + (32 - (size_t)__builtin_clz(e.d[e.n - 1])) : 0;
  size_t i;

  /* acc = 1 mod m (m >= 2, so that is 1) */
  acc.d[0] = 1;
  acc.n = 1;
  for (i = bits; i-- > 0;) {
    mulmod(&acc, acc, acc, m, prod);
    if ((e.d[i / 32] >> (i % 32)) & 1)
      mulmod(&acc, acc, base, m, prod);
  }
  memcpy(out->d, acc.d, acc.n * sizeof(uint32_t));
  out->n = acc.n;
  out->neg = false;
  TEE_Free(prod);
  TEE_Free(tmp);
}

/*
 * Extended Euclid on |a|, |b|: g = gcd, u*a + v*b = g. Results point into *block, which
 * the caller frees.
 */
static void xgcd(struct num a, struct num b, struct num* g, struct num* u, struct num* v,
                 uint32_t** block) {
  size_t m = (a.n > b.n ? a.n : b.n) + 1;
  size_t w = 2 * m + 2;
  uint32_t* mem = words_alloc(w * 11);
  struct num r[3], s[3], t[3], q, prod;
  size_t k;
  bool aneg = a.neg, bneg = b.neg;

  for (k = 0; k < 3; k++) {
    r[k] = (struct num){mem + w * k, 0, false};
    s[k] = (struct num){mem + w * (3 + k), 0, false};
    t[k] = (struct num){mem + w * (6 + k), 0, false};
  }
  q = (struct num){mem + w * 9, 0, false};
  prod = (struct num){mem + w * 10, 0, false};
  memcpy(r[0].d, a.d, a.n * sizeof(uint32_t));
  r[0].n = a.n;
  memcpy(r[1].d, b.d, b.n * sizeof(uint32_t));
  r[1].n = b.n;
  s[0].d[0] = 1;
  s[0].n = 1;
  t[1].d[0] = 1;
  t[1].n = 1;

  while (r[1].n) {
    struct num tr, ts, tt;

    mag_divmod(q.d, &q.n, r[2].d, &r[2].n, r[0].d, r[0].n, r[1].d, r[1].n);
    r[2].neg = false;
    /* s2 = s0 - q * s1, t2 = t0 - q * t1 */
    prod.n = mag_mul(prod.d, q.d, q.n, s[1].d, s[1].n);
    prod.neg = s[1].neg && prod.n;
    num_sub(&s[2], s[0], prod);
    prod.n = mag_mul(prod.d, q.d, q.n, t[1].d, t[1].n);
    prod.neg = t[1].neg && prod.n;
    num_sub(&t[2], t[0], prod);
    tr = r[0], ts = s[0], tt = t[0];
    r[0] = r[1], s[0] = s[1], t[0] = t[1];
    r[1] = r[2], s[1] = s[2], t[1] = t[2];
    r[2] = tr, s[2] = ts, t[2] = tt;
  }
  *g = r[0];
  *u = s[0];
  *v = t[0];
  if (aneg && u->n)
    u->neg = !u->neg;
  if (bneg && v->n)
    v->neg = !v->neg;
  *block = mem;
}

/* ---- Sizes and initialization (§8.2, §8.3) ------------------------------------------ */

size_t TEE_BigIntFMMSizeInU32(size_t modulusSizeInBits) {
  return TEE_BigIntSizeInU32(modulusSizeInBits);
}

size_t TEE_BigIntFMMContextSizeInU32(size_t modulusSizeInBits) {
  return TEE_BigIntSizeInU32(modulusSizeInBits);
}

void TEE_BigIntInit(TEE_BigInt* bigInt, size_t len) {
  if (!bigInt || len < HDR_WORDS + 1 || len - HDR_WORDS > MAX_WORDS)
    arith_panic();
  memset(bigInt, 0, len * sizeof(uint32_t));
  bigInt[0] = (uint32_t)(len - HDR_WORDS);
}

TEE_Result TEE_BigIntInitFMMContext1(TEE_BigIntFMMContext* context, size_t len,
                                     const TEE_BigInt* modulus) {
  struct num m = modulus_view(modulus);

  TEE_BigIntInit(context, len);
  store_num(context, m);
  return TEE_SUCCESS;
}

void TEE_BigIntInitFMMContext(TEE_BigIntFMMContext* context, size_t len,
                              const TEE_BigInt* modulus) {
  (void)TEE_BigIntInitFMMContext1(context, len, modulus);
}

void TEE_BigIntInitFMM(TEE_BigIntFMM* bigIntFMM, size_t len) {
  TEE_BigIntInit(bigIntFMM, len);
}

/* ---- Conversions (§8.4) ------------------------------------------------------------- */

TEE_Result TEE_BigIntConvertFromOctetString(TEE_BigInt* dest, const uint8_t* buffer,
                                            size_t bufferLen, int32_t sign) {
  size_t i, words, n;

  if (!dest || (!buffer && bufferLen))
    arith_panic();
  while (bufferLen && !buffer[0]) {
    buffer++;
    bufferLen--;
  }
  words = (bufferLen + 3) / 4;
  if (words > dest[0])
    return TEE_ERROR_OVERFLOW;
  memset(dest + HDR_WORDS, 0, dest[0] * sizeof(uint32_t));
  for (i = 0; i < bufferLen; i++) {
    size_t bit = (bufferLen - 1 - i) * 8;

    dest[HDR_WORDS + bit / 32] |= (uint32_t)buffer[i] << (bit % 32);
  }
  n = mag_norm(dest + HDR_WORDS, words);
  dest[1] = (uint32_t)n | (sign < 0 && n ? SIGN_BIT : 0);
  return TEE_SUCCESS;
}

TEE_Result TEE_BigIntConvertToOctetString(void* buffer, size_t* bufferLen,
                                          const TEE_BigInt* bigInt) {
  struct num v = view(bigInt);
  uint32_t bits = TEE_BigIntGetBitCount(bigInt);
  size_t bytes = (bits + 7) / 8;
  uint8_t* out = buffer;
  size_t i;

  if (!bufferLen)
    arith_panic();
  if (*bufferLen < bytes) {
    *bufferLen = bytes;
    return TEE_ERROR_SHORT_BUFFER;
  }
  for (i = 0; i < bytes; i++) {
    size_t bit = (bytes - 1 - i) * 8;

    out[i] = (uint8_t)(v.d[bit / 32] >> (bit % 32));
  }
  *bufferLen = bytes;
  return TEE_SUCCESS;
}

void TEE_BigIntConvertFromS32(TEE_BigInt* dest, int32_t shortVal) {
  uint32_t mag = shortVal < 0 ? 0U - (uint32_t)shortVal : (uint32_t)shortVal;

  store_or_panic(dest, &mag, 1, shortVal < 0);
}

TEE_Result TEE_BigIntConvertToS32(int32_t* dest, const TEE_BigInt* src) {
  struct num v = view(src);
  uint32_t mag;

  if (!dest)
    arith_panic();
  if (v.n > 1)
    return TEE_ERROR_OVERFLOW;
  mag = v.n ? v.d[0] : 0;
  if (mag > (v.neg ? 0x80000000U : 0x7FFFFFFFU))
    return TEE_ERROR_OVERFLOW;
  *dest = v.neg ? (int32_t)(0U - mag) : (int32_t)mag;
  return TEE_SUCCESS;
}

/* ---- Logical operations (§8.5) ------------------------------------------------------ */

static int32_t num_cmp(struct num a, struct num b) {
  int c;

  if (a.neg != b.neg)
    return a.neg ? -1 : 1;
  c = mag_cmp(a.d, a.n, b.d, b.n);
  return a.neg ? -c : c;
}

int32_t TEE_BigIntCmp(const TEE_BigInt* op1, const TEE_BigInt* op2) {
  return num_cmp(view(op1), view(op2));
}

int32_t TEE_BigIntCmpS32(const TEE_BigInt* op, int32_t shortVal) {
  uint32_t mag = shortVal < 0 ? 0U - (uint32_t)shortVal : (uint32_t)shortVal;
  struct num s = {&mag, mag ? 1 : 0, shortVal < 0};

  return num_cmp(view(op), s);
}

void TEE_BigIntShiftRight(TEE_BigInt* dest, const TEE_BigInt* op, size_t bits) {
  struct num v = view(op);
  size_t ws = bits / 32, i, n;
  unsigned int bs = bits % 32;
  uint32_t* r;

  if (ws >= v.n) {
    store_or_panic(dest, NULL, 0, false);
    return;
  }
  n = v.n - ws;
  r = words_alloc(n);
  for (i = 0; i < n; i++) {
    uint32_t lo = v.d[i + ws];
    uint32_t hi = i + ws + 1 < v.n ? v.d[i + ws + 1] : 0;

    r[i] = bs ? (lo >> bs) | (hi << (32 - bs)) : lo;
  }
  store_or_panic(dest, r, n, v.neg);
  TEE_Free(r);
}

bool TEE_BigIntGetBit(const TEE_BigInt* src, uint32_t bitIndex) {
  struct num v = view(src);

  if (bitIndex / 32 >= v.n)
    return false;
  return (v.d[bitIndex / 32] >> (bitIndex % 32)) & 1;
}

uint32_t TEE_BigIntGetBitCount(const TEE_BigInt* src) {
  struct num v = view(src);

  if (!v.n)
    return 0;
  return (uint32_t)((v.n - 1) * 32 + (32 - (size_t)__builtin_clz(v.d[v.n - 1])));
}

TEE_Result TEE_BigIntSetBit(TEE_BigInt* op, uint32_t bitIndex, bool value) {
  struct num v = view(op);
  size_t w = bitIndex / 32;
  size_t n = v.n;

  if (w >= op[0])
    return TEE_ERROR_OVERFLOW;
  if (value) {
    while (n <= w)
      v.d[n++] = 0;
    v.d[w] |= 1U << (bitIndex % 32);
  } else if (w < n) {
    v.d[w] &= ~(1U << (bitIndex % 32));
  }
  store_or_panic(op, v.d, n, v.neg);
  return TEE_SUCCESS;
}

TEE_Result TEE_BigIntAssign(TEE_BigInt* dest, const TEE_BigInt* src) {
  struct num v = view(src);

  return store(dest, v.d, v.n, v.neg) ? TEE_SUCCESS : TEE_ERROR_OVERFLOW;
}

TEE_Result TEE_BigIntAbs(TEE_BigInt* dest, const TEE_BigInt* src) {
  struct num v = view(src);

  return store(dest, v.d, v.n, false) ? TEE_SUCCESS : TEE_ERROR_OVERFLOW;
}

/* ---- Basic arithmetic (§8.6) -------------------------------------------------------- */

static void add_or_sub(TEE_BigInt* dest, const TEE_BigInt* op1, const TEE_BigInt* op2,
                       bool subtract) {
  struct num a = view(op1), b = view(op2);
  struct num r = {words_alloc((a.n > b.n ? a.n : b.n) + 1), 0, false};

  if (subtract)
    num_sub(&r, a, b);
  else
    num_add(&r, a, b);
  store_num(dest, r);
  TEE_Free(r.d);
}

void TEE_BigIntAdd(TEE_BigInt* dest, const TEE_BigInt* op1, const TEE_BigInt* op2) {
  add_or_sub(dest, op1, op2, false);
}

void TEE_BigIntSub(TEE_BigInt* dest, const TEE_BigInt* op1, const TEE_BigInt* op2) {
  add_or_sub(dest, op1, op2, true);
}

void TEE_BigIntNeg(TEE_BigInt* dest, const TEE_BigInt* op) {
  struct num v = view(op);

  store_or_panic(dest, v.d, v.n, !v.neg);
}

void TEE_BigIntMul(TEE_BigInt* dest, const TEE_BigInt* op1, const TEE_BigInt* op2) {
  struct num a = view(op1), b = view(op2);
  uint32_t* r = words_alloc(a.n + b.n);
  size_t n = mag_mul(r, a.d, a.n, b.d, b.n);

  store_or_panic(dest, r, n, a.neg != b.neg);
  TEE_Free(r);
}

void TEE_BigIntSquare(TEE_BigInt* dest, const TEE_BigInt* op) {
  TEE_BigIntMul(dest, op, op);
}

void TEE_BigIntDiv(TEE_BigInt* dest_q, TEE_BigInt* dest_r, const TEE_BigInt* op1,
                   const TEE_BigInt* op2) {
  struct num a = view(op1), b = view(op2);
  uint32_t *q, *r;
  size_t qn = 0, rn = 0;

  if (!b.n)
    TEE_Panic(TEE_ERROR_BAD_PARAMETERS); /* division by zero */
  q = words_alloc(a.n + 1);
  r = words_alloc(b.n > a.n ? b.n : a.n);
  mag_divmod(q, &qn, r, &rn, a.d, a.n, b.d, b.n);
  /* Check both fit before writing either: dest_q or dest_r may be an operand. */
  if ((dest_q && mag_norm(q, qn) > dest_q[0]) || (dest_r && rn > dest_r[0]))
    TEE_Panic(TEE_ERROR_OVERFLOW);
  if (dest_q)
    store_or_panic(dest_q, q, qn, a.neg != b.neg);
  if (dest_r)
    store_or_panic(dest_r, r, rn, a.neg);
  TEE_Free(q);
  TEE_Free(r);
}

/* ---- Modular arithmetic (§8.7) ------------------------------------------------------ */

/* dest = v mod m, v in a temporary buffer that num_mod may overwrite. */
static void store_mod(TEE_BigInt* dest, struct num v, struct num m) {
  uint32_t* r = words_alloc(m.n);
  struct num res = {r, 0, false};

  num_mod(&res, v, m);
  store_num(dest, res);
  TEE_Free(r);
}

void TEE_BigIntMod(TEE_BigInt* dest, const TEE_BigInt* op, const TEE_BigInt* n) {
  store_mod(dest, view(op), modulus_view(n));
}

static void addsub_mod(TEE_BigInt* dest, const TEE_BigInt* op1, const TEE_BigInt* op2,
                       const TEE_BigInt* n, bool subtract) {
  struct num m = modulus_view(n), a = view(op1), b = view(op2);
  struct num r = {words_alloc((a.n > b.n ? a.n : b.n) + 1), 0, false};

  if (subtract)
    num_sub(&r, a, b);
  else
    num_add(&r, a, b);
  store_mod(dest, r, m);
  TEE_Free(r.d);
}

void TEE_BigIntAddMod(TEE_BigInt* dest, const TEE_BigInt* op1, const TEE_BigInt* op2,
                      const TEE_BigInt* n) {
  addsub_mod(dest, op1, op2, n, false);
}

void TEE_BigIntSubMod(TEE_BigInt* dest, const TEE_BigInt* op1, const TEE_BigInt* op2,
                      const TEE_BigInt* n) {
  addsub_mod(dest, op1, op2, n, true);
}

void TEE_BigIntMulMod(TEE_BigInt* dest, const TEE_BigInt* op1, const TEE_BigInt* op2,
                      const TEE_BigInt* n) {
  struct num m = modulus_view(n), a = view(op1), b = view(op2);
  struct num p = {words_alloc(a.n + b.n), 0, a.neg != b.neg};

  p.n = mag_mul(p.d, a.d, a.n, b.d, b.n);
  if (!p.n)
    p.neg = false;
  store_mod(dest, p, m);
  TEE_Free(p.d);
}

void TEE_BigIntSquareMod(TEE_BigInt* dest, const TEE_BigInt* op, const TEE_BigInt* n) {
  TEE_BigIntMulMod(dest, op, op, n);
}

void TEE_BigIntInvMod(TEE_BigInt* dest, const TEE_BigInt* op, const TEE_BigInt* n) {
  struct num m = modulus_view(n), a = view(op);
  struct num ar = {words_alloc(m.n), 0, false};
  struct num g, u, v, res;
  uint32_t* block;

  num_mod(&ar, a, m);
  xgcd(ar, m, &g, &u, &v, &block);
  if (g.n != 1 || g.d[0] != 1)
    TEE_Panic(TEE_ERROR_BAD_PARAMETERS); /* no inverse */
  res = ar;                              /* m.n words, |u| < m */
  num_mod(&res, u, m);
  store_num(dest, res);
  TEE_Free(block);
  TEE_Free(ar.d);
}

TEE_Result TEE_BigIntExpMod(TEE_BigInt* dest, const TEE_BigInt* op1, const TEE_BigInt* op2,
                            const TEE_BigInt* n, const TEE_BigIntFMMContext* context) {
  struct num m = modulus_view(n), a = view(op1), e = view(op2);
  struct num base = {words_alloc(m.n), 0, false};
  struct num r = {words_alloc(m.n), 0, false};

  (void)context;
  if (e.neg)
    TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
  num_mod(&base, a, m);
  modexp(&r, base, e, m);
  store_num(dest, r);
  TEE_Free(base.d);
  TEE_Free(r.d);
  return TEE_SUCCESS;
}

/* ---- Other arithmetic (§8.9) -------------------------------------------------------- */

bool TEE_BigIntRelativePrime(const TEE_BigInt* op1, const TEE_BigInt* op2) {
  struct num g, u, v;
  uint32_t* block;
  bool one;

  xgcd(view(op1), view(op2), &g, &u, &v, &block);
  one = g.n == 1 && g.d[0] == 1;
  TEE_Free(block);
  return one;
}

void TEE_BigIntComputeExtendedGcd(TEE_BigInt* gcd, TEE_BigInt* u, TEE_BigInt* v,
                                  const TEE_BigInt* op1, const TEE_BigInt* op2) {
  struct num g, cu, cv;
  uint32_t* block;

  xgcd(view(op1), view(op2), &g, &cu, &cv, &block);
  if (!gcd || (gcd && g.n > gcd[0]) || (u && cu.n > u[0]) || (v && cv.n > v[0]))
    TEE_Panic(TEE_ERROR_OVERFLOW);
  store_num(gcd, g);
  if (u)
    store_num(u, cu);
  if (v)
    store_num(v, cv);
  TEE_Free(block);
}

static const uint16_t small_primes[] = {
    2,   3,   5,   7,   11,  13,  17,  19,  23,  29,  31,  37,  41,  43,  47,  53,  59,  61,
    67,  71,  73,  79,  83,  89,  97,  101, 103, 107, 109, 113, 127, 131, 137, 139, 149, 151,
    157, 163, 167, 173, 179, 181, 191, 193, 197, 199, 211, 223, 227, 229, 233, 239, 241, 251};

#define NUM_SMALL_PRIMES (sizeof(small_primes) / sizeof(small_primes[0]))
/* Below this (the square of the next prime, 257), trial division alone decides. */
#define TRIAL_LIMIT (257U * 257U)

/* |v| mod d for a small d. */
static uint32_t mag_mod_small(struct num v, uint32_t d) {
  uint64_t rem = 0;
  size_t i;

  for (i = v.n; i-- > 0;)
    rem = ((rem << 32) | v.d[i]) % d;
  return (uint32_t)rem;
}

/* One Miller-Rabin round with base a: false means n is certainly composite. */
static bool mr_round(struct num nv, struct num nm1, struct num d, size_t s, uint32_t a,
                     uint32_t* prod) {
  struct num base = {&a, 1, false};
  struct num x = {words_alloc(nv.n), 0, false};
  bool pass = false;
  size_t i;

  modexp(&x, base, d, nv);
  if ((x.n == 1 && x.d[0] == 1) || mag_cmp(x.d, x.n, nm1.d, nm1.n) == 0) {
    pass = true;
  } else {
    for (i = 1; i < s && !pass; i++) {
      mulmod(&x, x, x, nv, prod);
      if (mag_cmp(x.d, x.n, nm1.d, nm1.n) == 0)
        pass = true;
      else if (x.n == 1 && x.d[0] == 1)
        break; /* a nontrivial square root of 1 */
    }
  }
  TEE_Free(x.d);
  return pass;
}

int32_t TEE_BigIntIsProbablePrime(const TEE_BigInt* op, uint32_t confidenceLevel) {
  struct num nv = view(op), nm1, d;
  uint32_t *prod, *bufs;
  size_t i, s, rounds;
  int32_t result = -1;

  if (nv.neg || nv.n == 0 || (nv.n == 1 && nv.d[0] < 2))
    return 0;
  for (i = 0; i < NUM_SMALL_PRIMES; i++) {
    if (nv.n == 1 && nv.d[0] == small_primes[i])
      return 1;
    if (!mag_mod_small(nv, small_primes[i]))
      return 0;
  }
  if (nv.n == 1 && nv.d[0] < TRIAL_LIMIT)
    return 1;

  /* n - 1 = d * 2^s with d odd */
  bufs = words_alloc(2 * nv.n);
  prod = words_alloc(2 * nv.n);
  nm1 = (struct num){bufs, 0, false};
  d = (struct num){bufs + nv.n, 0, false};
  nm1.n = mag_sub(nm1.d, nv.d, nv.n, (const uint32_t[]){1}, 1);
  for (s = 0; !((nm1.d[s / 32] >> (s % 32)) & 1); s++)
    ;
  memcpy(d.d, nm1.d, nm1.n * sizeof(uint32_t));
  d.n = nm1.n;
  if (s) {
    size_t ws = s / 32;
    unsigned int bs = s % 32;

    for (i = 0; i < d.n; i++) {
      uint32_t lo = i + ws < nm1.n ? nm1.d[i + ws] : 0;
      uint32_t hi = i + ws + 1 < nm1.n ? nm1.d[i + ws + 1] : 0;

      d.d[i] = bs ? (lo >> bs) | (hi << (32 - bs)) : lo;
    }
    d.n = mag_norm(d.d, d.n);
  }

  /* Each round lets a composite through with probability at most 1/4. */
  if (confidenceLevel < 80)
    confidenceLevel = 80;
  rounds = (confidenceLevel + 1) / 2;
  for (i = 0; i < rounds; i++) {
    uint32_t a = i < NUM_SMALL_PRIMES ? small_primes[i] : (uint32_t)(i + 2);

    if (!mr_round(nv, nm1, d, s, a, prod)) {
      result = 0;
      break;
    }
  }
  TEE_Free(prod);
  TEE_Free(bufs);
  return result;
}

/* ---- Fast modular multiplication (§8.10): values kept in normal form ---------------- */

void TEE_BigIntConvertToFMM(TEE_BigIntFMM* dest, const TEE_BigInt* src, const TEE_BigInt* n,
                            const TEE_BigIntFMMContext* context) {
  (void)context;
  TEE_BigIntMod(dest, src, n);
}

void TEE_BigIntConvertFromFMM(TEE_BigInt* dest, const TEE_BigIntFMM* src, const TEE_BigInt* n,
                              const TEE_BigIntFMMContext* context) {
  (void)context;
  TEE_BigIntMod(dest, src, n);
}

void TEE_BigIntComputeFMM(TEE_BigIntFMM* dest, const TEE_BigIntFMM* op1, const TEE_BigIntFMM* op2,
                          const TEE_BigInt* n, const TEE_BigIntFMMContext* context) {
  (void)context;
  TEE_BigIntMulMod(dest, op1, op2, n);
}
