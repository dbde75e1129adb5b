// SPDX-License-Identifier: BSD-2-Clause
/*
 * Copyright (c) 2026, the swemu authors
 *
 * Property access (GP TEE Internal Core API v1.3.1 §4.4). As with OP-TEE's libutee, a set
 * is served from two places (reference/optee-abi.md §4.3): first the SDK's own table
 * (`ta_props` for the current TA, a few gpd.tee.* values for the implementation), then
 * the OS's, through the GET_PROPERTY syscalls. An enumerator walks the SDK entries, then
 * the OS's, in index order.
 *
 * Every property has a string form (TEE_GetPropertyAsString). The other getters take a
 * property of their own type, or a string property written in the GP syntax for that
 * type: "true"/"false" (any case) for a Boolean; decimal with an optional K or M
 * multiplier, 0x hexadecimal or 0b binary, `_` allowed between digits, for integers;
 * base64 for a binary block; the canonical text form for a UUID; "login[:uuid]" for an
 * identity. Anything else is TEE_ERROR_BAD_FORMAT.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <tee_api.h>
#include <user_ta_header.h>
#include <utee_syscalls.h>

/* Served here for TEE_PROPSET_TEE_IMPLEMENTATION, as libutee does. */
#define SWEMU_MAX_BIGINT_BITS 2048U /* OP-TEE's default CFG_TA_BIGNUM_MAX_BITS */
#define SWEMU_SOCKETS_VERSION 0x01000000U

static const uint32_t prop_max_bigint_size = SWEMU_MAX_BIGINT_BITS;
static const uint32_t prop_sockets_version = SWEMU_SOCKETS_VERSION;
static const uint32_t prop_internal_core_version = TEE_CORE_API_VERSION;

static const struct user_ta_property tee_impl_props[] = {
    {"gpd.tee.arith.maxBigIntSize", USER_TA_PROP_TYPE_U32, &prop_max_bigint_size},
    {"gpd.tee.sockets.version", USER_TA_PROP_TYPE_U32, &prop_sockets_version},
    {"gpd.tee.sockets.tcp.version", USER_TA_PROP_TYPE_U32, &prop_sockets_version},
    {"gpd.tee.internalCore.version", USER_TA_PROP_TYPE_U32, &prop_internal_core_version},
};

#define UUID_TEXT_LEN 36
#define IDENTITY_SIZE 20 /* u32 login + TEE_UUID */

/* --- Property sets and enumerators ---------------------------------------------------- */

static bool is_pseudo_handle(TEE_PropSetHandle h) {
  return h == TEE_PROPSET_CURRENT_TA || h == TEE_PROPSET_CURRENT_CLIENT ||
         h == TEE_PROPSET_TEE_IMPLEMENTATION;
}

/* The SDK's part of a set; the OS numbers its own entries after these. */
static const struct user_ta_property* sdk_props(TEE_PropSetHandle set, size_t* count) {
  if (set == TEE_PROPSET_CURRENT_TA) {
    *count = ta_num_props;
    return ta_props;
  }
  if (set == TEE_PROPSET_TEE_IMPLEMENTATION) {
    *count = sizeof(tee_impl_props) / sizeof(tee_impl_props[0]);
    return tee_impl_props;
  }
  *count = 0;
  return NULL;
}

#define ENUM_NOT_STARTED UINT32_MAX

struct enumerator {
  struct enumerator* next;
  TEE_PropSetHandle set;
  uint32_t index; /* ENUM_NOT_STARTED until TEE_StartPropertyEnumerator */
};

/* Live enumerators: a handle is checked against this list before it is used. */
static struct enumerator* enumerators;

/* GP: an enumerator handle that is not valid panics the TA. */
static struct enumerator* enumerator_of(TEE_PropSetHandle h) {
  for (struct enumerator* e = enumerators; e; e = e->next) {
    if ((TEE_PropSetHandle)e == h)
      return e;
  }
  TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
}

/* --- A property value, from the SDK table or from the OS ------------------------------ */

