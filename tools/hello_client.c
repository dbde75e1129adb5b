/*
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * The demo's sample client: an ordinary GP TEE Client API program that talks to
 * tas/hello. With swemu's libteec, TEEC_InitializeContext starts the secure world in this
 * process on the bundled manifests (SWEMU_MANIFEST_DIR and SWEMU_TA_DIR override them).
 */
#include <stdio.h>
#include <string.h>

#include <tee_client_api.h>

#include "hello_ta.h"

static const TEEC_UUID kHelloUuid = HELLO_TA_UUID;

static int failures;

static void step(const char* what, TEEC_Result got, TEEC_Result want, uint32_t origin) {
  int ok = got == want;
  printf("[%s] %-58s -> 0x%08x (origin %u)\n", ok ? " ok " : "FAIL", what, got, origin);
  if (!ok)
    failures++;
}

int main(void) {
  TEEC_Context ctx;
  TEEC_Session sess;
  TEEC_Operation op;
  uint32_t origin = 0;
  TEEC_Result res;

  /* Line by line, so that the secure world's log lines (stderr) interleave in order. */
  setvbuf(stdout, NULL, _IOLBF, 0);
  printf("swemu demo: a normal-world client calling the hello TA through the GP TEE Client "
         "API\n\n");

  res = TEEC_InitializeContext(NULL, &ctx);
  step("TEEC_InitializeContext (starts the secure world)", res, TEEC_SUCCESS, 0);
  if (res != TEEC_SUCCESS)
    return 1;

  res = TEEC_OpenSession(&ctx, &sess, &kHelloUuid, TEEC_LOGIN_PUBLIC, NULL, NULL, &origin);
  step("TEEC_OpenSession hello 8296e59f-0c73-418b-8e62-20011adec8d6", res, TEEC_SUCCESS, origin);
  if (res != TEEC_SUCCESS) {
    TEEC_FinalizeContext(&ctx);
    return 1;
  }

  /* A value parameter, incremented by the TA. */
  memset(&op, 0, sizeof op);
  op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INOUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);
  op.params[0].value.a = 41;
  res = TEEC_InvokeCommand(&sess, HELLO_CMD_INC_VALUE, &op, &origin);
  step("INC_VALUE 41", res, TEEC_SUCCESS, origin);
  printf("         value is now %u\n", op.params[0].value.a);
  if (op.params[0].value.a != 42)
    failures++;

  /* Shared memory allocated through the API, reversed in place by the TA. */
  TEEC_SharedMemory shm;
  memset(&shm, 0, sizeof shm);
  shm.size = 17;
  shm.flags = TEEC_MEM_INPUT | TEEC_MEM_OUTPUT;
  res = TEEC_AllocateSharedMemory(&ctx, &shm);
  step("TEEC_AllocateSharedMemory 17 bytes", res, TEEC_SUCCESS, 0);
  if (res == TEEC_SUCCESS) {
    memcpy(shm.buffer, "the secure world", 17);
    memset(&op, 0, sizeof op);
    op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_PARTIAL_INOUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);
    op.params[0].memref.parent = &shm;
    op.params[0].memref.offset = 0;
    op.params[0].memref.size = 16;
    res = TEEC_InvokeCommand(&sess, HELLO_CMD_REVERSE, &op, &origin);
    step("REVERSE \"the secure world\" in shared memory", res, TEEC_SUCCESS, origin);
    printf("         buffer is now \"%s\"\n", (char*)shm.buffer);
    if (memcmp(shm.buffer, "dlrow eruces eht", 16) != 0)
      failures++;
    TEEC_ReleaseSharedMemory(&shm);
  }

  /* Temporary memrefs: an output that is too small, then one that fits. */
  char in[] = "copied through the TA";
  char small[4];
  char out[64];
  memset(&op, 0, sizeof op);
  op.paramTypes =
      TEEC_PARAM_TYPES(TEEC_MEMREF_TEMP_INPUT, TEEC_MEMREF_TEMP_OUTPUT, TEEC_NONE, TEEC_NONE);
  op.params[0].tmpref.buffer = in;
  op.params[0].tmpref.size = sizeof in;
  op.params[1].tmpref.buffer = small;
  op.params[1].tmpref.size = sizeof small;
  res = TEEC_InvokeCommand(&sess, HELLO_CMD_COPY, &op, &origin);
  step("COPY into a 4-byte buffer", res, TEEC_ERROR_SHORT_BUFFER, origin);
  printf("         the TA asks for %zu bytes\n", op.params[1].tmpref.size);
  op.params[1].tmpref.buffer = out;
  op.params[1].tmpref.size = sizeof out;
  res = TEEC_InvokeCommand(&sess, HELLO_CMD_COPY, &op, &origin);
  step("COPY into a 64-byte buffer", res, TEEC_SUCCESS, origin);
  printf("         got %zu bytes: \"%s\"\n", op.params[1].tmpref.size, out);
  if (op.params[1].tmpref.size != sizeof in || strcmp(out, in) != 0)
    failures++;

  /* A panic ends the TA instance; the host process carries on. */
  memset(&op, 0, sizeof op);
  op.paramTypes = TEEC_PARAM_TYPES(TEEC_NONE, TEEC_NONE, TEEC_NONE, TEEC_NONE);
  res = TEEC_InvokeCommand(&sess, HELLO_CMD_PANIC, &op, &origin);
  step("PANIC (TEE_Panic in the TA)", res, TEEC_ERROR_TARGET_DEAD, origin);
  res = TEEC_InvokeCommand(&sess, HELLO_CMD_INC_VALUE, &op, &origin);
  step("any command after the panic", res, TEEC_ERROR_TARGET_DEAD, origin);

  TEEC_CloseSession(&sess);
  printf("[ ok ] TEEC_CloseSession\n");
  TEEC_FinalizeContext(&ctx);
  printf("[ ok ] TEEC_FinalizeContext\n\n");

  if (failures) {
    printf("demo: %d step(s) did not give the expected result\n", failures);
    return 1;
  }
  printf("demo: every step gave the expected result\n");
  return 0;
}