struct value {
  uint32_t type; /* enum user_ta_prop_type */
  const uint8_t* data;
  size_t len;
  bool from_os;      /* bytes as the OS gave them (a binary block is not base64 text) */
  void* owned;       /* heap copy to release, if any */
  uint8_t small[64]; /* most values fit here */
};

static void value_release(struct value* v) {
  if (v->owned)
    TEE_Free(v->owned);
  v->owned = NULL;
}

static TEE_Result value_from_table(const struct user_ta_property* p, struct value* v) {
  v->type = p->type;
  v->data = p->value;
  switch (p->type) {
  case USER_TA_PROP_TYPE_BOOL:
    v->small[0] = *(const bool*)p->value ? 1 : 0;
    v->data = v->small;
    v->len = 1;
    return TEE_SUCCESS;
  case USER_TA_PROP_TYPE_U32:
    v->len = sizeof(uint32_t);
    return TEE_SUCCESS;
  case USER_TA_PROP_TYPE_U64:
    v->len = sizeof(uint64_t);
    return TEE_SUCCESS;
  case USER_TA_PROP_TYPE_UUID:
    v->len = sizeof(TEE_UUID);
    return TEE_SUCCESS;
  case USER_TA_PROP_TYPE_IDENTITY:
    v->len = IDENTITY_SIZE;
    return TEE_SUCCESS;
  case USER_TA_PROP_TYPE_STRING:
  case USER_TA_PROP_TYPE_BINARY_BLOCK: /* kept as its base64 text, decoded on use */
    v->len = strlen(p->value) + 1;
    return TEE_SUCCESS;
  default:
    return TEE_ERROR_BAD_FORMAT;
  }
}

/* Property `index` of the OS's part of `set`; TEE_ERROR_ITEM_NOT_FOUND past its end. */
static TEE_Result value_from_os(TEE_PropSetHandle set, uint32_t index, struct value* v) {
  uint32_t len = sizeof(v->small);
  uint32_t type = 0;
  TEE_Result res = _utee_get_property((unsigned long)set, index, NULL, NULL, v->small, &len, &type);

  if (res == TEE_ERROR_SHORT_BUFFER) {
    v->owned = TEE_Malloc(len, TEE_MALLOC_NO_FILL);
    if (!v->owned)
      return TEE_ERROR_OUT_OF_MEMORY;
    res = _utee_get_property((unsigned long)set, index, NULL, NULL, v->owned, &len, &type);
  }
  if (res != TEE_SUCCESS) {
    value_release(v);
    return res;
  }
  v->type = type;
  v->data = v->owned ? v->owned : v->small;
  v->len = len;
  v->from_os = true;
  return TEE_SUCCESS;
}

/*
 * The value a getter asks for: by name in a set, or the enumerator's current property
 * (`name` ignored). TEE_ERROR_ITEM_NOT_FOUND if there is none.
 */
static TEE_Result value_get(TEE_PropSetHandle h, const char* name, struct value* v) {
  const struct user_ta_property* props;
  TEE_PropSetHandle set;
  size_t count;
  uint32_t index;

  memset(v, 0, sizeof(*v));
  if (is_pseudo_handle(h)) {
    if (!name)
      TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
    props = sdk_props(h, &count);
    for (size_t i = 0; i < count; i++) {
      if (strcmp(props[i].name, name) == 0)
        return value_from_table(&props[i], v);
    }
    TEE_Result res =
        _utee_get_property_name_to_index((unsigned long)h, name, strlen(name) + 1, &index);
    if (res != TEE_SUCCESS)
      return res;
    return value_from_os(h, index, v);
  }

  struct enumerator* e = enumerator_of(h);
  if (e->index == ENUM_NOT_STARTED)
    return TEE_ERROR_ITEM_NOT_FOUND;
  set = e->set;
  props = sdk_props(set, &count);
  if (e->index < count)
    return value_from_table(&props[e->index], v);
  return value_from_os(set, e->index - (uint32_t)count, v);
}

/* --- Text forms ----------------------------------------------------------------------- */

static const char base64_chars[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static size_t base64_text_len(size_t n) {
  return (n + 2) / 3 * 4;
}

/* Writes the padded base64 form of `src` and a NUL; `dst` holds base64_text_len(n) + 1. */
static void base64_encode(const uint8_t* src, size_t n, char* dst) {
  size_t o = 0;

  for (size_t i = 0; i < n; i += 3) {
    uint32_t w = (uint32_t)src[i] << 16;
    if (i + 1 < n)
      w |= (uint32_t)src[i + 1] << 8;
    if (i + 2 < n)
      w |= src[i + 2];
    dst[o++] = base64_chars[(w >> 18) & 63];
    dst[o++] = base64_chars[(w >> 12) & 63];
    dst[o++] = i + 1 < n ? base64_chars[(w >> 6) & 63] : '=';
    dst[o++] = i + 2 < n ? base64_chars[w & 63] : '=';
  }
  dst[o] = '\0';
}

static int base64_digit(char c) {
  const char* p = c ? strchr(base64_chars, c) : NULL;

  return p ? (int)(p - base64_chars) : -1;
}

/*
 * Decodes `n` characters of base64 (padding optional) into `dst` when it is not NULL;
 * returns the number of bytes, or -1 if the text is not base64.
 */
static long base64_decode(const char* src, size_t n, uint8_t* dst) {
  uint32_t bits = 0;
  unsigned int nbits = 0;
  long out = 0;

  while (n > 0 && src[n - 1] == '=')
    n--;
  if (n % 4 == 1)
    return -1;
  for (size_t i = 0; i < n; i++) {
    int d = base64_digit(src[i]);
    if (d < 0)
      return -1;
    bits = (bits << 6) | (uint32_t)d;
    nbits += 6;
    if (nbits >= 8) {
      nbits -= 8;
      if (dst)
        dst[out] = (uint8_t)(bits >> nbits);
      out++;
    }
  }
  return out;
}

static void uuid_text(const TEE_UUID* u, char out[UUID_TEXT_LEN + 1]) {
  snprintf(out, UUID_TEXT_LEN + 1, "%08" PRIx32 "-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x",
           u->timeLow, u->timeMid, u->timeHiAndVersion, u->clockSeqAndNode[0],
           u->clockSeqAndNode[1], u->clockSeqAndNode[2], u->clockSeqAndNode[3],
           u->clockSeqAndNode[4], u->clockSeqAndNode[5], u->clockSeqAndNode[6],
           u->clockSeqAndNode[7]);
}

static int hex_digit(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* The canonical 8-4-4-4-12 form, either case. */
static bool parse_uuid(const char* s, size_t n, TEE_UUID* u) {
  uint8_t b[16];
  size_t k = 0;

  if (n != UUID_TEXT_LEN)
    return false;
  for (size_t i = 0; i < n;) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (s[i++] != '-')
        return false;
      continue;
    }
    int hi = hex_digit(s[i]);
    int lo = hex_digit(s[i + 1]);
    if (hi < 0 || lo < 0)
      return false;
    b[k++] = (uint8_t)(hi << 4 | lo);
    i += 2;
  }
  u->timeLow = (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
  u->timeMid = (uint16_t)(b[4] << 8 | b[5]);
  u->timeHiAndVersion = (uint16_t)(b[6] << 8 | b[7]);
  memcpy(u->clockSeqAndNode, b + 8, 8);
  return true;
}

/*
 * GP integer syntax: [0-9_]+ with an optional K (x1024) or M (x1024^2), 0[xX][0-9a-fA-F_]+
 * or 0[bB][01_]+, with at least one digit. False if malformed or above `max`.
 */
static bool parse_integer(const char* s, size_t n, uint64_t max, uint64_t* out) {
  unsigned int base = 10;
  uint64_t scale = 1;
  uint64_t v = 0;
  bool digits = false;

  if (n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    base = 16;
    s += 2;
    n -= 2;
  } else if (n > 2 && s[0] == '0' && (s[1] == 'b' || s[1] == 'B')) {
    base = 2;
    s += 2;
    n -= 2;
  } else if (n > 0 && (s[n - 1] == 'K' || s[n - 1] == 'M')) {
    scale = s[n - 1] == 'K' ? 1024 : 1024 * 1024;
    n--;
  }
  for (size_t i = 0; i < n; i++) {
    if (s[i] == '_')
      continue;
    int d = hex_digit(s[i]);
    if (d < 0 || (unsigned int)d >= base)
      return false;
    if (v > (max - (uint64_t)d) / base)
      return false;
    v = v * base + (uint64_t)d;
    digits = true;
  }
  if (!digits || v > max / scale)
    return false;
  *out = v * scale;
  return true;
}

static bool equals_ignoring_case(const char* a, size_t n, const char* b) {
  if (strlen(b) != n)
    return false;
  for (size_t i = 0; i < n; i++) {
    char x = a[i] >= 'A' && a[i] <= 'Z' ? (char)(a[i] - 'A' + 'a') : a[i];
    if (x != b[i])
      return false;
  }
  return true;
}

/* A string value's text, without its NUL (an OS string might lack one). */
static size_t text_len(const struct value* v) {
  return v->len ? strnlen((const char*)v->data, v->len) : 0;
}

/* The in/out length protocol of GP [outbuf]/[outstring] parameters. */
static TEE_Result copy_out(const void* src, size_t n, void* dst, size_t* dst_len) {
  size_t room = *dst_len;

  *dst_len = n;
  if (room < n)
    return TEE_ERROR_SHORT_BUFFER;
  memcpy(dst, src, n);
  return TEE_SUCCESS;
}

/* GP: results a getter does not list are programming errors, and panic. */
static TEE_Result allow(TEE_Result res, TEE_Result extra1, TEE_Result extra2) {
  if (res != TEE_SUCCESS && res != TEE_ERROR_ITEM_NOT_FOUND && res != extra1 && res != extra2)
    TEE_Panic(res);
  return res;
}

/* --- Getters -------------------------------------------------------------------------- */

TEE_Result TEE_GetPropertyAsString(TEE_PropSetHandle propsetOrEnumerator, const char* name,
                                   char* valueBuffer, size_t* valueBufferLen) {
  char text[UUID_TEXT_LEN + 16]; /* the longest fixed-size form: "4294967295:" + UUID */
  const char* str = text;
  char* heap = NULL;
  struct value v;
  TEE_Result res;

  if (!valueBufferLen || (!valueBuffer && *valueBufferLen))
    TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
  res = value_get(propsetOrEnumerator, name, &v);
  if (res != TEE_SUCCESS)
    return allow(res, TEE_ERROR_SHORT_BUFFER, TEE_SUCCESS);

  switch (v.type) {
  case USER_TA_PROP_TYPE_BOOL:
    str = v.data[0] ? "true" : "false";
    break;
  case USER_TA_PROP_TYPE_U32: {
    uint32_t u;
    memcpy(&u, v.data, sizeof(u));
    snprintf(text, sizeof(text), "%" PRIu32, u);
    break;
  }
  case USER_TA_PROP_TYPE_U64: {
    uint64_t u;
    memcpy(&u, v.data, sizeof(u));
    snprintf(text, sizeof(text), "%" PRIu64, u);
    break;
  }
  case USER_TA_PROP_TYPE_UUID: {
    TEE_UUID u;
    memcpy(&u, v.data, sizeof(u));
    uuid_text(&u, text);
    break;
  }
  case USER_TA_PROP_TYPE_IDENTITY: {
    TEE_Identity id;
    memcpy(&id, v.data, sizeof(id));
    int n = snprintf(text, sizeof(text), "%" PRIu32 ":", id.login);
    uuid_text(&id.uuid, text + n);
    break;
  }
  case USER_TA_PROP_TYPE_STRING:
    str = (const char*)v.data; /* NUL-terminated by the SDK table or the OS */
    if (text_len(&v) == v.len) {
      res = TEE_ERROR_BAD_FORMAT;
      goto out;
    }
    break;
  case USER_TA_PROP_TYPE_BINARY_BLOCK:
    if (v.from_os) { /* raw bytes: encode them */
      heap = TEE_Malloc(base64_text_len(v.len) + 1, TEE_MALLOC_NO_FILL);
      if (!heap) {
        res = TEE_ERROR_OUT_OF_MEMORY;
        goto out;
      }
      base64_encode(v.data, v.len, heap);
      str = heap;
    } else { /* the SDK table keeps the base64 text itself */
      str = (const char*)v.data;
    }
    break;
  default:
    res = TEE_ERROR_BAD_FORMAT;
    goto out;
  }
  res = copy_out(str, strlen(str) + 1, valueBuffer, valueBufferLen);
out:
  TEE_Free(heap);
  value_release(&v);
  return allow(res, TEE_ERROR_SHORT_BUFFER, TEE_SUCCESS);
}

TEE_Result TEE_GetPropertyAsBool(TEE_PropSetHandle propsetOrEnumerator, const char* name,
                                 bool* value) {
  struct value v;
  TEE_Result res;

  if (!value)
    TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
  res = value_get(propsetOrEnumerator, name, &v);
  if (res != TEE_SUCCESS)
    return allow(res, TEE_ERROR_BAD_FORMAT, TEE_SUCCESS);
  if (v.type == USER_TA_PROP_TYPE_BOOL && v.len >= 1) {
    *value = v.data[0] != 0;
  } else if (v.type == USER_TA_PROP_TYPE_STRING &&
             equals_ignoring_case((const char*)v.data, text_len(&v), "true")) {
    *value = true;
  } else if (v.type == USER_TA_PROP_TYPE_STRING &&
             equals_ignoring_case((const char*)v.data, text_len(&v), "false")) {
    *value = false;
  } else {
    res = TEE_ERROR_BAD_FORMAT;
  }
  value_release(&v);
  return allow(res, TEE_ERROR_BAD_FORMAT, TEE_SUCCESS);
}

/* A U32, U64 or integer-string property, if it is at most `max`. */
static TEE_Result get_integer(TEE_PropSetHandle h, const char* name, uint64_t max, uint64_t* out) {
  struct value v;
  TEE_Result res = value_get(h, name, &v);

  if (res != TEE_SUCCESS)
    return res;
  if (v.type == USER_TA_PROP_TYPE_U32 && v.len == sizeof(uint32_t)) {
    uint32_t u;
    memcpy(&u, v.data, sizeof(u));
    *out = u;
  } else if (v.type == USER_TA_PROP_TYPE_U64 && v.len == sizeof(uint64_t)) {
    memcpy(out, v.data, sizeof(*out));
    if (*out > max)
      res = TEE_ERROR_BAD_FORMAT;
  } else if (v.type != USER_TA_PROP_TYPE_STRING ||
             !parse_integer((const char*)v.data, text_len(&v), max, out)) {
    res = TEE_ERROR_BAD_FORMAT;
  }
  value_release(&v);
  return res;
}

TEE_Result TEE_GetPropertyAsU32(TEE_PropSetHandle propsetOrEnumerator, const char* name,
                                uint32_t* value) {
  uint64_t v = 0;
  TEE_Result res;

  if (!value)
    TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
  res = get_integer(propsetOrEnumerator, name, UINT32_MAX, &v);
  if (res == TEE_SUCCESS)
    *value = (uint32_t)v;
  return allow(res, TEE_ERROR_BAD_FORMAT, TEE_SUCCESS);
}

TEE_Result TEE_GetPropertyAsU64(TEE_PropSetHandle propsetOrEnumerator, const char* name,
                                uint64_t* value) {
  uint64_t v = 0;
  TEE_Result res;

  if (!value)
    TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
  res = get_integer(propsetOrEnumerator, name, UINT64_MAX, &v);
  if (res == TEE_SUCCESS)
    *value = v;
  return allow(res, TEE_ERROR_BAD_FORMAT, TEE_SUCCESS);
}

TEE_Result TEE_GetPropertyAsBinaryBlock(TEE_PropSetHandle propsetOrEnumerator, const char* name,
                                        void* valueBuffer, size_t* valueBufferLen) {
  struct value v;
  TEE_Result res;

  if (!valueBufferLen || (!valueBuffer && *valueBufferLen))
    TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
  res = value_get(propsetOrEnumerator, name, &v);
  if (res != TEE_SUCCESS)
    return allow(res, TEE_ERROR_BAD_FORMAT, TEE_ERROR_SHORT_BUFFER);

  if (v.type == USER_TA_PROP_TYPE_BINARY_BLOCK && v.from_os) {
    res = copy_out(v.data, v.len, valueBuffer, valueBufferLen);
  } else if (v.type == USER_TA_PROP_TYPE_BINARY_BLOCK || v.type == USER_TA_PROP_TYPE_STRING) {
    /* base64 text: from the SDK table, or a string property that reads as base64 */
    const char* text = (const char*)v.data;
    size_t n = text_len(&v);
    long size = base64_decode(text, n, NULL);
    if (size < 0) {
      res = TEE_ERROR_BAD_FORMAT;
    } else if (*valueBufferLen < (size_t)size) {
      *valueBufferLen = (size_t)size;
      res = TEE_ERROR_SHORT_BUFFER;
    } else {
      base64_decode(text, n, valueBuffer);
      *valueBufferLen = (size_t)size;
    }
  } else {
    res = TEE_ERROR_BAD_FORMAT;
  }
  value_release(&v);
  return allow(res, TEE_ERROR_BAD_FORMAT, TEE_ERROR_SHORT_BUFFER);
}

TEE_Result TEE_GetPropertyAsUUID(TEE_PropSetHandle propsetOrEnumerator, const char* name,
                                 TEE_UUID* value) {
  struct value v;
  TEE_Result res;

  if (!value)
    TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
  res = value_get(propsetOrEnumerator, name, &v);
  if (res != TEE_SUCCESS)
    return allow(res, TEE_ERROR_BAD_FORMAT, TEE_SUCCESS);
  if (v.type == USER_TA_PROP_TYPE_UUID && v.len == sizeof(*value))
    memcpy(value, v.data, sizeof(*value));
  else if (v.type != USER_TA_PROP_TYPE_STRING ||
           !parse_uuid((const char*)v.data, text_len(&v), value))
    res = TEE_ERROR_BAD_FORMAT;
  value_release(&v);
  return allow(res, TEE_ERROR_BAD_FORMAT, TEE_SUCCESS);
}

/* "login" or "login:uuid", the login in the GP integer syntax. */
static bool parse_identity(const char* s, size_t n, TEE_Identity* id) {
  const char* colon = memchr(s, ':', n);
  size_t login_len = colon ? (size_t)(colon - s) : n;
  uint64_t login;

  if (!parse_integer(s, login_len, UINT32_MAX, &login))
    return false;
  memset(&id->uuid, 0, sizeof(id->uuid));
  if (colon && !parse_uuid(colon + 1, n - login_len - 1, &id->uuid))
    return false;
  id->login = (uint32_t)login;
  return true;
}

TEE_Result TEE_GetPropertyAsIdentity(TEE_PropSetHandle propsetOrEnumerator, const char* name,
                                     TEE_Identity* value) {
  struct value v;
  TEE_Result res;

  if (!value)
    TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
  res = value_get(propsetOrEnumerator, name, &v);
  if (res != TEE_SUCCESS)
    return allow(res, TEE_ERROR_BAD_FORMAT, TEE_SUCCESS);
  if (v.type == USER_TA_PROP_TYPE_IDENTITY && v.len == IDENTITY_SIZE) {
    memcpy(&value->login, v.data, sizeof(value->login));
    memcpy(&value->uuid, v.data + sizeof(value->login), sizeof(value->uuid));
  } else if (v.type != USER_TA_PROP_TYPE_STRING ||
             !parse_identity((const char*)v.data, text_len(&v), value)) {
    res = TEE_ERROR_BAD_FORMAT;
  }
  value_release(&v);
  return allow(res, TEE_ERROR_BAD_FORMAT, TEE_SUCCESS);
}

/* --- Enumerators ---------------------------------------------------------------------- */

TEE_Result TEE_AllocatePropertyEnumerator(TEE_PropSetHandle* enumerator) {
  struct enumerator* e;

  if (!enumerator)
    TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
  e = TEE_Malloc(sizeof(*e), TEE_MALLOC_FILL_ZERO);
  if (!e) {
    *enumerator = TEE_HANDLE_NULL;
    return TEE_ERROR_OUT_OF_MEMORY;
  }
  e->index = ENUM_NOT_STARTED;
  e->next = enumerators;
  enumerators = e;
  *enumerator = (TEE_PropSetHandle)e;
  return TEE_SUCCESS;
}

void TEE_FreePropertyEnumerator(TEE_PropSetHandle enumerator) {
  struct enumerator** link = &enumerators;

  if (enumerator == TEE_HANDLE_NULL)
    return;
  enumerator_of(enumerator); /* panics if it is not one of ours */
  while (*link != (struct enumerator*)enumerator)
    link = &(*link)->next;
  *link = (*link)->next;
  TEE_Free(enumerator);
}

void TEE_StartPropertyEnumerator(TEE_PropSetHandle enumerator, TEE_PropSetHandle propSet) {
  struct enumerator* e = enumerator_of(enumerator);

  if (!is_pseudo_handle(propSet))
    TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
  e->set = propSet;
  e->index = 0;
}

void TEE_ResetPropertyEnumerator(TEE_PropSetHandle enumerator) {
  enumerator_of(enumerator)->index = ENUM_NOT_STARTED;
}

TEE_Result TEE_GetPropertyName(TEE_PropSetHandle enumerator, void* nameBuffer,
                               size_t* nameBufferLen) {
  struct enumerator* e = enumerator_of(enumerator);
  const struct user_ta_property* props;
  size_t count;
  TEE_Result res;

  if (!nameBufferLen || (!nameBuffer && *nameBufferLen))
    TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
  if (e->index == ENUM_NOT_STARTED)
    return TEE_ERROR_ITEM_NOT_FOUND;
  props = sdk_props(e->set, &count);
  if (e->index < count) {
    res =
        copy_out(props[e->index].name, strlen(props[e->index].name) + 1, nameBuffer, nameBufferLen);
  } else {
    /* The OS reports the size it needs only when given a buffer, even an empty one. */
    char none;
    uint32_t len = *nameBufferLen > UINT32_MAX ? UINT32_MAX : (uint32_t)*nameBufferLen;
    res = _utee_get_property((unsigned long)e->set, e->index - (uint32_t)count,
                             nameBuffer ? nameBuffer : &none, &len, NULL, NULL, NULL);
    if (res == TEE_SUCCESS || res == TEE_ERROR_SHORT_BUFFER)
      *nameBufferLen = len;
  }
  return allow(res, TEE_ERROR_SHORT_BUFFER, TEE_SUCCESS);
}

TEE_Result TEE_GetNextProperty(TEE_PropSetHandle enumerator) {
  struct enumerator* e = enumerator_of(enumerator);
  size_t count;
  TEE_Result res;

  if (e->index == ENUM_NOT_STARTED)
    return TEE_ERROR_ITEM_NOT_FOUND;
  sdk_props(e->set, &count);
  if (e->index + 1 != ENUM_NOT_STARTED)
    e->index++;
  if (e->index < count)
    return TEE_SUCCESS;
  /* Past the SDK's entries: the OS says whether this index exists. */
  res = _utee_get_property((unsigned long)e->set, e->index - (uint32_t)count, NULL, NULL, NULL,
                           NULL, NULL);
  return allow(res, TEE_SUCCESS, TEE_SUCCESS);
}
